#!/usr/bin/env bash
# Gateway overhead against a bare ASP.NET Core endpoint (bench/gateway/Baseline), both Release on 127.0.0.1:
#   (a) POST /v1/jobs throughput with wrk at the same connection counts (target >= 0.5x the baseline's);
#   (b) synchronous POST /v1/chat/completions latency at a constant 1,000 requests/s with the open-loop
#       generator bench/gateway/LoadGen, through a worker with a zero-latency simulated provider, against the
#       baseline at the same rate (target: p99 added <= 5 ms).
# Writes the "Gateway overhead" section of docs/benchmarks.md. Bounded: every step has a timeout; every process
# started here (redis-server, gateway, worker, baseline) is stopped by its PID on exit.
#   bench/gateway/run.sh        # CONNECTIONS="16 64" DURATION=10 RATE=1000 RATE_SECONDS=15 by default
#   DOC=/tmp/x.md bench/gateway/run.sh   # write the section to another file (a trial run leaves docs/ alone)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
CONNECTIONS=${CONNECTIONS:-"16 64"}
DURATION=${DURATION:-10}          # seconds of each measured wrk run
WARMUP=${WARMUP:-10}              # seconds of the warm-up run before each (tiered JIT settles only after several seconds)
RATE=${RATE:-1000}                # requests/s of the latency runs
RATE_SECONDS=${RATE_SECONDS:-15}  # measured seconds of each latency run (after 3 s of warm-up at the same rate)
RATE_CONNECTIONS=${RATE_CONNECTIONS:-64}
WORKER_CONCURRENCY=${WORKER_CONCURRENCY:-64}
HERE="$ROOT/bench/gateway"
GATEWAY="$ROOT/services/llm-gateway/bin/Release/net10.0/Platform.Gateway.dll"
WORKER="$ROOT/services/worker/bin/Release/net10.0/Platform.Worker.dll"
BASELINE="$HERE/Baseline/bin/Release/net10.0/Platform.Bench.Baseline.dll"
LOADGEN="$HERE/LoadGen/bin/Release/net10.0/Platform.Bench.LoadGen.dll"

