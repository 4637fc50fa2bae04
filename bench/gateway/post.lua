-- wrk script: POST the JSON body in $WRK_BODY_FILE, with "Authorization: Bearer $WRK_API_KEY" when set.
local file = assert(io.open(os.getenv("WRK_BODY_FILE"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
local key = os.getenv("WRK_API_KEY")
if key and key ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. key
end

-- One machine-readable line at the end: requests/s, status counts and latency percentiles (ms).
done = function(summary, latency, requests)
  local non2xx = summary.errors.status
  io.write(string.format("WRK requests=%d seconds=%.3f rps=%.0f non2xx=%d socket_errors=%d p50_ms=%.3f p99_ms=%.3f\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6), non2xx,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
