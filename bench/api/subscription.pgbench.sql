-- pgbench peer of POST /api/fan/subscription for a fan never seen before as the app sent it until it answered a new
-- fan with one statement (subscription-one.pgbench.sql): the statements of that transaction, in its order
-- (Fans.ensure, Subscriptions.find, insert, queueMail of the confirmation, entered) with contest=false. (An earlier
-- version also looked the address up, as the app did before addresses became claims; without a unique index on the
-- address since V11 that look-up read the whole table, which the app no longer does.) The fan key is SHA-256 of 16 random bytes (the app hashes the
-- bearer token); the email is unique per transaction. (The payload is built with jsonb_build_object: pgbench would
-- read ':true' inside a JSON literal as a variable.) Run with -M prepared, as the app prepares its statements.
\set r1 random(1, 9223372036854775806)
\set r2 random(1, 9223372036854775806)
BEGIN;
INSERT INTO fans (fan_key) VALUES (sha256(int8send(:r1::bigint) || int8send(:r2::bigint))) ON CONFLICT (fan_key) DO UPDATE SET fan_key = EXCLUDED.fan_key RETURNING erased_at;
SELECT email, name, team, lang, newsletter, newsletter_confirmed_at, unsubscribed_at, email_confirmed_at, claim FROM subscriptions WHERE fan_key = sha256(int8send(:r1::bigint) || int8send(:r2::bigint));
INSERT INTO subscriptions (fan_key, email, name, team, lang, newsletter) VALUES (sha256(int8send(:r1::bigint) || int8send(:r2::bigint)), 'pg.' || :r1::bigint || '.' || :r2::bigint || '@bench.example.org', 'Zoë Martín', 'heron', 'fr', true) RETURNING claim;
INSERT INTO mail_outbox (fan_key, kind, email, lang, payload, message_id) VALUES (sha256(int8send(:r1::bigint) || int8send(:r2::bigint)), 'confirm', 'pg.' || :r1::bigint || '.' || :r2::bigint || '@bench.example.org', 'fr', jsonb_build_object('newsletter', true, 'claim', gen_random_uuid()), '<' || gen_random_uuid() || '@127.0.0.1>');
SELECT 1 FROM contest_entries WHERE fan_key = sha256(int8send(:r1::bigint) || int8send(:r2::bigint));
END;
