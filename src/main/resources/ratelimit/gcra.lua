-- Chorus rate limiter: GCRA (generic cell rate algorithm) over several limits in one call.
--
-- KEYS[i]   bucket key of limit i (its value is the theoretical arrival time, TAT, in ms)
-- ARGV      three values per limit i:
--             ARGV[3i-2] emission interval T in ms (period / rate)
--             ARGV[3i-1] tolerance tau in ms ((burst - 1) * T)
--             ARGV[3i]   1 if the limit is enforced, 0 if it only logs (dry run)
--
-- The request is admitted when every enforced limit admits it; only then are the limits that
-- admit it charged (a refused request costs nothing). Time comes from the Redis server.
--
-- Reply: { admitted (1/0), then per limit: conforms (1/0), remaining, retry_after_ms, reset_after_ms }

-- Redis < 7 replicates scripts verbatim unless told to replicate effects, which TIME requires.
if redis.replicate_commands then redis.replicate_commands() end

local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)

local n = #KEYS
local tats, conforms = {}, {}
local admitted = 1
for i = 1, n do
  local tau = tonumber(ARGV[3 * i - 1])
  local tat = tonumber(redis.call('GET', KEYS[i])) or now
  if tat < now then tat = now end
  tats[i] = tat
  conforms[i] = (tat - now) <= tau
  if not conforms[i] and ARGV[3 * i] == '1' then admitted = 0 end
end

local reply = { admitted }
for i = 1, n do
  local t = tonumber(ARGV[3 * i - 2])
  local tau = tonumber(ARGV[3 * i - 1])
  local tat = tats[i]
  local remaining, retry, reset
  if conforms[i] then
    -- requests that fit right now, this one included
    local fit = math.floor((now + tau - tat) / t) + 1
    if admitted == 1 then
      tat = tat + t
      redis.call('SET', KEYS[i], tat, 'PX', tat - now)
      remaining = fit - 1
    else
      remaining = fit
    end
    retry = 0
  else
    remaining = 0
    retry = tat - now - tau
  end
  reset = tat - now
  local base = 1 + 4 * (i - 1)
  reply[base + 1] = conforms[i] and 1 or 0
  reply[base + 2] = remaining
  reply[base + 3] = retry
  reply[base + 4] = reset
end
return reply
