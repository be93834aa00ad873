-- A region's own terms (issue 15, "regions as data: calendars and
-- terms"): a region may set the term of a step of a route (key
-- "<route>:<step>", e.g. "toegang:ipva") to another number of calendar
-- days, working days, weeks or hours than the sources' default in the
-- code. Without a row the default holds.
CREATE TABLE region_terms (
    region_id BIGINT NOT NULL REFERENCES regions(id),
    sleutel TEXT NOT NULL,
    aantal INTEGER NOT NULL,
    eenheid TEXT NOT NULL,
    PRIMARY KEY (region_id, sleutel)
)
