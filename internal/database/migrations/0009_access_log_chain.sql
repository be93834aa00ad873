-- The access log becomes a hash chain (internal/access/chain.go): every
-- entry stores the hash of the entry before it and its own hash, over all
-- its fields and the members of the set of youths it names. Append-only
-- like the rest of the log.
ALTER TABLE access_log ADD COLUMN prev_hash TEXT
--;
ALTER TABLE access_log ADD COLUMN hash TEXT
--;
-- The head of the chain: the last entry and its hash. Every write of the
-- log reads and updates it in its own transaction (on PostgreSQL with
-- SELECT … FOR UPDATE), which serialises the chain. The rows already in the
-- log keep no hash (the triggers forbid updating them, and SQL cannot
-- compute the hash on both engines): legacy_until marks them, and the first
-- write computes their chain as they stand and links its entry to it, so
-- from then on changing them breaks the chain too.
CREATE TABLE access_log_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    legacy_until BIGINT NOT NULL,
    last_id BIGINT NOT NULL,
    hash TEXT
)
--;
INSERT INTO access_log_head (id, legacy_until, last_id, hash)
SELECT 1, COALESCE(MAX(id), 0), COALESCE(MAX(id), 0), NULL FROM access_log
