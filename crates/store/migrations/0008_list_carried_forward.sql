-- A publication that leaves parts of its entries out (an OFAC set without alt.csv or
-- add.csv) keeps those parts from the version before; this notes what was kept and
-- for how many entries, so a list's history says where each part comes from.
ALTER TABLE list_version ADD COLUMN carried_forward TEXT;
