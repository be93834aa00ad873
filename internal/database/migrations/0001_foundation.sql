-- Organisations: municipalities, Toegang teams, GIs, medical practices,
-- providers, the segment-1 intake desk, the crisis service and the region.
CREATE TABLE organisations (
    id {{id}},
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    cbs_code TEXT,
    agb_code TEXT,
    municipality_id BIGINT REFERENCES organisations(id),
    host_municipality BOOLEAN NOT NULL DEFAULT FALSE,
    created_at {{timestamp}} NOT NULL
)
--;
CREATE UNIQUE INDEX organisations_cbs ON organisations (cbs_code)
--;
CREATE TABLE users (
    id {{id}},
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    password_hash TEXT,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until {{timestamp}},
    created_at {{timestamp}} NOT NULL
)
--;
CREATE TABLE user_roles (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    PRIMARY KEY (user_id, role)
)
--;
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at {{timestamp}} NOT NULL,
    last_seen_at {{timestamp}} NOT NULL
)
--;
CREATE INDEX sessions_user ON sessions (user_id)
--;
CREATE TABLE api_tokens (
    id {{id}},
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at {{timestamp}} NOT NULL,
    last_used_at {{timestamp}},
    revoked_at {{timestamp}}
)
--;
-- Clients: the youths. Personal data; every read and write goes through the
-- access gate and leaves an access_log row.
CREATE TABLE clients (
    id {{id}},
    bsn TEXT NOT NULL UNIQUE,
    given_name TEXT NOT NULL,
    family_name TEXT NOT NULL,
    birth_date DATE NOT NULL,
    street TEXT NOT NULL,
    house_number TEXT NOT NULL,
    postcode TEXT NOT NULL,
    city TEXT NOT NULL,
    municipality_id BIGINT NOT NULL REFERENCES organisations(id),
    created_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL
)
--;
-- Which organisations are involved in a client's trajectory: the basis of
-- need-to-know (R-ROLE-1).
CREATE TABLE client_links (
    client_id BIGINT NOT NULL REFERENCES clients(id),
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    reason TEXT NOT NULL,
    since {{timestamp}} NOT NULL,
    PRIMARY KEY (client_id, organisation_id)
)
--;
CREATE INDEX client_links_org ON client_links (organisation_id, client_id)
--;
-- The NEN 7513 access log (R-ROLE-2). Append-only: names are copied so that
-- an entry stays readable when an account or organisation changes.
CREATE TABLE access_log (
    id {{id}},
    at {{timestamp}} NOT NULL,
    user_id BIGINT,
    user_email TEXT NOT NULL,
    organisation_id BIGINT,
    organisation_name TEXT NOT NULL,
    on_behalf_of TEXT NOT NULL,
    client_id BIGINT,
    action TEXT NOT NULL,
    object TEXT NOT NULL,
    purpose TEXT NOT NULL,
    outcome TEXT NOT NULL,
    channel TEXT NOT NULL,
    source TEXT NOT NULL
)
--;
CREATE INDEX access_log_client ON access_log (client_id, id)
--;
CREATE INDEX access_log_user ON access_log (user_id, id)
--;
{{forbid_change access_log}}
