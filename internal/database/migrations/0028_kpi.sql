-- Issue 16: the facts the segment-1 KPIs of seed 004 need that no earlier
-- issue recorded, and the region's KPI settings.
--
-- A residential stay (verblijf) of a segment-1 youth, recorded by the
-- regievoerder in the case: its kind (treatment residence, a hybrid form,
-- a family home, foster care), whether a parent stays too, and its days.
-- Admission days, hybrid use, moves and "under 12 only with a parent" are
-- counted from these rows.
CREATE TABLE seg1_verblijven (
    id {{id}},
    trajectory_id BIGINT NOT NULL REFERENCES trajectories(id),
    soort TEXT NOT NULL,
    met_ouder BOOLEAN NOT NULL DEFAULT FALSE,
    begin_op DATE NOT NULL,
    eind_op DATE,
    user_id BIGINT REFERENCES users(id),
    organisation_id BIGINT REFERENCES organisations(id),
    at {{timestamp}} NOT NULL
)
--;
CREATE INDEX seg1_verblijven_trajectory ON seg1_verblijven (trajectory_id, id)
--;
-- A region's KPI settings (data, not code): the baseline year each
-- relative KPI is measured against, a baseline figure where the records do
-- not go back that far, and the targets for 2026-01-01 and 2028-01-01.
-- Without a row the seed's targets hold and the baseline is the year
-- before the first recorded year.
CREATE TABLE region_kpi (
    region_id BIGINT NOT NULL REFERENCES regions(id),
    kpi TEXT NOT NULL,
    basisjaar INTEGER NOT NULL,
    basiswaarde DOUBLE PRECISION,
    doel_2026 DOUBLE PRECISION NOT NULL,
    doel_2028 DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (region_id, kpi)
)
