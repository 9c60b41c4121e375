-- Mailer: leases, a 'skipped' outcome (suppressed address, daily cap), per-address daily counts.
ALTER TABLE mail_outbox ADD COLUMN lease_owner text;
ALTER TABLE mail_outbox DROP CONSTRAINT mail_outbox_status_check;
ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_status_check
  CHECK (status IN ('pending', 'sent', 'failed', 'skipped'));
CREATE INDEX mail_outbox_by_email ON mail_outbox (lower(email));

-- Suppressed addresses are stored lower-cased; detail keeps the SES diagnostic (never the message).
ALTER TABLE mail_suppressions ADD COLUMN detail text;

-- Confirmation mails per address per day (list-bombing protection), counted atomically.
CREATE TABLE mail_daily_counts (
  email text NOT NULL,
  day   date NOT NULL,
  sent  integer NOT NULL,
  PRIMARY KEY (email, day)
);
