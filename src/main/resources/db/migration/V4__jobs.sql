-- The job queue: one row per unit of background work (audio analysis, mix batches, ...), claimed by any
-- container with FOR UPDATE SKIP LOCKED under a lease (chorus.jobs.JobQueue).
--   queued  waiting; claimable once run_at has passed
--   running claimed by lease_owner until lease_until; run_at = lease_until, so a job whose lease ran out
--           (its container died) is due again and anyone may claim it
--   done    finished; kept so that a dedupe key stays taken
--   dead    failed max_attempts times (or permanently): kept with last_error for a person to look at
CREATE TABLE jobs (
  id           bigserial PRIMARY KEY,
  kind         text NOT NULL,
  payload      jsonb NOT NULL DEFAULT '{}',
  priority     smallint NOT NULL DEFAULT 5 CHECK (priority BETWEEN 0 AND 9),  -- 0 runs first
  state        text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'dead')),
  attempts     integer NOT NULL DEFAULT 0,   -- claims so far; each claim counts
  max_attempts integer NOT NULL DEFAULT 10 CHECK (max_attempts > 0),
  run_at       timestamptz NOT NULL DEFAULT now(),
  lease_until  timestamptz,
  lease_owner  text,                          -- the worker holding (or that last held) the job
  heartbeat_at timestamptz,
  last_error   text,
  dedupe_key   text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz
);
-- The claim: due jobs in priority order, then by due time (an index scan, however long the backlog).
CREATE INDEX jobs_claim ON jobs (priority, run_at, id) WHERE state IN ('queued', 'running');
-- Enqueueing the same work twice is one job.
CREATE UNIQUE INDEX jobs_dedupe ON jobs (dedupe_key) WHERE dedupe_key IS NOT NULL;
-- Depth and age by kind for the metrics, without reading finished jobs.
CREATE INDEX jobs_open ON jobs (kind, state, run_at) WHERE state <> 'done';
