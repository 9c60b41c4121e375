-- The page names each take (a UUID it generates) so that creating the same take twice, after a response lost on
-- a bad network, finds the first one instead of making a second. Scoped to the fan: another fan's take id is
-- another take. offset_ms / offset_method (V3) are now filled from the create call.
ALTER TABLE recordings ADD COLUMN take_id uuid;
CREATE UNIQUE INDEX recordings_take ON recordings (fan_key, take_id) WHERE take_id IS NOT NULL;
