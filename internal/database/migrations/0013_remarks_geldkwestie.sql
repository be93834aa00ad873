-- Remarks between the referrer (Toegang, GI, medical referrer) and the
-- provider of a trajectory (issue 13): questions, a request to sharpen the
-- beknopt plan, a difference of opinion, answers. A thread is a record of
-- what was said, so it is append-only: a remark is corrected by another.
CREATE TABLE remarks (
    id {{id}},
    trajectory_id BIGINT NOT NULL REFERENCES trajectories(id),
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at {{timestamp}} NOT NULL
)
--;
CREATE INDEX remarks_trajectory ON remarks (trajectory_id, id)
--;
{{forbid_change remarks}}
--;
-- The purchasing team's outcome of a money question (geldkwestie) on a
-- beknopt plan: which way it was settled, its note, who and when.
ALTER TABLE trajectories ADD COLUMN geldkwestie_uitkomst TEXT NOT NULL DEFAULT ''
--;
ALTER TABLE trajectories ADD COLUMN geldkwestie_toelichting TEXT NOT NULL DEFAULT ''
--;
ALTER TABLE trajectories ADD COLUMN geldkwestie_at {{timestamp}}
