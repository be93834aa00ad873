-- One case model for the three referral routes (issue 11).
--
-- Need-to-know per trajectory: an organisation is linked to a trajectory,
-- not to a youth. A youth's record is visible to whoever is linked to one of
-- its trajectories; a trajectory only to those linked to it. client_id is
-- kept beside the trajectory so that "may see the youth" is one index probe.
CREATE TABLE trajectory_links (
    trajectory_id BIGINT NOT NULL REFERENCES trajectories(id),
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    client_id BIGINT NOT NULL REFERENCES clients(id),
    reason TEXT NOT NULL,
    since {{timestamp}} NOT NULL,
    PRIMARY KEY (trajectory_id, organisation_id)
)
--;
CREATE INDEX trajectory_links_org ON trajectory_links (organisation_id, client_id)
--;
CREATE INDEX trajectory_links_client ON trajectory_links (client_id, organisation_id)
--;
INSERT INTO trajectory_links (trajectory_id, organisation_id, client_id, reason, since)
SELECT t.id, l.organisation_id, l.client_id, l.reason, l.since FROM client_links l JOIN trajectories t ON t.client_id = l.client_id
--;
DROP TABLE client_links
--;
-- The access log names the trajectory an entry concerns, where there is one.
ALTER TABLE access_log ADD COLUMN trajectory_id BIGINT
--;
-- Obligations: what is due, for which trajectory, owned by which
-- organisation and role, due at which moment, and when it was done. Written
-- in the transaction of the change that creates or fulfils it; Mijn werk of
-- every role reads the open ones, earliest due first.
CREATE TABLE obligations (
    id {{id}},
    kind TEXT NOT NULL,
    trajectory_id BIGINT REFERENCES trajectories(id),
    owner_org_id BIGINT NOT NULL REFERENCES organisations(id),
    owner_role TEXT NOT NULL,
    label TEXT NOT NULL,
    due_at {{timestamp}} NOT NULL,
    created_at {{timestamp}} NOT NULL,
    done_at {{timestamp}},
    done_by BIGINT REFERENCES users(id)
)
--;
CREATE INDEX obligations_open ON obligations (owner_org_id, due_at, id) WHERE done_at IS NULL
--;
CREATE INDEX obligations_trajectory ON obligations (trajectory_id, id)
--;
INSERT INTO obligations (kind, trajectory_id, owner_org_id, owner_role, label, due_at, created_at)
SELECT 'stap:' || step, id, owner_org_id,
    CASE step WHEN 'acceptatie' THEN 'jeugdhulpaanbieder' WHEN 'beknopt_plan' THEN 'jeugdhulpaanbieder' WHEN 'besluit' THEN 'backoffice' ELSE 'toegangsmedewerker' END,
    CASE step WHEN 'ipva' THEN 'IPVA opstellen met het gezin en laten ondertekenen' WHEN 'arrangement' THEN 'Arrangement en intensiteit kiezen'
        WHEN 'aanbieder' THEN 'Aanbieder kiezen met het gezin en het IPVA delen' WHEN 'acceptatie' THEN 'Verwijzing accepteren of afwijzen'
        WHEN 'beknopt_plan' THEN 'Beknopt plan opstellen' WHEN 'akkoord' THEN 'Beknopt plan beoordelen' WHEN 'aanvraag' THEN 'Aanvraag indienen bij de gemeente'
        ELSE 'Besluiten over de aanvraag' END,
    due_on, updated_at
FROM trajectories WHERE owner_org_id IS NOT NULL AND due_on IS NOT NULL
--;
DROP INDEX trajectories_owner_due_id
--;
ALTER TABLE trajectories DROP COLUMN owner_org_id
--;
ALTER TABLE trajectories DROP COLUMN due_on
--;
-- History: every step, decision, consent, signature, document and message
-- of a trajectory, in order. Append-only; later KPIs count from it.
CREATE TABLE events (
    id {{id}},
    trajectory_id BIGINT NOT NULL REFERENCES trajectories(id),
    at {{timestamp}} NOT NULL,
    kind TEXT NOT NULL,
    what TEXT NOT NULL,
    user_id BIGINT REFERENCES users(id),
    organisation_id BIGINT REFERENCES organisations(id)
)
--;
CREATE INDEX events_trajectory ON events (trajectory_id, id)
--;
{{forbid_change events}}
--;
-- The basis of a referral on the GI route (court order) and the medical
-- route (the referrer's codes), and the GI's bepaling jeugdhulp.
ALTER TABLE trajectories ADD COLUMN grondslag_json TEXT NOT NULL DEFAULT '{}'
--;
ALTER TABLE trajectories ADD COLUMN bepaling_at {{timestamp}}
--;
ALTER TABLE trajectories ADD COLUMN zorg_start DATE
--;
ALTER TABLE trajectories ADD COLUMN verzoek_at {{timestamp}}
--;
ALTER TABLE trajectories ADD COLUMN onderzoek_tot {{timestamp}}
--;
-- Which kind of GI an organisation is (JBB, WSG, LDH): it decides whether a
-- provider sends a verzoek om toewijzing after a bepaling (seed 001, step 7).
ALTER TABLE organisations ADD COLUMN gi_kind TEXT NOT NULL DEFAULT ''
--;
-- Messages belong to a trajectory; a verzoek om toewijzing and its answers
-- are matched by the provider's reference.
ALTER TABLE ijw_messages ADD COLUMN trajectory_id BIGINT REFERENCES trajectories(id)
--;
ALTER TABLE ijw_messages ADD COLUMN referentie TEXT NOT NULL DEFAULT ''
--;
CREATE INDEX ijw_messages_trajectory ON ijw_messages (trajectory_id, id)
--;
-- Documents other than decisions (the GI's letter to the provider) are
-- stored as sent too.
ALTER TABLE documents ADD COLUMN title TEXT NOT NULL DEFAULT ''
