-- Hardening. Takes upload to a staging key (upload_key) and are copied to object_key once checked, so a
-- still-valid upload URL cannot overwrite a completed take; targets granted and never completed are swept.
ALTER TABLE recordings ADD COLUMN upload_key text;
ALTER TABLE recordings DROP CONSTRAINT recordings_status_check;
ALTER TABLE recordings ADD CONSTRAINT recordings_status_check CHECK (status IN ('pending', 'complete', 'expired'));
CREATE INDEX recordings_unswept ON recordings (created_at) WHERE upload_key IS NOT NULL;

-- The /media/* lookup of a missing image by its key (was a jsonb scan of every artwork).
CREATE TABLE artwork_images (
  image_key text PRIMARY KEY,
  share_id  text NOT NULL REFERENCES artworks ON DELETE CASCADE
);
INSERT INTO artwork_images (image_key, share_id)
  SELECT e.value ->> 'key', a.share_id FROM artworks a, jsonb_each(a.images) e
  WHERE e.value ->> 'key' IS NOT NULL ON CONFLICT DO NOTHING;
CREATE INDEX artwork_images_by_share ON artwork_images (share_id);

-- Artworks per fan per day are bounded.
CREATE INDEX artworks_by_fan_and_time ON artworks (fan_key, created_at);

-- Share pages of erased fans answer 410 Gone (the id is random: it says nothing about the fan).
CREATE TABLE gone_shares (
  share_id text PRIMARY KEY,
  gone_at  timestamptz NOT NULL DEFAULT now()
);
