-- Privacy and retention (issue 13). Settings the console's admin changes at run time, one row per key (the
-- deployment's settings stay in chorus.core.Settings): 'retention' = {"endDate": "YYYY-MM-DD", "retentionDays": n}.
CREATE TABLE console_settings (
  key        text PRIMARY KEY,
  value      jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL
);

-- After the draw is done and the retention period is over, a frozen draw keeps its pseudonymous entry ids (the
-- published list hash and the winners can still be checked) but no longer the addresses.
ALTER TABLE contest_draw_entries ALTER COLUMN email DROP NOT NULL;
