-- Hardening (issue 10, points 6, 7 and 10).

-- 6. A mailbox decides who holds its address. Any fan may claim an address: the claim is pending until the
-- confirmation link (bound to that claim) is followed; only one confirmed claim per mailbox, compared
-- case-insensitively. The claim id is random and travels only in the signed confirmation link.
ALTER TABLE subscriptions ADD COLUMN claim uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE subscriptions ADD COLUMN email_confirmed_at timestamptz;
UPDATE subscriptions SET email_confirmed_at = newsletter_confirmed_at;
ALTER TABLE subscriptions DROP CONSTRAINT subscriptions_email_key;
-- Case variants confirmed before this migration: the earliest confirmation keeps the mailbox.
UPDATE subscriptions s SET email_confirmed_at = NULL, newsletter_confirmed_at = NULL
  WHERE s.email_confirmed_at IS NOT NULL AND EXISTS (SELECT 1 FROM subscriptions o
    WHERE lower(o.email) = lower(s.email) AND o.email_confirmed_at IS NOT NULL
      AND (o.email_confirmed_at, o.fan_key) < (s.email_confirmed_at, s.fan_key));
CREATE UNIQUE INDEX subscriptions_one_owner_per_mailbox ON subscriptions (lower(email)) WHERE email_confirmed_at IS NOT NULL;
CREATE INDEX subscriptions_by_email ON subscriptions (lower(email));
CREATE UNIQUE INDEX subscriptions_by_claim ON subscriptions (claim);

-- One contest entry per fan, counted only once its address is confirmed, and one counted entry per mailbox.
ALTER TABLE contest_entries ADD COLUMN confirmed_at timestamptz;
UPDATE contest_entries c SET confirmed_at = s.email_confirmed_at
  FROM subscriptions s WHERE s.fan_key = c.fan_key AND lower(s.email) = lower(c.email);
DELETE FROM contest_entries c WHERE EXISTS (SELECT 1 FROM contest_entries o
  WHERE o.fan_key = c.fan_key AND (o.entered_at, o.email) < (c.entered_at, c.email));
ALTER TABLE contest_entries DROP CONSTRAINT contest_entries_pkey;
ALTER TABLE contest_entries ADD PRIMARY KEY (fan_key);
CREATE UNIQUE INDEX contest_entries_one_per_mailbox ON contest_entries (lower(email)) WHERE confirmed_at IS NOT NULL;

-- 7. SNS messages already acted on, by MessageId; kept two hours (older messages are refused anyway).
CREATE TABLE sns_messages (
  message_id  text PRIMARY KEY,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sns_messages_by_age ON sns_messages (received_at);

-- 10. Indexes for the hot statements that had none.
CREATE INDEX mail_outbox_by_fan ON mail_outbox (fan_key);
-- GET /media/...: the artwork that owns an image key (jsonb_path_query_array is immutable, so indexable).
CREATE INDEX artworks_by_image_key ON artworks USING gin (jsonb_path_query_array(images, '$.*.key'));
-- Past days of the per-address mail cap are purged by day.
CREATE INDEX mail_daily_counts_by_day ON mail_daily_counts (day);
