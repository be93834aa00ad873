-- The referral route (DOMAIN.md §3 steps 1–7). One row per trajectory; the
-- IPVA and beknopt plan are stored as JSON documents because their sections
-- are edited as a whole and versioned for autosave.
CREATE TABLE trajectories (
    id {{id}},
    client_id BIGINT NOT NULL REFERENCES clients(id),
    route TEXT NOT NULL,
    municipality_id BIGINT NOT NULL REFERENCES organisations(id),
    referrer_org_id BIGINT NOT NULL REFERENCES organisations(id),
    eerste_melding DATE NOT NULL,
    step TEXT NOT NULL,
    ipva_json TEXT NOT NULL DEFAULT '{}',
    ipva_version INTEGER NOT NULL DEFAULT 0,
    ipva_done_on DATE,
    ipva_late_reason TEXT NOT NULL DEFAULT '',
    arrangement INTEGER,
    intensiteit INTEGER,
    step5a_json TEXT NOT NULL DEFAULT '{}',
    products_json TEXT NOT NULL DEFAULT '[]',
    provider_id BIGINT REFERENCES organisations(id),
    provider_status TEXT NOT NULL DEFAULT '',
    provider_reason TEXT NOT NULL DEFAULT '',
    ipva_shared_on DATE,
    plan_json TEXT NOT NULL DEFAULT '{}',
    plan_submitted_at {{timestamp}},
    akkoord TEXT NOT NULL DEFAULT '',
    akkoord_note TEXT NOT NULL DEFAULT '',
    geldkwestie BOOLEAN NOT NULL DEFAULT FALSE,
    aanvraag_at {{timestamp}},
    besluit TEXT NOT NULL DEFAULT '',
    besluit_at {{timestamp}},
    created_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL
)
--;
CREATE INDEX trajectories_client ON trajectories (client_id)
--;
CREATE INDEX trajectories_step ON trajectories (step)
--;
-- Parents and custodians (gezaghebbenden) of a youth.
CREATE TABLE client_relations (
    id {{id}},
    client_id BIGINT NOT NULL REFERENCES clients(id),
    name TEXT NOT NULL,
    relation TEXT NOT NULL,
    gezag BOOLEAN NOT NULL,
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT ''
)
--;
CREATE INDEX client_relations_client ON client_relations (client_id)
--;
-- Consent to share the IPVA with a named provider (R-IPVA-1, R-IPVA-2).
CREATE TABLE consents (
    id {{id}},
    trajectory_id BIGINT NOT NULL REFERENCES trajectories(id),
    provider_id BIGINT NOT NULL REFERENCES organisations(id),
    form TEXT NOT NULL,
    given_by TEXT NOT NULL,
    given_on DATE NOT NULL,
    recorded_by BIGINT NOT NULL REFERENCES users(id),
    withdrawn_at {{timestamp}}
)
--;
-- Signatures on the IPVA: author, youth, parent/custodian (R-IPVA-2).
CREATE TABLE signatures (
    id {{id}},
    trajectory_id BIGINT NOT NULL REFERENCES trajectories(id),
    signer TEXT NOT NULL,
    name TEXT NOT NULL,
    signed_on DATE NOT NULL,
    recorded_by BIGINT NOT NULL REFERENCES users(id)
)
--;
-- Toewijzingen and the JW301 that announced each: at most one JW301 per
-- toewijzing, enforced by the unique key.
CREATE TABLE toewijzingen (
    id {{id}},
    trajectory_id BIGINT NOT NULL UNIQUE REFERENCES trajectories(id),
    nummer BIGINT NOT NULL UNIQUE,
    provider_id BIGINT NOT NULL REFERENCES organisations(id),
    municipality_id BIGINT NOT NULL REFERENCES organisations(id),
    product_category TEXT NOT NULL,
    product_code TEXT NOT NULL,
    ingangsdatum DATE NOT NULL,
    einddatum DATE,
    beschikking BOOLEAN NOT NULL,
    created_at {{timestamp}} NOT NULL
)
--;
CREATE TABLE ijw_messages (
    id {{id}},
    direction TEXT NOT NULL,
    type TEXT NOT NULL,
    sender TEXT NOT NULL,
    receiver TEXT NOT NULL,
    identificatie TEXT NOT NULL,
    toewijzing_id BIGINT REFERENCES toewijzingen(id),
    xml TEXT NOT NULL,
    created_at {{timestamp}} NOT NULL,
    UNIQUE (sender, type, identificatie)
)
--;
CREATE UNIQUE INDEX ijw_messages_one_jw301 ON ijw_messages (toewijzing_id, type)
--;
-- Documents that are decisions (the beschikking) are stored as sent.
CREATE TABLE documents (
    id {{id}},
    trajectory_id BIGINT NOT NULL REFERENCES trajectories(id),
    kind TEXT NOT NULL,
    pdf BYTEA NOT NULL,
    created_at {{timestamp}} NOT NULL
)
--;
-- The product catalogue for segment-3 care (R-ARR-2), maintained by the
-- administrator.
CREATE TABLE products (
    category TEXT NOT NULL,
    code TEXT NOT NULL,
    description TEXT NOT NULL,
    unit TEXT NOT NULL,
    PRIMARY KEY (category, code)
)
--;
-- Providers' current waiting time for the Wegwijzer, entered by the provider.
CREATE TABLE provider_waiting (
    organisation_id BIGINT PRIMARY KEY REFERENCES organisations(id),
    weeks INTEGER NOT NULL,
    contact TEXT NOT NULL DEFAULT '',
    updated_at {{timestamp}} NOT NULL
)
