-- The chorus mix: where each take sits after the server's alignment, the mixes the team starts, exactly which
-- takes each contains, and the state of every job of its tree (leaves, merges, the root).

-- Alignment (filled by the mix.align job once a take is approved; NULL until then).
ALTER TABLE recordings ADD COLUMN aligned_offset_ms integer;   -- first original sample on the track's timeline
ALTER TABLE recordings ADD COLUMN align_confidence real;       -- 0..1, see chorus.mix.Aligner
ALTER TABLE recordings ADD COLUMN align_method text
  CHECK (align_method IN ('bleed', 'guide', 'browser', 'nudge'));
ALTER TABLE recordings ADD COLUMN needs_review boolean NOT NULL DEFAULT false;  -- below the confidence threshold
ALTER TABLE recordings ADD COLUMN nudge_ms integer;            -- a person's correction, added to the offset used
ALTER TABLE recordings ADD COLUMN preview_key text;            -- "hear yourself": 15 s of the voice over the track
ALTER TABLE recordings ADD COLUMN country text;                -- ISO 3166 country the take was sent from, if known
CREATE INDEX recordings_needs_review ON recordings (completed_at) WHERE needs_review;
CREATE INDEX recordings_approved ON recordings (id) WHERE decision = 'approved' AND producer_key IS NOT NULL;

-- Groups the admin defines: a stem for the takes whose fan matches every given field (NULL = any).
CREATE TABLE mix_groups (
  name       text PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
  team       text,
  country    text,
  lang       text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE mixes (
  id              uuid PRIMARY KEY,
  stem            text NOT NULL,                      -- 'everybody' or a group name
  group_filter    jsonb NOT NULL DEFAULT '{}',        -- the group's fields when the mix started
  state           text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
  cutoff_at       timestamptz NOT NULL,               -- takes approved up to here are in
  take_count      integer NOT NULL,
  song_samples    integer NOT NULL,
  batch           integer NOT NULL,
  fan_in          integer NOT NULL,
  jobs_total      integer NOT NULL,
  jobs_done       integer NOT NULL DEFAULT 0,
  contains_erased boolean NOT NULL DEFAULT false,     -- a take in it was erased since: the next mix leaves it out
  result          jsonb,                              -- mastering figures
  error           text,
  created_by      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  started_at      timestamptz,
  finished_at     timestamptz
);
CREATE INDEX mixes_recent ON mixes (created_at DESC);

-- Exactly which takes a mix contains, in summation order, with the position used.
CREATE TABLE mix_takes (
  mix_id       uuid NOT NULL REFERENCES mixes ON DELETE CASCADE,
  ordinal      integer NOT NULL,
  recording_id uuid NOT NULL,                         -- no foreign key: the record outlives an erased take
  start_sample bigint NOT NULL,
  producer_key text NOT NULL,
  PRIMARY KEY (mix_id, ordinal)
);
CREATE INDEX mix_takes_by_recording ON mix_takes (recording_id);

-- One row per job of a mix's tree; a parent is enqueued when its last child is done.
CREATE TABLE mix_jobs (
  mix_id        uuid NOT NULL REFERENCES mixes ON DELETE CASCADE,
  level         integer NOT NULL,
  idx           integer NOT NULL,
  children      integer NOT NULL,                     -- takes for a leaf, submixes below otherwise
  children_done integer NOT NULL DEFAULT 0,
  done_at       timestamptz,
  done_by       text,                                 -- the process that did it (host:pid)
  PRIMARY KEY (mix_id, level, idx)
);

-- A contained take deleted (erasure, or pruned by a newer take): flag the mixes that hold it.
CREATE FUNCTION mix_flag_erased() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE mixes SET contains_erased = true
   WHERE NOT contains_erased AND id IN (SELECT mix_id FROM mix_takes WHERE recording_id = OLD.id);
  RETURN OLD;
END $$;
CREATE TRIGGER recordings_erased_from_mixes AFTER DELETE ON recordings FOR EACH ROW EXECUTE FUNCTION mix_flag_erased();
