-- wrk script for bench/memory/run.sh: POST /api/fan/artwork, every request a fan and a name never seen, so every
-- 201 is four JPEGs drawn and stored. done() prints one RESULT line with the count of every HTTP status seen.
local run = os.getenv("BENCH_RUN") or "00000000"
local threads = {}
local next_tid = 0

function setup(thread)
  next_tid = next_tid + 1
  thread:set("tid", next_tid)
  table.insert(threads, thread)
end

local n = 0
statuses = {}

function init(args)
  math.randomseed(tonumber(run, 16) * 1000 + tid)
end

function request()
  n = n + 1
  local fan = string.format("%s-%04x-4%03x-%x%03x-%04x%08x", run, math.random(0, 0xffff), math.random(0, 0xfff),
    8 + math.random(0, 3), math.random(0, 0xfff), tid, n)
  local body = string.format('{"name":"Fan %d %d","team":"aurora","lang":"en"}', tid, n)
  return wrk.format("POST", "/api/fan/artwork",
    { ["Authorization"] = "Bearer " .. fan, ["Content-Type"] = "application/json" }, body)
end

function response(status)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local seen = {}
  for _, t in ipairs(threads) do
    for status, count in pairs(t:get("statuses")) do seen[status] = (seen[status] or 0) + count end
  end
  local parts = {}
  for status, count in pairs(seen) do table.insert(parts, status .. "=" .. count) end
  table.sort(parts)
  io.write(string.format("RESULT requests=%d p50_ms=%.1f p99_ms=%.1f statuses=%s\n", summary.requests,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, table.concat(parts, ",")))
end
