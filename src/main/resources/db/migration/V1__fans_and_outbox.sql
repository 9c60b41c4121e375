-- Fans are keyed by the SHA-256 of their bearer token: the token itself (a secret) is never stored.
CREATE TABLE fans (
  fan_key     bytea PRIMARY KEY,
  created_at  timestamptz NOT NULL DEFAULT now(),
  erased_at   timestamptz               -- set by erasure: the fan id is dead afterwards
);

CREATE TABLE subscriptions (
  fan_key                 bytea PRIMARY KEY REFERENCES fans ON DELETE CASCADE,
  email                   text NOT NULL UNIQUE,
  name                    text NOT NULL,
  team                    text NOT NULL,
  lang                    text NOT NULL,
  newsletter              boolean NOT NULL,
  newsletter_confirmed_at timestamptz,
  unsubscribed_at         timestamptz,
  created_at              timestamptz NOT NULL DEFAULT now(),
  updated_at              timestamptz NOT NULL DEFAULT now()
);

-- One contest entry per email.
CREATE TABLE contest_entries (
  email         text PRIMARY KEY,
  fan_key       bytea NOT NULL REFERENCES fans ON DELETE CASCADE,
  terms_version text NOT NULL,
  entered_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE recordings (
  id           uuid PRIMARY KEY,
  fan_key      bytea NOT NULL REFERENCES fans ON DELETE CASCADE,
  object_key   text NOT NULL UNIQUE,
  content_type text NOT NULL,
  bytes        bigint NOT NULL,
  duration_ms  integer NOT NULL,
  status       text NOT NULL CHECK (status IN ('pending', 'complete')),
  detected     text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz
);
CREATE INDEX recordings_by_fan ON recordings (fan_key, created_at DESC);

CREATE TABLE artworks (
  share_id   text PRIMARY KEY,            -- random, 128 bits, base64url
  fan_key    bytea NOT NULL REFERENCES fans ON DELETE CASCADE,
  render_key text NOT NULL,               -- content-derived: campaign version, team, name
  name       text NOT NULL,
  team       text NOT NULL,
  lang       text NOT NULL,
  images     jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (fan_key, render_key)
);

CREATE TABLE mail_outbox (
  id              bigserial PRIMARY KEY,
  fan_key         bytea REFERENCES fans ON DELETE CASCADE,
  kind            text NOT NULL,
  email           text NOT NULL,
  lang            text NOT NULL,
  payload         jsonb NOT NULL DEFAULT '{}',
  message_id      text NOT NULL UNIQUE,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  lease_until     timestamptz,
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE status = 'pending';

CREATE TABLE mail_suppressions (
  email      text PRIMARY KEY,
  reason     text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
