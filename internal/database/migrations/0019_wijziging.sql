-- Verzoek om wijziging (JW317, SPEC.md §3.3): while care runs the provider
-- asks the municipality to change the toewijzing (here: its end date); the
-- municipality honours it as a whole with a JW301 carrying the request's
-- ReferentieAanbieder, or refuses it with a JW319, within 5 working days
-- (OP346). One row per request the municipality received, written by its
-- receipt; the decision fills the status columns once.
CREATE TABLE wijzigingsverzoeken (
    id {{id}},
    toewijzing_id BIGINT NOT NULL REFERENCES toewijzingen(id),
    trajectory_id BIGINT NOT NULL REFERENCES trajectories(id),
    message_id BIGINT NOT NULL UNIQUE REFERENCES ijw_messages(id),
    referentie TEXT NOT NULL,
    reden TEXT NOT NULL,
    einddatum_oud DATE,
    einddatum_nieuw DATE,
    ontvangen_at {{timestamp}} NOT NULL,
    uiterlijk_at {{timestamp}} NOT NULL,
    status TEXT NOT NULL,
    reden_afwijzing TEXT NOT NULL DEFAULT '',
    motivering TEXT NOT NULL DEFAULT '',
    beslist_door BIGINT REFERENCES users(id),
    beslist_at {{timestamp}}
)
--;
CREATE INDEX wijzigingsverzoeken_trajectory ON wijzigingsverzoeken (trajectory_id, id)
