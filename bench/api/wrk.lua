-- wrk script for bench/api/run.sh. BENCH_MODE picks the request:
--   get     GET of the URL given to wrk, with an Accept-Language header (static request, nothing per request)
--   new     POST /api/fan/subscription, every request a fan never seen (random UUID v4, unique email): 201
--   repeat  POST /api/fan/subscription, each thread cycling over BENCH_POOL_SIZE fans already subscribed with the
--           same body: 200 (run it once before measuring so the fans exist)
--   artwork POST /api/fan/artwork, every request a fan and a name never seen: 201, four JPEGs drawn and stored
--           (bench/memory/run.sh)
-- BENCH_RUN (hex, 8 digits) makes ids of one wrk invocation distinct from every other; BENCH_POOL the same for
-- the repeat pool, which must be equal between the priming run and the measured run.
-- done() prints one RESULT line that run.sh parses, with the count of every HTTP status seen.

local mode = os.getenv("BENCH_MODE") or "get"
local run = os.getenv("BENCH_RUN") or "00000000"
local pool = os.getenv("BENCH_POOL") or "00000000"
local pool_size = tonumber(os.getenv("BENCH_POOL_SIZE") or "64")

local threads = {}
local next_tid = 0

function setup(thread)
  next_tid = next_tid + 1
  thread:set("tid", next_tid)
  table.insert(threads, thread)
end

wrk.headers["Accept-Language"] = "fr-CH,fr;q=0.9,en;q=0.8"
-- static files: the encoding the client takes (both the app and nginx serve a gzip file made beforehand)
if os.getenv("BENCH_ACCEPT_ENCODING") then wrk.headers["Accept-Encoding"] = os.getenv("BENCH_ACCEPT_ENCODING") end

if mode ~= "get" then
  local n = 0
  statuses = {}

  function init(args)
    math.randomseed(tonumber(run, 16) * 1000 + tid)
  end

  -- A UUID v4: prefix (8 hex) is the run or pool, then random bits, then thread and counter so ids never repeat.
  local function uuid(prefix, i)
    return string.format("%s-%04x-4%03x-%x%03x-%04x%08x", prefix, math.random(0, 0xffff), math.random(0, 0xfff),
      8 + math.random(0, 3), math.random(0, 0xfff), tid, i)
  end

  local function body(email)
    return '{"email":"' .. email .. '","name":"Zoë Martín","team":"heron","lang":"fr",'
      .. '"newsletter":true,"contest":false}'
  end

  local headers = { ["Content-Type"] = "application/json" }

  function request()
    n = n + 1
    local id, email
    if mode == "new" or mode == "artwork" then
      id = uuid(run, n)
      email = string.format("fan.%s.%d.%d@bench.example.org", run, tid, n)
    else
      local i = n % pool_size
      -- the random middle of a pool id must be the same on every call: derive it from the index
      id = string.format("%s-%04x-4%03x-%x%03x-%04x%08x", pool, i, i, 8 + i % 4, i, tid, i)
      email = string.format("fan.%s.%d.%d@bench.example.org", pool, tid, i)
    end
    headers["Authorization"] = "Bearer " .. id
    if mode == "artwork" then
      return wrk.format("POST", "/api/fan/artwork", headers,
        string.format('{"name":"Fan %d %d","team":"aurora","lang":"en"}', tid, n))
    end
    return wrk.format("POST", "/api/fan/subscription", headers, body(email))
  end

  function response(status, hdrs, b)
    statuses[status] = (statuses[status] or 0) + 1
  end
end

function done(summary, latency, requests)
  local counts = {}
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    if type(s) == "table" then
      for status, c in pairs(s) do counts[status] = (counts[status] or 0) + c end
    end
  end
  local parts = {}
  for status, c in pairs(counts) do table.insert(parts, status .. ":" .. c) end
  table.sort(parts)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d duration_us=%d rps=%.1f p50_us=%d p99_us=%d mean_us=%.0f "
    .. "socket_errors=%d non2xx=%d statuses=%s\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(99), latency.mean,
    e.connect + e.read + e.write + e.timeout, e.status, table.concat(parts, ",")))
end
