-- A list shows many youths at once; its access-log entry names them as one
-- set instead of repeating the whole entry per youth. A set is stored once,
-- by the digest of its sorted client ids, and every later view of the same
-- list refers to it: a start page of 25 youths costs one log row, not 25.
-- Reading the log expands the set again into one entry per youth, so the
-- trail of a youth and the CSV export are as before. Both tables are
-- append-only like the log itself.
CREATE TABLE access_client_sets (
    id {{id}},
    digest TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL
)
--;
CREATE TABLE access_client_set_members (
    set_id BIGINT NOT NULL REFERENCES access_client_sets(id),
    client_id BIGINT NOT NULL,
    PRIMARY KEY (client_id, set_id)
)
--;
CREATE INDEX access_client_set_members_set ON access_client_set_members (set_id, client_id)
--;
ALTER TABLE access_log ADD COLUMN client_set_id BIGINT REFERENCES access_client_sets(id)
--;
CREATE INDEX access_log_client_set ON access_log (client_set_id, id)
--;
{{forbid_change access_client_sets}}
--;
{{forbid_change access_client_set_members}}
