-- The iJw exchange (issue 14): one row of ijw_messages is both the sender's
-- outbox entry and the receiver's inbox entry, so each side is the
-- organisation its code names on this platform (NULL when that end is not
-- on the platform). State (package uitwisseling documents the set):
--   gemaakt    made by the system, waiting for the dispatcher
--   verzonden  handed to the transport, no answer yet
--   ontvangen  arrived at the receiver, not yet answered
--   beantwoord accepted; its retour (or JW325) is written, no domain effect
--   verwerkt   accepted and processed (domain effect, or a retour applied)
--   afgekeurd  rejected in its retour: counts as not sent (OP286)
-- due_at is the deadline of the answer expected (OP090: a retour 3 working
-- days after receipt; a JW325 10 working days after a JW323); answer_id is
-- the row of that answer; retour_codes the codes it carried, comma-separated.
ALTER TABLE ijw_messages ADD COLUMN sender_org_id BIGINT REFERENCES organisations(id)
--;
ALTER TABLE ijw_messages ADD COLUMN receiver_org_id BIGINT REFERENCES organisations(id)
--;
ALTER TABLE ijw_messages ADD COLUMN state TEXT NOT NULL DEFAULT 'gemaakt'
--;
ALTER TABLE ijw_messages ADD COLUMN due_at {{timestamp}}
--;
ALTER TABLE ijw_messages ADD COLUMN sent_at {{timestamp}}
--;
ALTER TABLE ijw_messages ADD COLUMN received_at {{timestamp}}
--;
ALTER TABLE ijw_messages ADD COLUMN processed_at {{timestamp}}
--;
ALTER TABLE ijw_messages ADD COLUMN answer_id BIGINT REFERENCES ijw_messages(id)
--;
ALTER TABLE ijw_messages ADD COLUMN retour_codes TEXT NOT NULL DEFAULT ''
--;
UPDATE ijw_messages SET
    sender_org_id = (SELECT o.id FROM organisations o WHERE o.cbs_code = ijw_messages.sender OR o.agb_code = ijw_messages.sender ORDER BY o.id LIMIT 1),
    receiver_org_id = (SELECT o.id FROM organisations o WHERE o.cbs_code = ijw_messages.receiver OR o.agb_code = ijw_messages.receiver ORDER BY o.id LIMIT 1)
--;
-- Messages written before the exchange existed count as sent when they were
-- made; received ones as processed.
UPDATE ijw_messages SET state = 'verzonden', sent_at = created_at WHERE direction = 'uit'
--;
UPDATE ijw_messages SET state = 'verwerkt', received_at = created_at, processed_at = created_at WHERE direction = 'in'
--;
CREATE INDEX ijw_messages_state ON ijw_messages (state, id)
--;
CREATE INDEX ijw_messages_sender_org ON ijw_messages (sender_org_id, id)
--;
CREATE INDEX ijw_messages_receiver_org ON ijw_messages (receiver_org_id, id)
