-- Lump-sum finance of segment 1 (issue 16, R-L-3, seed 004 "Financiële
-- afspraken"). Package financiering owns these tables; the actual use,
-- the advances, the settlement and the reserve are computed from them and
-- from the billing, never stored.
--
-- The lump sum a consortium (samenwerkingsverband) is paid for a year, in
-- eurocent, as the region's purchasing team or administrator entered it.
CREATE TABLE lumpsums (
    id {{id}},
    consortium_id BIGINT NOT NULL REFERENCES organisations(id),
    jaar INTEGER NOT NULL,
    bedrag BIGINT NOT NULL CHECK (bedrag >= 0),
    gewijzigd_door BIGINT REFERENCES users(id),
    updated_at {{timestamp}} NOT NULL,
    UNIQUE (consortium_id, jaar)
)
--;
-- A municipality's historical use of segment-1 care, in eurocent: the
-- basis of its share of the advance (voorschot) for year jaar.
CREATE TABLE historisch_gebruik (
    id {{id}},
    gemeente_id BIGINT NOT NULL REFERENCES organisations(id),
    jaar INTEGER NOT NULL,
    bedrag BIGINT NOT NULL CHECK (bedrag >= 0),
    gewijzigd_door BIGINT REFERENCES users(id),
    updated_at {{timestamp}} NOT NULL,
    UNIQUE (gemeente_id, jaar)
)
