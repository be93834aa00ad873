-- The integrated crisis service (ICJ, seed 004, R-CRISIS-1…4). A crisis is
-- a case in the one case model: a trajectory on route 'crisis' (its step,
-- links, obligations and history live where every case's do). This row
-- holds what only a crisis has, one per crisis trajectory and keyed by it:
-- the telephone report, the triage, the active assessment, the round-table
-- talk (RTO) and the Perspectiefplan Crisis. Participants are JSON lists of
-- {naam, rol, organisatie}. Written only by package crisis.
CREATE TABLE crises (
    id BIGINT PRIMARY KEY REFERENCES trajectories(id),
    gemeld_om {{timestamp}} NOT NULL,
    melder TEXT NOT NULL,
    melder_naam TEXT NOT NULL DEFAULT '',
    melder_telefoon TEXT NOT NULL DEFAULT '',
    anders_dan_gisteren TEXT NOT NULL,
    hulp_gestart_op DATE,
    -- The Toegang or GI whose process director joins the RTO, and the
    -- running trajectory it was found on (none: the Toegang of the youth's
    -- municipality).
    procesregisseur_org_id BIGINT REFERENCES organisations(id),
    procesregisseur_rol TEXT NOT NULL DEFAULT '',
    procesregisseur_traject_id BIGINT REFERENCES trajectories(id),
    triage TEXT NOT NULL DEFAULT '',
    problematiek TEXT NOT NULL DEFAULT '',
    deskundige TEXT NOT NULL DEFAULT '',
    deskundige_naam TEXT NOT NULL DEFAULT '',
    triage_toelichting TEXT NOT NULL DEFAULT '',
    triage_at {{timestamp}},
    advies TEXT NOT NULL DEFAULT '',
    ter_plaatse_om {{timestamp}},
    crisismedewerker TEXT NOT NULL DEFAULT '',
    deskundige_mee BOOLEAN NOT NULL DEFAULT FALSE,
    is_crisis BOOLEAN,
    inschatting_toelichting TEXT NOT NULL DEFAULT '',
    inschatting_at {{timestamp}},
    rto_op DATE,
    rto_deelnemers TEXT NOT NULL DEFAULT '[]',
    rto_perspectief TEXT NOT NULL DEFAULT '',
    rto_at {{timestamp}},
    plan_tekst TEXT NOT NULL DEFAULT '',
    plan_deelnemers TEXT NOT NULL DEFAULT '[]',
    plan_toelichting TEXT NOT NULL DEFAULT '',
    plan_at {{timestamp}},
    afgesloten_at {{timestamp}},
    created_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL
)
--;
-- The crisis care deployed: one row per form (a combination is several
-- rows of one inzet), with the written reasons why each lighter form does
-- not suffice when a heavier one is chosen.
CREATE TABLE crisis_inzet (
    id {{id}},
    crisis_id BIGINT NOT NULL REFERENCES crises(id),
    inzet INTEGER NOT NULL,
    vorm TEXT NOT NULL,
    begindatum DATE NOT NULL,
    einddatum DATE NOT NULL,
    waarom_niet_ambulant TEXT NOT NULL DEFAULT '',
    waarom_niet_netwerk TEXT NOT NULL DEFAULT '',
    toelichting TEXT NOT NULL DEFAULT '',
    recorded_by BIGINT REFERENCES users(id),
    recorded_at {{timestamp}} NOT NULL
)
--;
CREATE INDEX crisis_inzet_crisis ON crisis_inzet (crisis_id, id)
