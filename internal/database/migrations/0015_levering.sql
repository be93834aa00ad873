-- Start and stop of care (issue 14): one row per start of a toegewezen
-- product, as the provider reported it with a JW305 and ended it with a
-- JW307. The logical key of iJw (SPEC.md §3.5) is ToewijzingNummer +
-- Product + Begindatum; the stop repeats it with its RedenBeeindiging.
-- A correction deletes the row's key (status verwijderd) and sends a new
-- one, so a key is unique only among the rows that are not deleted, and a
-- product has at most one current start (TR326, OP289).
--
-- Both ends of the chain may write a row: the provider's service when the
-- provider works on this platform (bron 'aanbieder'), or the municipality's
-- receipt of a JW305 from a provider outside it (bron 'gemeente'). The
-- municipality's receipt of its own provider's message only marks the row
-- as processed (gemeente_start_at, gemeente_stop_at); package levering's
-- doc says why this is consistent in either order.
CREATE TABLE leveringen (
    id {{id}},
    toewijzing_id BIGINT NOT NULL REFERENCES toewijzingen(id),
    trajectory_id BIGINT NOT NULL REFERENCES trajectories(id),
    toewijzing_nummer BIGINT NOT NULL,
    product_categorie TEXT NOT NULL,
    product_code TEXT NOT NULL,
    toewijzing_ingangsdatum DATE NOT NULL,
    begindatum DATE NOT NULL,
    einddatum DATE,
    reden_beeindiging TEXT NOT NULL DEFAULT '',
    -- The end date of a temporary stop (20) that a definitive stop followed
    -- without a new start (OP377): kept so that deleting the definitive
    -- stop brings the temporary one back.
    tijdelijk_einddatum DATE,
    status TEXT NOT NULL,
    bron TEXT NOT NULL,
    start_bericht_id BIGINT REFERENCES ijw_messages(id),
    stop_bericht_id BIGINT REFERENCES ijw_messages(id),
    -- Warnings, not refusals: a JW305 or JW307 sent later than its term
    -- (OP271, OP272), in Dutch for the case page.
    start_waarschuwing TEXT NOT NULL DEFAULT '',
    stop_waarschuwing TEXT NOT NULL DEFAULT '',
    gemeente_start_at {{timestamp}},
    gemeente_stop_at {{timestamp}},
    created_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL
)
--;
CREATE UNIQUE INDEX leveringen_sleutel ON leveringen (toewijzing_nummer, product_categorie, product_code, begindatum) WHERE status <> 'verwijderd'
--;
CREATE UNIQUE INDEX leveringen_een_actueel ON leveringen (toewijzing_nummer, product_categorie, product_code) WHERE status = 'gestart'
--;
CREATE INDEX leveringen_toewijzing ON leveringen (toewijzing_id, id)
--;
-- The JW305s and JW307s the municipality has processed, by sender, type and
-- BerichtIdentificatie (unique per sender, TR056): a second delivery of the
-- same message changes nothing.
CREATE TABLE leveringen_verwerkt (
    afzender TEXT NOT NULL,
    soort TEXT NOT NULL,
    identificatie TEXT NOT NULL,
    verwerkt_at {{timestamp}} NOT NULL,
    PRIMARY KEY (afzender, soort, identificatie)
)
