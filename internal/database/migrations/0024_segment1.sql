-- Segment-1 coordination (seed 003, issue 15): the intake desk's
-- registration, judgement, intake talk and aanmeldtafel advice, the
-- coordination level decided by three people, the regievoerder's treatment
-- plan, signals and meldcode actions, the closing with its FOA, and the
-- consultations of the expert teams. Every table is keyed by the
-- trajectory it belongs to; package segment1 owns them all.
CREATE TABLE seg1_cases (
    trajectory_id BIGINT PRIMARY KEY REFERENCES trajectories(id),
    desk_org_id BIGINT NOT NULL REFERENCES organisations(id),
    fase TEXT NOT NULL,
    overgangsclient BOOLEAN NOT NULL DEFAULT FALSE,
    aanmeldreden TEXT NOT NULL DEFAULT '',
    toestemming_vorm TEXT NOT NULL DEFAULT '',
    toestemming_door TEXT NOT NULL DEFAULT '',
    toestemming_op DATE,
    aangemeld_at {{timestamp}},
    urgentie TEXT NOT NULL DEFAULT '',
    start_uiterlijk {{timestamp}},
    beoordeling_toelichting TEXT NOT NULL DEFAULT '',
    beoordeeld_at {{timestamp}},
    aanmeldgesprek_op DATE,
    aanmeldgesprek_verslag TEXT NOT NULL DEFAULT '',
    advies_segment1 BOOLEAN,
    advies_regievoerder_id BIGINT REFERENCES organisations(id),
    advies_hulpvorm TEXT NOT NULL DEFAULT '',
    advies_ander_segment TEXT NOT NULL DEFAULT '',
    advies_toelichting TEXT NOT NULL DEFAULT '',
    advies_at {{timestamp}},
    teruggelegd_toelichting TEXT NOT NULL DEFAULT '',
    regievoerder_id BIGINT REFERENCES organisations(id),
    aangemeld_bij_regievoerder_at {{timestamp}},
    coordinator_org_id BIGINT REFERENCES organisations(id),
    coordinatie_gevraagd_at {{timestamp}},
    coordinatie_toestemming_vorm TEXT NOT NULL DEFAULT '',
    coordinatie_toestemming_door TEXT NOT NULL DEFAULT '',
    coordinatie_toestemming_op DATE,
    niveau TEXT NOT NULL DEFAULT '',
    niveau_sinds {{timestamp}},
    hulp_gestart DATE,
    uitstroom TEXT NOT NULL DEFAULT '',
    einddatum DATE,
    naar_segment TEXT NOT NULL DEFAULT '',
    overdracht TEXT NOT NULL DEFAULT '',
    lopende_hulp_json TEXT NOT NULL DEFAULT '[]',
    afronding_at {{timestamp}},
    einde_akkoord_at {{timestamp}},
    einde_akkoord_door BIGINT REFERENCES users(id),
    einde_toelichting TEXT NOT NULL DEFAULT '',
    gesloten_at {{timestamp}},
    gesloten_toelichting TEXT NOT NULL DEFAULT '',
    created_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL
)
--;
CREATE INDEX seg1_cases_desk ON seg1_cases (desk_org_id, fase)
--;
-- The referrer's phone consultations with the intake desk before the
-- registration (seed 003 §1.1).
CREATE TABLE seg1_contacten (
    id {{id}},
    trajectory_id BIGINT NOT NULL REFERENCES trajectories(id),
    gesproken_op DATE NOT NULL,
    met TEXT NOT NULL,
    samenvatting TEXT NOT NULL,
    user_id BIGINT REFERENCES users(id),
    organisation_id BIGINT REFERENCES organisations(id),
    at {{timestamp}} NOT NULL
)
--;
CREATE INDEX seg1_contacten_trajectory ON seg1_contacten (trajectory_id, id)
--;
-- A proposal to set, escalate or de-escalate the coordination level, and
-- the answers of the three deciders: one row per decider, each a different
-- person. The level changes at the third agreement.
CREATE TABLE seg1_voorstellen (
    id {{id}},
    trajectory_id BIGINT NOT NULL REFERENCES trajectories(id),
    soort TEXT NOT NULL,
    van TEXT NOT NULL,
    naar TEXT NOT NULL,
    criteria TEXT NOT NULL,
    veilig_6_maanden BOOLEAN NOT NULL DEFAULT FALSE,
    toelichting TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at {{timestamp}} NOT NULL,
    besloten_at {{timestamp}}
)
--;
CREATE INDEX seg1_voorstellen_trajectory ON seg1_voorstellen (trajectory_id, id)
--;
CREATE TABLE seg1_instemmingen (
    voorstel_id BIGINT NOT NULL REFERENCES seg1_voorstellen(id),
    beslisser TEXT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users(id),
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    akkoord BOOLEAN NOT NULL,
    toelichting TEXT NOT NULL DEFAULT '',
    at {{timestamp}} NOT NULL,
    PRIMARY KEY (voorstel_id, beslisser)
)
--;
CREATE UNIQUE INDEX seg1_instemmingen_user ON seg1_instemmingen (voorstel_id, user_id)
--;
-- Safety assessments: six consecutive months of structural safety are
-- counted from them.
CREATE TABLE seg1_taxaties (
    id {{id}},
    trajectory_id BIGINT NOT NULL REFERENCES trajectories(id),
    datum DATE NOT NULL,
    veilig BOOLEAN NOT NULL,
    toelichting TEXT NOT NULL,
    user_id BIGINT REFERENCES users(id),
    organisation_id BIGINT REFERENCES organisations(id),
    at {{timestamp}} NOT NULL
)
--;
CREATE INDEX seg1_taxaties_trajectory ON seg1_taxaties (trajectory_id, datum)
--;
-- The regievoerder's treatment plan, one row per version.
CREATE TABLE seg1_plannen (
    id {{id}},
    trajectory_id BIGINT NOT NULL REFERENCES trajectories(id),
    versie INTEGER NOT NULL,
    tekst TEXT NOT NULL,
    evaluatie_op DATE,
    user_id BIGINT REFERENCES users(id),
    organisation_id BIGINT REFERENCES organisations(id),
    at {{timestamp}} NOT NULL,
    UNIQUE (trajectory_id, versie)
)
--;
CREATE TABLE seg1_evaluaties (
    id {{id}},
    trajectory_id BIGINT NOT NULL REFERENCES trajectories(id),
    plan_versie INTEGER NOT NULL,
    soort TEXT NOT NULL,
    datum DATE NOT NULL,
    tekst TEXT NOT NULL,
    met_jeugdige BOOLEAN NOT NULL,
    met_verwijzer BOOLEAN NOT NULL,
    user_id BIGINT REFERENCES users(id),
    organisation_id BIGINT REFERENCES organisations(id),
    at {{timestamp}} NOT NULL
)
--;
CREATE INDEX seg1_evaluaties_trajectory ON seg1_evaluaties (trajectory_id, id)
--;
-- Signals to the coordinator (a need outside the provider's scope) and
-- meldcode actions (the other side is informed at once).
CREATE TABLE seg1_signalen (
    id {{id}},
    trajectory_id BIGINT NOT NULL REFERENCES trajectories(id),
    soort TEXT NOT NULL,
    onderwerp TEXT NOT NULL,
    tekst TEXT NOT NULL,
    user_id BIGINT REFERENCES users(id),
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    at {{timestamp}} NOT NULL,
    opgepakt_at {{timestamp}},
    opgepakt_door BIGINT REFERENCES users(id),
    reactie TEXT NOT NULL DEFAULT ''
)
--;
CREATE INDEX seg1_signalen_trajectory ON seg1_signalen (trajectory_id, id)
--;
-- A zorgmelding or VTO drafted by the regievoerder or the coordinator and
-- completed by the other: written together.
CREATE TABLE seg1_meldingen (
    id {{id}},
    trajectory_id BIGINT NOT NULL REFERENCES trajectories(id),
    soort TEXT NOT NULL,
    tekst TEXT NOT NULL,
    user_id BIGINT REFERENCES users(id),
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    at {{timestamp}} NOT NULL,
    akkoord_door BIGINT REFERENCES users(id),
    akkoord_org BIGINT REFERENCES organisations(id),
    akkoord_at {{timestamp}},
    aanvulling TEXT NOT NULL DEFAULT ''
)
--;
CREATE INDEX seg1_meldingen_trajectory ON seg1_meldingen (trajectory_id, id)
--;
-- The expert teams a case can be brought to, and the kind of each (the
-- kind decides the days it meets).
CREATE TABLE seg1_teams (
    organisation_id BIGINT PRIMARY KEY REFERENCES organisations(id),
    soort TEXT NOT NULL
)
--;
CREATE TABLE seg1_consultaties (
    id {{id}},
    trajectory_id BIGINT NOT NULL REFERENCES trajectories(id),
    team_org_id BIGINT NOT NULL REFERENCES organisations(id),
    soort TEXT NOT NULL,
    vraag TEXT NOT NULL,
    user_id BIGINT REFERENCES users(id),
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    gevraagd_at {{timestamp}} NOT NULL,
    bespreekdag DATE NOT NULL,
    advies TEXT NOT NULL DEFAULT '',
    advies_at {{timestamp}},
    advies_door BIGINT REFERENCES users(id)
)
--;
CREATE INDEX seg1_consultaties_team ON seg1_consultaties (team_org_id, advies_at, bespreekdag)
--;
CREATE INDEX seg1_consultaties_trajectory ON seg1_consultaties (trajectory_id, id)