command -v redis-server >/dev/null || { echo "redis-server was not found. Install it: apt-get install -y redis-server redis-tools" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk was not found. Install it: apt-get install -y wrk" >&2; exit 1; }

echo "== building (Release)"
for project in services/llm-gateway services/worker "$HERE/Baseline" "$HERE/LoadGen"; do
  timeout 900 dotnet build -c Release "$project" -v quiet -nologo >/dev/null
done

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
TMP=$(mktemp -d)
PIDS=()
stop_pid() { kill "$1" 2>/dev/null || true; for _ in $(seq 1 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done; kill -9 "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
cleanup() { for pid in "${PIDS[@]}"; do stop_pid "$pid"; done; rm -rf "$TMP"; }
trap cleanup EXIT
wait_http() { for _ in $(seq 1 300); do curl -fs "$1/health" >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "$1 did not become healthy" >&2; return 1; }
kv() { grep -o "$1=[^ ]*" <<<"$2" | head -1 | cut -d= -f2 || true; }
# CPU time (user + system, in clock ticks) a process has used so far; 0 when it is gone.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
TICKS=$(getconf CLK_TCK)

REDIS_PORT=$(free_port)
redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$TMP" --save "" --appendonly no --daemonize no >"$TMP/redis.log" 2>&1 &
PIDS+=($!); REDIS_PID=$!
for _ in $(seq 1 100); do redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && break; sleep 0.1; done

PREFIX="bg$RANDOM"
API_KEY="sk-bench-$(python3 -c 'import secrets; print(secrets.token_hex(12))')"
COMMON=("ConnectionStrings__redis=127.0.0.1:$REDIS_PORT" "Jobs__KeyPrefix=$PREFIX")
GW_PORT=$(free_port); BASE_PORT=$(free_port)
# Services run from their output folder, as deployed, so that their appsettings.json applies (log levels).
(cd "$(dirname "$GATEWAY")" && exec env "${COMMON[@]}" "Gateway__ApiKeys__0__Key=$API_KEY" "Gateway__ApiKeys__0__Tenant=bench" \
  "Gateway__Models__0=sim-small" "Gateway__MaxQueueBacklog=10000000" dotnet "$GATEWAY" --urls "http://127.0.0.1:$GW_PORT" >"$TMP/gateway.log" 2>&1) &
PIDS+=($!); GW_PID=$!
(cd "$(dirname "$BASELINE")" && exec dotnet "$BASELINE" --urls "http://127.0.0.1:$BASE_PORT" >"$TMP/baseline.log" 2>&1) &
PIDS+=($!); BASE_PID=$!
wait_http "http://127.0.0.1:$GW_PORT"
wait_http "http://127.0.0.1:$BASE_PORT"
GW="http://127.0.0.1:$GW_PORT"; BASE="http://127.0.0.1:$BASE_PORT"

# One small chat completion request (one output token), the same bytes for gateway and baseline.
printf '{"model":"sim-small","messages":[{"role":"user","content":"Say hello to the benchmark in one word."}],"max_tokens":1}' >"$TMP/request.json"

wrk_run() {  # url connections seconds [key]
  WRK_BODY_FILE="$TMP/request.json" WRK_API_KEY="${4:-}" timeout $(($3 + 30)) \
    wrk -t1 -c "$2" -d "${3}s" --timeout 10s -s "$HERE/post.lua" "$1" 2>&1 | grep '^WRK ' || echo "WRK failed"
}
ok_rps() { python3 -c "r=$(kv requests "$1"); n=$(kv non2xx "$1"); s=$(kv seconds "$1"); print(f'{(r-n)/s:.0f}')" 2>/dev/null || echo 0; }

# (a) Enqueue throughput. No worker runs yet: the gateway's cost alone, not a worker's competing for the cores.
declare -A A
for c in $CONNECTIONS; do
  echo "== (a) $c connections: ${WARMUP}s warm-up, then ${DURATION}s each, baseline then gateway"
  wrk_run "$BASE/v1/jobs" "$c" "$WARMUP" >/dev/null
  wrk_run "$GW/v1/jobs" "$c" "$WARMUP" "$API_KEY" >/dev/null
  t0=$(cpu_ticks "$BASE_PID")
  A[base-$c]=$(wrk_run "$BASE/v1/jobs" "$c" "$DURATION"); echo "baseline: ${A[base-$c]}"
  t1=$(cpu_ticks "$BASE_PID"); g0=$(cpu_ticks "$GW_PID"); r0=$(cpu_ticks "$REDIS_PID")
  A[gw-$c]=$(wrk_run "$GW/v1/jobs" "$c" "$DURATION" "$API_KEY"); echo "gateway:  ${A[gw-$c]}"
  g1=$(cpu_ticks "$GW_PID"); r1=$(cpu_ticks "$REDIS_PID")
  # CPU per answered request (µs) and cores used: what a ratio of throughputs comes down to on 2 shared cores.
  A[cpu-$c]=$(python3 -c "
b, g = $(kv requests "${A[base-$c]}") or 1, $(kv requests "${A[gw-$c]}") or 1
print(f'baseline {($t1 - $t0) / $TICKS * 1e6 / b:.0f} µs/request ({($t1 - $t0) / $TICKS / $DURATION:.2f} cores), '
      f'gateway {($g1 - $g0) / $TICKS * 1e6 / g:.0f} µs/request ({($g1 - $g0) / $TICKS / $DURATION:.2f} cores) + Redis {($r1 - $r0) / $TICKS * 1e6 / g:.0f} µs/request ({($r1 - $r0) / $TICKS / $DURATION:.2f} cores)')
" 2>/dev/null || echo "n/a"); echo "cpu:      ${A[cpu-$c]}"
done
QUEUED=$(redis-cli -p "$REDIS_PORT" hget "$PREFIX:stats" added)
redis-cli -p "$REDIS_PORT" flushall >/dev/null

# (b) Synchronous completions at a constant rate through one worker with a zero-latency simulated provider.
WORKER_PORT=$(free_port)
(cd "$(dirname "$WORKER")" && exec env "${COMMON[@]}" "Worker__ConsumerName=bench-worker" "Worker__Concurrency=$WORKER_CONCURRENCY" \
  "Worker__Providers__noop__Type=Simulated" "Worker__Providers__noop__Simulated__TimeToFirstToken=00:00:00" \
  "Worker__Providers__noop__Simulated__TimePerOutputToken=00:00:00" "Worker__Providers__noop__Simulated__Jitter=0" \
  "Worker__Models__sim-small__Provider=noop" dotnet "$WORKER" --urls "http://127.0.0.1:$WORKER_PORT" >"$TMP/worker.log" 2>&1) &
PIDS+=($!); WORKER_PID=$!
wait_http "http://127.0.0.1:$WORKER_PORT"
for _ in $(seq 1 300); do [ "$(redis-cli -p "$REDIS_PORT" zcard "$PREFIX:workers")" -ge 1 ] && break; sleep 0.1; done
# A short warm-up so that the worker and the gateway's completion path are jitted before the measured runs.
timeout $((WARMUP + 60)) dotnet "$LOADGEN" "$GW/v1/chat/completions" $((RATE / 2)) "$WARMUP" 0 "$RATE_CONNECTIONS" "$TMP/request.json" "$API_KEY" >/dev/null || true
echo "== (b) $RATE requests/s for ${RATE_SECONDS}s (+3s warm-up), $RATE_CONNECTIONS connections"
B_BASE=$(timeout $((RATE_SECONDS + 60)) dotnet "$LOADGEN" "$BASE/v1/chat/completions" "$RATE" "$RATE_SECONDS" 3 "$RATE_CONNECTIONS" "$TMP/request.json" | head -1 || echo "loadgen failed")
echo "baseline: $B_BASE"
SINCE=$(redis-cli -p "$REDIS_PORT" time | head -1)
c0=($(cpu_ticks "$GW_PID") $(cpu_ticks "$WORKER_PID") $(cpu_ticks "$REDIS_PID")); w0=$(date +%s.%N)
B_GW=$(timeout $((RATE_SECONDS + 60)) dotnet "$LOADGEN" "$GW/v1/chat/completions" "$RATE" "$RATE_SECONDS" 3 "$RATE_CONNECTIONS" "$TMP/request.json" "$API_KEY" | head -1 || echo "loadgen failed")
echo "gateway:  $B_GW"
c1=($(cpu_ticks "$GW_PID") $(cpu_ticks "$WORKER_PID") $(cpu_ticks "$REDIS_PID")); w1=$(date +%s.%N)
B_CPU=$(python3 -c "
w = $w1 - $w0; c = [(a - b) / $TICKS / w for a, b in ((${c1[0]}, ${c0[0]}), (${c1[1]}, ${c0[1]}), (${c1[2]}, ${c0[2]}))]
print(f'gateway {c[0]:.2f}, worker {c[1]:.2f}, Redis {c[2]:.2f}, together {sum(c):.2f} of $(nproc) cores (the load generator and other engineers\' work come on top)')
" 2>/dev/null || echo "n/a")
echo "cpu:      $B_CPU"

# Stopwatch breakdown of those jobs from the queue's own timestamps (server time, ms): enqueue -> a worker starts
# it -> the worker completes it. What remains of the client's latency is the gateway (HTTP, admission, the wait
# for the completion notice, the response) and the load generator.
BREAKDOWN=$(redis-cli -p "$REDIS_PORT" --scan --pattern "$PREFIX:job:*" | grep -v ':events$' | head -20000 >"$TMP/jobs.txt"; \
  sed 's/^/HMGET /; s/$/ enqueued_at started_at finished_at/' "$TMP/jobs.txt" | timeout 60 redis-cli -p "$REDIS_PORT" >"$TMP/times.txt"; \
  python3 - "$TMP/times.txt" "$SINCE" <<'PY'
import sys
values = [line.strip() for line in open(sys.argv[1])]
since = int(sys.argv[2]) * 1000 + 3000  # skip the generator's own 3 s warm-up
rows = [tuple(int(v) for v in values[i:i + 3]) for i in range(0, len(values) - 2, 3) if all(v.isdigit() for v in values[i:i + 3])]
rows = [r for r in rows if r[0] >= since]
def pct(xs, q):
    xs = sorted(xs); return xs[min(len(xs) - 1, max(0, int(-(-q * len(xs) // 1)) - 1))] if xs else float("nan")
wait = [s - e for e, s, f in rows]; run = [f - s for e, s, f in rows]; total = [f - e for e, s, f in rows]
print(f"{len(rows)} jobs: enqueue to start p50 {pct(wait, .5)} / p99 {pct(wait, .99)} ms; start to completion p50 {pct(run, .5)} / p99 {pct(run, .99)} ms; "
      f"enqueue to completion p50 {pct(total, .5)} / p99 {pct(total, .99)} ms")
PY
)
echo "breakdown: $BREAKDOWN"

# The same at a quarter of the rate: does the tail come from the path itself or from queueing for the cores?
LOW=$((RATE / 4))
L_BASE=$(timeout $((RATE_SECONDS + 60)) dotnet "$LOADGEN" "$BASE/v1/chat/completions" "$LOW" "$RATE_SECONDS" 3 "$RATE_CONNECTIONS" "$TMP/request.json" | head -1 || echo "loadgen failed")
L_GW=$(timeout $((RATE_SECONDS + 60)) dotnet "$LOADGEN" "$GW/v1/chat/completions" "$LOW" "$RATE_SECONDS" 3 "$RATE_CONNECTIONS" "$TMP/request.json" "$API_KEY" | head -1 || echo "loadgen failed")
echo "at $LOW/s: baseline: $L_BASE"
echo "at $LOW/s: gateway:  $L_GW"
COMPLETED=$(redis-cli -p "$REDIS_PORT" hget "$PREFIX:stats" completed)

CORES=$(nproc)
DATE=$(date -u +%Y-%m-%d)
LOAD=$(cut -d' ' -f1 /proc/loadavg)
ROWS=""
for c in $CONNECTIONS; do
  b=$(ok_rps "${A[base-$c]}"); g=$(ok_rps "${A[gw-$c]}")
  ratio=$(python3 -c "print(f'{$g/$b:.2f}')" 2>/dev/null || echo n/a)
  verdict=$(python3 -c "print('met' if $g/$b >= 0.5 else 'MISSED')" 2>/dev/null || echo "no result")
  ROWS+="| (a) \`POST /v1/jobs\` throughput, wrk -t1 -c $c -d ${DURATION}s | $CORES | $DATE | $b req/s (p99 $(kv p99_ms "${A[base-$c]}") ms) | $g req/s (p99 $(kv p99_ms "${A[gw-$c]}") ms, non-2xx $(kv non2xx "${A[gw-$c]}")) | $ratio | ≥ 0.50×: $verdict |"$'\n'
done
bp99=$(kv p99_ms "$B_BASE"); gp99=$(kv p99_ms "$B_GW")
if [ -n "$bp99" ] && [ -n "$gp99" ] && [ "$gp99" != "NaN" ]; then
  added=$(python3 -c "print(f'{$gp99-$bp99:.2f}')"); verdict=$(python3 -c "print('met' if $gp99-$bp99 <= 5 else 'MISSED')")
else
  added="n/a"; verdict="no result"
fi
ROWS+="| (b) sync \`POST /v1/chat/completions\` at $RATE req/s (open loop, $RATE_CONNECTIONS connections, ${RATE_SECONDS}s) | $CORES | $DATE | p50 $(kv p50_ms "$B_BASE") / p99 $bp99 ms, achieved $(kv achieved_rate "$B_BASE")/s | p50 $(kv p50_ms "$B_GW") / p99 $gp99 ms, p99.9 $(kv p999_ms "$B_GW") ms, achieved $(kv achieved_rate "$B_GW")/s, errors $(kv errors "$B_GW"), dropped $(kv dropped "$B_GW") | +$added ms p99 | ≤ +5 ms: $verdict |"$'\n'
lb=$(kv p99_ms "$L_BASE"); lg=$(kv p99_ms "$L_GW")
ladded=$(python3 -c "print(f'{$lg-$lb:.2f}')" 2>/dev/null || echo n/a)
ROWS+="| (b') the same at $LOW req/s (diagnostic) | $CORES | $DATE | p50 $(kv p50_ms "$L_BASE") / p99 $lb ms | p50 $(kv p50_ms "$L_GW") / p99 $lg ms, p99.9 $(kv p999_ms "$L_GW") ms, errors $(kv errors "$L_GW") | +$ladded ms p99 | for reference |"$'\n'

TABLE="| benchmark | cores | date | baseline | gateway | ratio / added | target |
|---|---|---|---|---|---|---|
$ROWS"
echo; echo "$TABLE"

CPU_A=""
for c in $CONNECTIONS; do CPU_A+="${CPU_A:+; }-c $c: ${A[cpu-$c]}"; done

SECTION=$(mktemp)
cat >"$SECTION" <<SECTION
<!-- gateway:begin -->
## Gateway overhead (bench/gateway/run.sh)

The gateway (\`services/llm-gateway\`, Release, as shipped: API key auth, validation, backlog check, JSON console
logging at Information, where an accepted job writes no line) against a bare ASP.NET Core minimal API (\`bench/gateway/Baseline\`, Release, same
\`WebApplication.CreateSlimBuilder\` and Kestrel defaults, reads the body and writes a fixed 140-byte JSON body, no
logging), same request body, on 127.0.0.1 with one private redis-server (no persistence). $CORES cores shared by the
load generator, the gateway, the worker, Redis and the baseline (and by other engineers' builds: load average $LOAD
when the run ended), $DATE; only ratios measured in the same run mean anything here.

$TABLE
- (a) wrk 4.1 with one thread (\`bench/gateway/post.lua\` adds the body and the \`Authorization\` header), a
  ${WARMUP}s warm-up run per target (with tiered compilation the gateway is still JIT-compiling for several seconds:
  in a profile of a 4 s warm-up, 16 % of its CPU was in the JIT), then ${DURATION}s measured; "req/s" counts 2xx answers only. No worker ran during (a), so the
  gateway had the cores to itself besides Redis and wrk; the $QUEUED jobs it queued were flushed afterwards.
- (b) after ${WARMUP}s of completions at $((RATE / 2)) req/s, \`bench/gateway/LoadGen\`: an open-loop generator (wrk2 is not packaged here) that issues requests at a constant
  rate with \`HttpClient\`/\`SocketsHttpHandler\` and measures each latency from the moment the request was due, so
  a stall is not hidden by the generator slowing down (no coordinated omission). Through one worker
  (\`Worker:Concurrency\` $WORKER_CONCURRENCY) whose provider is the **simulated provider with zero latency**
  (time to first token 0, per token 0, jitter 0, \`max_tokens\` 1); $COMPLETED jobs completed in all.
  A synchronous completion is enqueue, worker read, run, complete, and the gateway's wait for the job's id on the
  queue's one shared completion subscription (a status read after registering, the job read once notified), so the
  added latency includes Redis round trips on both sides and the worker's scheduling.
  Stopwatch breakdown of the measured 1,000 req/s run from the queue's own timestamps (Redis server time, ms):
  $BREAKDOWN.
- CPU used during the measured runs (\`/proc/PID/stat\`, user + system): (a) $CPU_A; (b) at $RATE req/s: $B_CPU.
- Context only: LiteLLM publishes a P95 overhead of 8 ms on 4 instances; that is another machine and another
  measure (P95, 4 instances), not a like-for-like comparison.
SECTION
NOTES="$HERE/NOTES.md"
python3 "$ROOT/bench/write-section.py" gateway "${DOC:-$ROOT/docs/benchmarks.md}" "$SECTION" "$NOTES"
rm -f "$SECTION"
echo "wrote ${DOC:-docs/benchmarks.md} (gateway section)"
