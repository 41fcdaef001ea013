-- wrk script for scripts/bench/compare: POSTs one fixed body (read from BENCH_BODY_FILE) with the
-- headers in BENCH_HEADERS ("Name: value" lines), and prints one RESULT line of JSON at the end.
--
-- Latencies are per request. wrk 4 records each request's time from its write to its response,
-- then, before it reports, adds synthetic samples for coordinated omission: for every recorded
-- latency n >= 2e, where e = duration / (requests / connections) is the mean time between one
-- connection's requests, it adds samples at n - e, n - 2e, ... while they are above e. This
-- script reads wrk's histogram through LuaJIT's FFI and takes those samples out again (the
-- samples added to bin n come only from bins n + k e, so a pass from the top down restores
-- every bin), then checks that what is left adds up to the number of responses.
local ffi = require("ffi")
ffi.cdef [[
typedef struct { uint64_t count; uint64_t limit; uint64_t min; uint64_t max; uint64_t data[]; } bench_wrk_stats;
]]

local function read_file(path)
    local f = assert(io.open(path, "rb"))
    local text = f:read("*a")
    f:close()
    return text
end

wrk.method = "POST"
wrk.body = read_file(os.getenv("BENCH_BODY_FILE"))
for line in (os.getenv("BENCH_HEADERS") or "Content-Type: application/json"):gmatch("[^\n]+") do
    local name, value = line:match("^([^:]+):%s*(.*)$")
    if name then wrk.headers[name] = value end
end
local connections = tonumber(os.getenv("BENCH_CONNECTIONS") or "1")

local function percentile(counts, lo, hi, total, p)
    local rank = math.max(1, math.ceil(p / 100 * total))
    local seen = 0
    for n = lo, hi do
        seen = seen + counts[n - lo]
        if seen >= rank then return n end
    end
    return hi
end

done = function(summary, latency, requests)
    local s = ffi.cast("bench_wrk_stats**", ffi.cast("void*", latency))[0]
    local complete = summary.requests
    local lo, hi = tonumber(s.min), tonumber(s.max)
    local out = { requests = complete, duration_us = summary.duration,
        non2xx = summary.errors.status,
        socket_errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout }
    if complete == 0 or hi < lo then
        out.recorded = 0
    else
        local width = hi - lo + 1
        local counts = ffi.new("double[?]", width)
        local carry = ffi.new("double[?]", width)
        local per_connection = math.floor(complete / connections)
        local e = per_connection > 0 and math.floor(summary.duration / per_connection) or 0
        local total = 0
        for n = hi, lo, -1 do
            local i = n - lo
            local value = tonumber(s.data[n])
            local above = 0
            if e > 0 and n > e and i + e < width then above = carry[i + e] end
            local original = value - above
            counts[i] = original
            carry[i] = original + above
            total = total + original
        end
        out.recorded = total
        out.interval_us = e
        out.p50_us = percentile(counts, lo, hi, total, 50)
        out.p99_us = percentile(counts, lo, hi, total, 99)
        out.p999_us = percentile(counts, lo, hi, total, 99.9)
        out.max_us = hi
        out.wrk_p99_us = latency:percentile(99)
    end
    local parts = {}
    for k, v in pairs(out) do parts[#parts + 1] = string.format("%q: %.17g", k, v) end
    io.write("RESULT {" .. table.concat(parts, ", ") .. "}\n")
end
