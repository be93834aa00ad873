-- Garantie na einde zorg (seed 001, step 12): within 3 months after the
-- definitive end of care, the same complaints resume care inside the
-- closed arrangement, without a new toewijzing and without a declaratie.
-- One row per resumption, recorded by the provider; append-only, as the
-- case's history it is part of.
CREATE TABLE garanties (
    id {{id}},
    toewijzing_id BIGINT NOT NULL REFERENCES toewijzingen(id),
    trajectory_id BIGINT NOT NULL REFERENCES trajectories(id),
    einde_zorg DATE NOT NULL,
    begindatum DATE NOT NULL,
    gemeld_door TEXT NOT NULL,
    toelichting TEXT NOT NULL,
    recorded_by BIGINT NOT NULL REFERENCES users(id),
    created_at {{timestamp}} NOT NULL
)
--;
CREATE INDEX garanties_toewijzing ON garanties (toewijzing_id)
--;
{{forbid_change garanties}}
