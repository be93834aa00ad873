-- The keys that tie iJw messages about one youth and one toewijzing
-- together (BSN, ToewijzingNummer, ReferentieAanbieder), one row per key
-- of a message, written with the message by berichten.Insert, the one
-- write path of ijw_messages. The cross-message rules on a received
-- message read only the stored messages sharing a key with it; without
-- this index every receipt scanned the XML of the provider's whole history
-- with LIKE, so a receipt got slower with every message before it.
-- Messages stored before this migration are indexed by
-- berichten.IndexKeys, which the application runs after migrating
-- (keys_indexed tells which are done).
CREATE TABLE ijw_message_keys (
    sleutel TEXT NOT NULL,
    message_id BIGINT NOT NULL REFERENCES ijw_messages(id),
    PRIMARY KEY (sleutel, message_id)
)
--;
ALTER TABLE ijw_messages ADD COLUMN keys_indexed BOOLEAN NOT NULL DEFAULT FALSE
