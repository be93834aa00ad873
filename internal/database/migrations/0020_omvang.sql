-- The volume the decision assigned the toewijzing's (first) product, as
-- its JW301 carries it: Volume units of Eenheid (WJ756) per Frequentie
-- (WJ757: 4 per maand, 6 for the whole toewijzing). Older rows, and every
-- arrangement, are one piece (82) for the whole toewijzing. Billing
-- checks declared volumes against it (TR321, TR322); further products of
-- a toewijzing keep theirs in the JW301.
ALTER TABLE toewijzingen ADD COLUMN omvang_volume BIGINT NOT NULL DEFAULT 1
--;
ALTER TABLE toewijzingen ADD COLUMN omvang_eenheid TEXT NOT NULL DEFAULT '82'
--;
ALTER TABLE toewijzingen ADD COLUMN omvang_frequentie TEXT NOT NULL DEFAULT '6'
