-- An organisation's postal address and phone number, printed in the
-- letterhead and under every letter it sends (issue 13). A municipality
-- also has the address where objections (bezwaarschriften) go; empty
-- means its postal address. Empty strings, not NULL: an organisation
-- without an address simply has none to print.
ALTER TABLE organisations ADD COLUMN address TEXT NOT NULL DEFAULT ''
--;
ALTER TABLE organisations ADD COLUMN postcode TEXT NOT NULL DEFAULT ''
--;
ALTER TABLE organisations ADD COLUMN city TEXT NOT NULL DEFAULT ''
--;
ALTER TABLE organisations ADD COLUMN phone TEXT NOT NULL DEFAULT ''
--;
ALTER TABLE organisations ADD COLUMN bezwaar_address TEXT NOT NULL DEFAULT ''
--;
ALTER TABLE organisations ADD COLUMN bezwaar_postcode TEXT NOT NULL DEFAULT ''
--;
ALTER TABLE organisations ADD COLUMN bezwaar_city TEXT NOT NULL DEFAULT ''
