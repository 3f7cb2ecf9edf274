-- wrk script: GET the inclusion proof of random settled transactions (ids in PROOF_IDS_FILE).
local ids = {}
for line in io.lines(os.getenv("PROOF_IDS_FILE")) do ids[#ids + 1] = line end

function request()
  return wrk.format("GET", "/api/v1/transactions/" .. ids[math.random(1, #ids)] .. "/proof")
end

function done(summary, latency, requests)
  io.write(string.format("WRK_RESULT requests=%d duration_us=%d non2xx=%d connect_err=%d read_err=%d write_err=%d timeouts=%d p50_us=%d p99_us=%d p999_us=%d max_us=%d\n",
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.timeout,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max))
end
