-- Regions as data (issue 15): one installation can serve more than one
-- youth-care region (Hart van Brabant, Noord- en Midden-Limburg). A region
-- has its municipalities (one of them the host, R-ROUTE-2), organisations
-- and its calendar's choices (Goede Vrijdag, Bevrijdingsdag every year).
-- Every organisation belongs to one region; what users pick from (the
-- municipalities, the providers, the wegwijzer) is their own region's.
-- An installation that had organisations before gets one region holding
-- them all.
CREATE TABLE regions (
    id {{id}},
    naam TEXT NOT NULL UNIQUE,
    goede_vrijdag BOOLEAN NOT NULL DEFAULT TRUE,
    bevrijdingsdag_elk_jaar BOOLEAN NOT NULL DEFAULT TRUE,
    created_at {{timestamp}} NOT NULL
)
--;
INSERT INTO regions (naam, created_at) SELECT 'Regio', CURRENT_TIMESTAMP WHERE EXISTS (SELECT 1 FROM organisations)
--;
ALTER TABLE organisations ADD COLUMN region_id BIGINT REFERENCES regions(id)
--;
UPDATE organisations SET region_id = (SELECT MIN(id) FROM regions)
--;
CREATE INDEX organisations_region ON organisations (region_id, kind)
--;
-- A segment-1 consortium (samenwerkingsverband, seed 004) and its members:
-- partners, who share the contract, and subcontractors (onderaannemers).
CREATE TABLE consortium_members (
    consortium_id BIGINT NOT NULL REFERENCES organisations(id),
    member_id BIGINT NOT NULL REFERENCES organisations(id),
    rol TEXT NOT NULL,
    PRIMARY KEY (consortium_id, member_id)
)
