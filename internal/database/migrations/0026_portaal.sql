-- The family's own view (issue 16, package portaal). The family logs in
-- with DigiD (stood in for by OpenID Connect) and is known by the BSN in
-- the ID token: the youth by the BSN of their client record, a parent or
-- custodian by the BSN recorded here for their relation.
CREATE TABLE portaal_ouders (
    relation_id BIGINT PRIMARY KEY REFERENCES client_relations(id),
    bsn TEXT NOT NULL
)
--;
CREATE INDEX portaal_ouders_bsn ON portaal_ouders (bsn)
--;
-- A family member's session: who logged in (by BSN; the memberships are
-- looked up again on every request, so a parent whose child turns 16 loses
-- the view at once), with its CSRF token.
CREATE TABLE portaal_sessions (
    token_hash TEXT PRIMARY KEY,
    bsn TEXT NOT NULL,
    csrf_token TEXT NOT NULL,
    created_at {{timestamp}} NOT NULL,
    last_seen_at {{timestamp}} NOT NULL
)
-- Consent and signatures given by the family themselves in the portal have
-- no staff member who recorded them: recorded_by becomes optional (NULL:
-- given by the family in the portal). SQLite cannot drop NOT NULL, so
-- there the two tables are rebuilt with the same ids.
--;
{{postgres}} ALTER TABLE consents ALTER COLUMN recorded_by DROP NOT NULL
--;
{{postgres}} ALTER TABLE signatures ALTER COLUMN recorded_by DROP NOT NULL
--;
{{sqlite}} CREATE TABLE consents_0026 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    trajectory_id BIGINT NOT NULL REFERENCES trajectories(id),
    provider_id BIGINT NOT NULL REFERENCES organisations(id),
    form TEXT NOT NULL,
    given_by TEXT NOT NULL,
    given_on DATE NOT NULL,
    recorded_by BIGINT REFERENCES users(id),
    withdrawn_at TIMESTAMP
)
--;
{{sqlite}} INSERT INTO consents_0026 (id, trajectory_id, provider_id, form, given_by, given_on, recorded_by, withdrawn_at)
SELECT id, trajectory_id, provider_id, form, given_by, given_on, recorded_by, withdrawn_at FROM consents
--;
{{sqlite}} DROP TABLE consents
--;
{{sqlite}} ALTER TABLE consents_0026 RENAME TO consents
--;
{{sqlite}} CREATE TABLE signatures_0026 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    trajectory_id BIGINT NOT NULL REFERENCES trajectories(id),
    signer TEXT NOT NULL,
    name TEXT NOT NULL,
    signed_on DATE NOT NULL,
    recorded_by BIGINT REFERENCES users(id)
)
--;
{{sqlite}} INSERT INTO signatures_0026 (id, trajectory_id, signer, name, signed_on, recorded_by)
SELECT id, trajectory_id, signer, name, signed_on, recorded_by FROM signatures
--;
{{sqlite}} DROP TABLE signatures
--;
{{sqlite}} ALTER TABLE signatures_0026 RENAME TO signatures
