-- A start or stop the municipality rejected in its retour (JW306, JW308)
-- counts as not sent (OP286): the provider's row of a rejected start gets
-- status 'afgekeurd' and, like a deleted one, no longer holds its logical
-- key, so the provider can report the start again, also with the same
-- begin date.
DROP INDEX leveringen_sleutel
--;
CREATE UNIQUE INDEX leveringen_sleutel ON leveringen (toewijzing_nummer, product_categorie, product_code, begindatum) WHERE status NOT IN ('verwijderd', 'afgekeurd')
