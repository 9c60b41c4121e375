-- What the server heard in a take (audio pipeline) and what the team decided (console), shared by
-- the audio job, the console's moderation queue, exports and the chorus mix.
ALTER TABLE recordings ADD COLUMN verdict text NOT NULL DEFAULT 'pending'
  CHECK (verdict IN ('pending', 'ok', 'silent', 'too_quiet', 'clipped', 'too_short', 'bleed', 'undecodable'));
ALTER TABLE recordings ADD COLUMN analysis jsonb;          -- the figures behind the verdict
ALTER TABLE recordings ADD COLUMN producer_key text;       -- 48 kHz mono FLAC next to the original
ALTER TABLE recordings ADD COLUMN offset_ms integer NOT NULL DEFAULT 0;  -- first sample on the track's timeline (browser)
ALTER TABLE recordings ADD COLUMN offset_method text;      -- how the browser measured it
ALTER TABLE recordings ADD COLUMN decision text CHECK (decision IN ('approved', 'rejected'));
ALTER TABLE recordings ADD COLUMN decision_reason text;
ALTER TABLE recordings ADD COLUMN decided_at timestamptz;
ALTER TABLE recordings ADD COLUMN decided_by text;         -- console member id
-- The moderation queue: completed, undecided takes, oldest first.
CREATE INDEX recordings_undecided ON recordings (completed_at) WHERE status = 'complete' AND decision IS NULL;
