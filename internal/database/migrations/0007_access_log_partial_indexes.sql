-- An entry names either one client or a set of clients (0006). Each index
-- now holds only the entries it can find, so an entry updates one of the two
-- indexes instead of both: a list view's commit writes one page fewer.
DROP INDEX access_log_client
--;
CREATE INDEX access_log_client ON access_log (client_id, id) WHERE client_id IS NOT NULL
--;
DROP INDEX access_log_client_set
--;
CREATE INDEX access_log_client_set ON access_log (client_set_id, id) WHERE client_set_id IS NOT NULL
