-- The campaign console (issue 13): team members, the append-only audit log, name moderation,
-- the contest draw, and indexes for the moderation queue and the stats.

CREATE TABLE console_members (
  id            uuid PRIMARY KEY,
  email         text NOT NULL UNIQUE,                 -- lower-cased
  role          text NOT NULL CHECK (role IN ('moderator', 'admin')),
  password_hash text NOT NULL,                        -- Argon2id, PHC string
  must_change   boolean NOT NULL DEFAULT true,        -- a one-time password was issued
  disabled_at   timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_login_at timestamptz
);

CREATE TABLE console_audit (
  id      bigserial PRIMARY KEY,
  at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor   text NOT NULL,                              -- member email, 'cli' or 'system'
  action  text NOT NULL,
  target  text,
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX console_audit_by_time ON console_audit (at DESC, id DESC);
CREATE INDEX console_audit_by_action ON console_audit (action, at DESC);
CREATE INDEX console_audit_by_actor ON console_audit (actor, at DESC);
CREATE FUNCTION console_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'console_audit is append-only';
END
$$;
CREATE TRIGGER console_audit_no_update BEFORE UPDATE OR DELETE ON console_audit
  FOR EACH ROW EXECUTE FUNCTION console_audit_append_only();
CREATE TRIGGER console_audit_no_truncate BEFORE TRUNCATE ON console_audit
  FOR EACH STATEMENT EXECUTE FUNCTION console_audit_append_only();

-- Where a fan is (the CDN's country header), for moderation filters and stats.
ALTER TABLE fans ADD COLUMN country text;

-- Names: checked against the word lists when the artwork is made; reports from share pages flag them too.
ALTER TABLE artworks ADD COLUMN name_status text NOT NULL DEFAULT 'ok'
  CHECK (name_status IN ('ok', 'flagged', 'approved', 'rejected'));
ALTER TABLE artworks ADD COLUMN name_matches jsonb;       -- [{"word": ..., "list": ...}]
ALTER TABLE artworks ADD COLUMN reports integer NOT NULL DEFAULT 0;
ALTER TABLE artworks ADD COLUMN withdrawn_at timestamptz; -- share page and images answer 410
CREATE INDEX artworks_names_to_review ON artworks (created_at) WHERE name_status = 'flagged';
CREATE INDEX artworks_by_time ON artworks (created_at);

-- The contest draw: a frozen, canonical entry list, its hash, the public seed, and any redraws.
CREATE TABLE contest_draws (
  id            serial PRIMARY KEY,
  frozen_at     timestamptz NOT NULL DEFAULT now(),
  frozen_by     text NOT NULL,
  terms_version text NOT NULL,
  winners       integer NOT NULL CHECK (winners > 0),
  entry_count   integer NOT NULL,
  list_sha256   text NOT NULL,
  seed          text,
  seeded_at     timestamptz,
  seeded_by     text
);
CREATE TABLE contest_draw_entries (
  draw_id  integer NOT NULL REFERENCES contest_draws,
  entry_id text NOT NULL,                             -- pseudonymous, published
  email    text NOT NULL,                             -- admins only
  PRIMARY KEY (draw_id, entry_id)
);
CREATE TABLE contest_draw_redraws (
  draw_id    integer NOT NULL REFERENCES contest_draws,
  entry_id   text NOT NULL,
  reason     text NOT NULL,
  decided_at timestamptz NOT NULL DEFAULT now(),
  decided_by text NOT NULL,
  PRIMARY KEY (draw_id, entry_id)
);

-- Moderation queue and exports: completed takes in time order; stats by creation time.
CREATE INDEX recordings_completed ON recordings (completed_at, id) WHERE status = 'complete';
CREATE INDEX fans_by_time ON fans (created_at);
CREATE INDEX subscriptions_by_time ON subscriptions (created_at);
CREATE INDEX contest_entries_by_time ON contest_entries (entered_at);
CREATE INDEX mail_outbox_by_sent ON mail_outbox (sent_at) WHERE sent_at IS NOT NULL;
