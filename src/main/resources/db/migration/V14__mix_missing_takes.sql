-- A take chosen for a mix whose producer file storage no longer holds (erased or lost between the choice and
-- its leaf job) is left out of the stem instead of failing the whole mix; the mix says so.
ALTER TABLE mix_takes ADD COLUMN missing boolean NOT NULL DEFAULT false;
ALTER TABLE mixes ADD COLUMN missing_takes integer NOT NULL DEFAULT 0;
