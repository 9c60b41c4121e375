-- wrk script: every request from a different client and fan (X-Forwarded-For from the trusted
-- 127.0.0.1, and a UUID-v4-shaped bearer token), as for the JVM load generator.
math.randomseed(os.time())
request = function()
  local n = math.random(0, 99999)
  local ip = string.format("10.%d.%d.%d", math.floor(n / 65536), math.floor(n / 256) % 256, n % 256)
  local token = string.format("%08x-0000-4000-8000-%012x", n, n)
  return wrk.format("GET", nil, { ["X-Forwarded-For"] = ip, ["Authorization"] = "Bearer " .. token })
end
