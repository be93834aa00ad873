-- Names and gender as iJw records them (IV007, COD046) for the youth and
-- for each parent or custodian (issue 13). The youth's tussenvoegsel is
-- NULL for a record made before this migration: not recorded, so the
-- JW301 still splits the family name as it did; a new record always has
-- one, '' when the name has none. Geslacht is COD046: 0 onbekend, 1 man,
-- 2 vrouw.
ALTER TABLE clients ADD COLUMN tussenvoegsel TEXT
--;
ALTER TABLE clients ADD COLUMN geslacht TEXT NOT NULL DEFAULT '0'
--;
-- A relation's name in parts; name stays the display name ("Voornamen
-- tussenvoegsel Achternaam"), which is all an older row has (its
-- family_name is ''). soort is COD472 (10 ouder, 11 voogd, 13
-- pleegouder, …), derived here from the word an older row holds.
ALTER TABLE client_relations ADD COLUMN given_names TEXT NOT NULL DEFAULT ''
--;
ALTER TABLE client_relations ADD COLUMN initials TEXT NOT NULL DEFAULT ''
--;
ALTER TABLE client_relations ADD COLUMN tussenvoegsel TEXT NOT NULL DEFAULT ''
--;
ALTER TABLE client_relations ADD COLUMN family_name TEXT NOT NULL DEFAULT ''
--;
ALTER TABLE client_relations ADD COLUMN geslacht TEXT NOT NULL DEFAULT '0'
--;
ALTER TABLE client_relations ADD COLUMN soort TEXT NOT NULL DEFAULT '09'
--;
UPDATE client_relations SET soort = CASE LOWER(TRIM(relation))
    WHEN 'ouder' THEN '10'
    WHEN 'moeder' THEN '10'
    WHEN 'vader' THEN '10'
    WHEN 'voogd' THEN '11'
    WHEN 'pleegouder' THEN '13'
    WHEN 'pleegmoeder' THEN '13'
    WHEN 'pleegvader' THEN '13'
    WHEN 'familielid' THEN '17'
    WHEN 'gezinslid' THEN '18'
    ELSE '09' END
