-- "You're in the song": one mail per fan at most, whatever happens to their takes later (a nudge renders the
-- preview again, a take rejected and approved again, a retried preview job): the insert of a second row is a no-op.
CREATE UNIQUE INDEX mail_outbox_in_song ON mail_outbox (fan_key) WHERE kind = 'in_song';
