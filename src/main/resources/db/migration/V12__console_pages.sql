-- The console's review pages read in keyset order within one status: the name queue of any status (not only
-- the flagged ones the partial index of V7 holds), and the takes in order of completion.
CREATE INDEX artworks_names_by_status ON artworks (name_status, created_at, share_id);
DROP INDEX IF EXISTS artworks_names_to_review;
