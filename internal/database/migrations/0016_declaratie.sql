-- Billing (issue 14, steps 9 and 11 of seed 001): contract tariffs, the
-- units a provider delivered, and the JW323 declaraties with their lines as
-- each side holds them. Package declaratie owns these tables.
--
-- The contract tariff per provider, product and period (TR418), in eurocent
-- per unit (eenheid, WJ756), kept by the administrator. For an arrangement
-- (category 50) the bedrag is the price of the whole arrangement.
CREATE TABLE tarieven (
    id {{id}},
    provider_id BIGINT NOT NULL REFERENCES organisations(id),
    categorie TEXT NOT NULL,
    code TEXT NOT NULL,
    ingangsdatum DATE NOT NULL,
    einddatum DATE,
    bedrag BIGINT NOT NULL CHECK (bedrag >= 0),
    eenheid TEXT NOT NULL,
    created_at {{timestamp}} NOT NULL,
    UNIQUE (provider_id, categorie, code, ingangsdatum)
)
--;
-- Units of a toegewezen product a provider delivered in a month (maand is
-- the first day of the month), recorded by the provider.
CREATE TABLE geleverde_eenheden (
    provider_id BIGINT NOT NULL REFERENCES organisations(id),
    toewijzing_nummer BIGINT NOT NULL,
    maand DATE NOT NULL,
    eenheden BIGINT NOT NULL CHECK (eenheden >= 0),
    updated_at {{timestamp}} NOT NULL,
    PRIMARY KEY (provider_id, toewijzing_nummer, maand)
)
--;
-- One JW323 as a side holds it: kant 'aanbieder' for what the provider
-- sent, 'gemeente' for what the municipality received and checked. When
-- both ends work on this platform a declaratie has one row per side.
-- Amounts are eurocent, signed (credit negative).
CREATE TABLE declaraties (
    id {{id}},
    kant TEXT NOT NULL,
    aanbieder TEXT NOT NULL,
    gemeente TEXT NOT NULL,
    nummer TEXT NOT NULL,
    identificatie TEXT NOT NULL,
    maand DATE NOT NULL,
    ingediend BIGINT NOT NULL,
    toegekend BIGINT,
    status TEXT NOT NULL,
    retourcodes TEXT NOT NULL DEFAULT '',
    created_at {{timestamp}} NOT NULL,
    answered_at {{timestamp}}
)
--;
CREATE INDEX declaraties_kant ON declaraties (kant, aanbieder, gemeente, maand)
--;
CREATE INDEX declaraties_nummer ON declaraties (kant, aanbieder, nummer)
--;
-- One prestatie of a declaratie with its outcome: status ingediend,
-- goedgekeurd, afgewezen (with retourcode and Dutch reason) or gecrediteerd
-- (an approved debit a later credit cancelled). aandeel is 1 or 2 for the
-- first and second half of an arrangement (seed 001), 0 for a product.
CREATE TABLE declaratieregels (
    id {{id}},
    declaratie_id BIGINT NOT NULL REFERENCES declaraties(id),
    kant TEXT NOT NULL,
    aanbieder TEXT NOT NULL,
    gemeente TEXT NOT NULL,
    referentie TEXT NOT NULL,
    vorige_referentie TEXT NOT NULL DEFAULT '',
    bsn TEXT NOT NULL,
    toewijzing_nummer BIGINT NOT NULL,
    categorie TEXT NOT NULL,
    code TEXT NOT NULL,
    begindatum DATE NOT NULL,
    einddatum DATE NOT NULL,
    volume BIGINT NOT NULL,
    eenheid TEXT NOT NULL,
    tarief BIGINT,
    bedrag BIGINT NOT NULL,
    debet_credit TEXT NOT NULL,
    aandeel INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL,
    retourcode TEXT NOT NULL DEFAULT '',
    reden TEXT NOT NULL DEFAULT '',
    crediteren BOOLEAN NOT NULL DEFAULT FALSE
)
--;
CREATE INDEX declaratieregels_referentie ON declaratieregels (kant, aanbieder, referentie)
--;
CREATE INDEX declaratieregels_toewijzing ON declaratieregels (kant, toewijzing_nummer)
--;
CREATE INDEX declaratieregels_declaratie ON declaratieregels (declaratie_id)
