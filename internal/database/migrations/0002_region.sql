-- Region configuration (DOMAIN.md R-ROUTE-3): per municipality and referral
-- route, whether a beschikking is issued or the route is beschikkingsvrij.
CREATE TABLE route_rules (
    municipality_id BIGINT NOT NULL REFERENCES organisations(id),
    route TEXT NOT NULL,
    beschikkingsvrij BOOLEAN NOT NULL,
    PRIMARY KEY (municipality_id, route)
)
--;
-- The arrangements (1–9, seed 002) a provider delivers.
CREATE TABLE provider_arrangements (
    organisation_id BIGINT NOT NULL REFERENCES organisations(id),
    arrangement INTEGER NOT NULL CHECK (arrangement BETWEEN 1 AND 9),
    PRIMARY KEY (organisation_id, arrangement)
)
