#!/usr/bin/env bash
# Queue throughput end to end: no-op jobs from enqueue to completion with N workers (N = 1 and 2), ours
# (enqueued directly through JobQueue, and through the gateway's POST /v1/jobs) against BullMQ, on one private
# redis-server on 127.0.0.1. Writes the "Queue throughput" section of docs/benchmarks.md.
#   bench/queue/run.sh                      # JOBS=20000 WARMUP=10000 CONCURRENCY=16 IN_FLIGHT=64 by default
# Bounded: every step has a timeout; every process started here is stopped by its PID on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
JOBS=${JOBS:-20000}
WARMUP=${WARMUP:-10000}  # untimed jobs first: the .NET tiered JIT is still compiling for many seconds on this loaded machine
CONCURRENCY=${CONCURRENCY:-16}   # per worker process, ours and BullMQ's alike
IN_FLIGHT=${IN_FLIGHT:-64}       # enqueues in flight at once, ours and BullMQ's alike
WORKER_COUNTS=${WORKER_COUNTS:-"1 2"}
RUN_TIMEOUT=${RUN_TIMEOUT:-300}  # seconds, per measured run
BULLMQ_DIR="$ROOT/bench/queue/bullmq"
DRIVER_PROJECT="$ROOT/bench/queue/Driver"
DRIVER="$DRIVER_PROJECT/bin/Release/net10.0/Platform.Bench.QueueDriver.dll"
GATEWAY="$ROOT/services/llm-gateway/bin/Release/net10.0/Platform.Gateway.dll"
WORKER="$ROOT/services/worker/bin/Release/net10.0/Platform.Worker.dll"

command -v redis-server >/dev/null || { echo "redis-server was not found. Install it: apt-get install -y redis-server redis-tools" >&2; exit 1; }
command -v node >/dev/null || { echo "node was not found (Node.js 20 is needed for BullMQ)" >&2; exit 1; }

echo "== building (Release)"
for project in services/llm-gateway services/worker "$DRIVER_PROJECT"; do
  timeout 900 dotnet build -c Release "$project" -v quiet -nologo >/dev/null
done
[ -d "$BULLMQ_DIR/node_modules/bullmq" ] || (cd "$BULLMQ_DIR" && timeout 300 npm ci --no-audit --no-fund >/dev/null)

LOAD_START=$(cut -d' ' -f1 /proc/loadavg)  # after the build, before the first measured run
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
TMP=$(mktemp -d)
PIDS=()
stop_pid() { kill "$1" 2>/dev/null || true; for _ in $(seq 1 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done; kill -9 "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
cleanup() { for pid in "${PIDS[@]}"; do stop_pid "$pid"; done; rm -rf "$TMP"; }
trap cleanup EXIT

REDIS_PORT=$(free_port)
redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$TMP" --save "" --appendonly no --daemonize no >"$TMP/redis.log" 2>&1 &
REDIS_PID=$!
PIDS+=("$REDIS_PID")
for _ in $(seq 1 100); do redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && break; sleep 0.1; done
REDIS="127.0.0.1:$REDIS_PORT"

# The same job for both queues: a chat completion request for one output token (request.json, what clients
# POST), wrapped as the gateway wraps it (payload.json, what goes on our queue and into BullMQ's job data).
python3 - "$TMP" <<'PY'
import json, sys
out = sys.argv[1]
request = {"model": "sim-small", "messages": [{"role": "user", "content": "x" * 320}], "max_tokens": 1}
job = {"completion_id": "chatcmpl-bench0123456789abcdef", "created": 1763740800, "request": request}
result = {"id": "chatcmpl-bench0123456789abcdef", "object": "chat.completion", "created": 1763740800, "model": "sim-small",
          "choices": [{"index": 0, "message": {"role": "assistant", "content": "the"}, "finish_reason": "length"}],
          "usage": {"prompt_tokens": 82, "completion_tokens": 1, "total_tokens": 83}}
for name, value in (("request.json", request), ("payload.json", job), ("result.json", result)):
    open(f"{out}/{name}", "w").write(json.dumps(value, separators=(",", ":")))
PY

API_KEY="sk-bench-$(python3 -c 'import secrets; print(secrets.token_hex(12))')"
service_env() {  # prefix
  echo "ConnectionStrings__redis=$REDIS" "Jobs__KeyPrefix=$1"
}
# Zero-latency simulated provider: no sleep, one generated token. (No dedicated no-op provider type exists;
# this is the cheapest path through the real worker: provider call, cost, result write, completion.)
worker_env() {  # prefix name
  echo $(service_env "$1") "Worker__ConsumerName=$2" "Worker__Concurrency=$CONCURRENCY" \
    "Worker__Providers__noop__Type=Simulated" "Worker__Providers__noop__Simulated__TimeToFirstToken=00:00:00" \
    "Worker__Providers__noop__Simulated__TimePerOutputToken=00:00:00" "Worker__Providers__noop__Simulated__Jitter=0" \
    "Worker__Models__sim-small__Provider=noop"
}
wait_http() { for _ in $(seq 1 300); do curl -fs "$1/health" >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "$1 did not become healthy" >&2; return 1; }
wait_workers() {  # prefix count
  for _ in $(seq 1 300); do
    [ "$(redis-cli -p "$REDIS_PORT" zcard "$1:workers")" -ge "$2" ] && return 0; sleep 0.1
  done
  echo "workers did not report" >&2; return 1
}
kv() { grep -o "$1=[^ ]*" <<<"$2" | head -1 | cut -d= -f2 || true; }

declare -A RESULT
for n in $WORKER_COUNTS; do
  echo "== ours, $n worker(s) x concurrency $CONCURRENCY"
  prefix="bq$n$RANDOM"
  gw_port=$(free_port)
  # Services run from their output folder, as deployed, so that their appsettings.json applies (log levels).
  (cd "$(dirname "$GATEWAY")" && exec env $(service_env "$prefix") "Gateway__ApiKeys__0__Key=$API_KEY" "Gateway__ApiKeys__0__Tenant=bench" \
    "Gateway__Models__0=sim-small" "Gateway__MaxQueueBacklog=10000000" \
    dotnet "$GATEWAY" --urls "http://127.0.0.1:$gw_port" >"$TMP/gateway-$n.log" 2>&1) &
  gw_pid=$!; PIDS+=("$gw_pid")
  worker_pids=()
  for i in $(seq 1 "$n"); do
    wport=$(free_port)
    (cd "$(dirname "$WORKER")" && exec env $(worker_env "$prefix" "w$i") dotnet "$WORKER" --urls "http://127.0.0.1:$wport" >"$TMP/worker-$n-$i.log" 2>&1) &
    worker_pids+=($!); PIDS+=($!)
  done
  wait_http "http://127.0.0.1:$gw_port"
  wait_workers "$prefix" "$n"
  out=$(timeout $((RUN_TIMEOUT + 30)) dotnet "$DRIVER" direct "$REDIS" "$prefix" "$JOBS" "$WARMUP" "$TMP/payload.json" "$IN_FLIGHT" "$RUN_TIMEOUT" || true)
  echo "$out"; RESULT[direct-$n]=$out
  out=$(timeout $((RUN_TIMEOUT + 30)) dotnet "$DRIVER" gateway "$REDIS" "$prefix" "$JOBS" "$WARMUP" "$TMP/request.json" "$IN_FLIGHT" "$RUN_TIMEOUT" "http://127.0.0.1:$gw_port" "$API_KEY" || true)
  echo "$out"; RESULT[gateway-$n]=$out
  for pid in "${worker_pids[@]}" "$gw_pid"; do stop_pid "$pid"; done

  echo "== BullMQ, $n worker(s) x concurrency $CONCURRENCY"
  qname="bench$n$RANDOM"
  worker_pids=()
  for i in $(seq 1 "$n"); do
    node "$BULLMQ_DIR/worker.mjs" "$REDIS_PORT" "$qname" "$CONCURRENCY" "$TMP/result.json" >"$TMP/bullmq-$n-$i.log" 2>&1 &
    worker_pids+=($!); PIDS+=($!)
  done
  for i in $(seq 1 "$n"); do
    for _ in $(seq 1 300); do grep -q ready "$TMP/bullmq-$n-$i.log" && break; sleep 0.1; done
  done
  out=$(cd "$BULLMQ_DIR" && timeout $((RUN_TIMEOUT + 30)) node producer.mjs "$REDIS_PORT" "$qname" "$JOBS" "$WARMUP" "$TMP/payload.json" "$IN_FLIGHT" "$RUN_TIMEOUT" || true)
  echo "$out"; RESULT[bullmq-$n]=$out
  for pid in "${worker_pids[@]}"; do stop_pid "$pid"; done
  redis-cli -p "$REDIS_PORT" flushall >/dev/null
done

CORES=$(nproc)
DATE=$(date -u +%Y-%m-%d)
LOAD=$(cut -d' ' -f1 /proc/loadavg)
BULLMQ_VERSION=$(node -p "require('$BULLMQ_DIR/node_modules/bullmq/package.json').version")
REDIS_VERSION=$(redis-server --version | grep -o 'v=[0-9.]*' | cut -d= -f2)
PAYLOAD_BYTES=$(stat -c %s "$TMP/payload.json")

ROWS=""
for n in $WORKER_COUNTS; do
  b=$(kv jobs_per_sec "${RESULT[bullmq-$n]}")
  for mode in direct gateway; do
    r=${RESULT[$mode-$n]}
    o=$(kv jobs_per_sec "$r")
    label=$([ "$mode" = direct ] && echo "ours, enqueued with JobQueue" || echo "ours, enqueued with POST /v1/jobs")
    if [ -n "$o" ] && [ -n "$b" ]; then
      ratio=$(python3 -c "print(f'{$o/$b:.2f}')")
      verdict=$(python3 -c "print('met' if $o/$b >= 1.5 else 'MISSED')")
    else
      ratio="n/a"; verdict="no result"
    fi
    ROWS+="| $label | $n × $CONCURRENCY | $CORES | $DATE | $(kv enqueue_per_sec "$r") | $o | $b | $ratio | ≥ 1.50: $verdict |"$'\n'
  done
  ROWS+="| BullMQ $BULLMQ_VERSION | $n × $CONCURRENCY | $CORES | $DATE | $(kv enqueue_per_sec "${RESULT[bullmq-$n]}") | | $b | 1.00 | reference |"$'\n'
done

TABLE="| run | workers × concurrency | cores | date | enqueue/s | ours jobs/s | BullMQ jobs/s | ratio | target |
|---|---|---|---|---:|---:|---:|---:|---|
$ROWS"
echo
echo "$TABLE"
echo "raw:"; for k in "${!RESULT[@]}"; do echo "  $k: ${RESULT[$k]}"; done

SECTION=$(mktemp)
cat >"$SECTION" <<SECTION
<!-- queue:begin -->
## Queue throughput end to end (bench/queue/run.sh)

No-op jobs from the first enqueue to the last completion, $JOBS jobs after $WARMUP warm-up jobs (not timed), payload
$PAYLOAD_BYTES bytes (the job the gateway enqueues for a one-token chat completion; BullMQ's job data is the same JSON),
$IN_FLIGHT enqueues in flight, worker processes × concurrency as in each row, on one private redis-server $REDIS_VERSION
(127.0.0.1, no persistence) shared by both in turn. $CORES cores shared by Redis, the producer and the workers
(and by other engineers' builds and tests: load average $LOAD_START when the measured runs began, $LOAD when they ended),
$DATE.

$TABLE
- **Ours** is the real worker (\`services/worker\`, Release) with at-least-once delivery left on: consumer group
  reads, one Lua script per read that reads the priority streams and starts every entry it read (attempt count,
  lease), one per job to complete it (result stored, entry acked and deleted, counters), heartbeats, reclaim and retry
  promotion running. The "no-op" is the **simulated provider with
  zero latency** (\`Worker:Providers:noop:Type=Simulated\`, time to first token 0, time per token 0, jitter 0,
  \`max_tokens\` 1): there is no dedicated no-op provider type, so each job still builds a one-token completion and
  its cost. Completion is read from the queue's \`completed\` counter (\`GetStatisticsAsync\`, every 10 ms).
- **Enqueued with JobQueue**: a C# driver (\`bench/queue/Driver\`) calls \`JobQueue.EnqueueAsync\` $IN_FLIGHT at a time.
  **Enqueued with POST /v1/jobs**: the same driver posts the chat request to the gateway (API key auth, validation,
  backlog check, enqueue, 202 with the job), so the gateway shares the 2 cores too.
- **BullMQ** ($BULLMQ_VERSION, \`bench/queue/bullmq\`): \`Queue.add\` $IN_FLIGHT at a time, \`Worker\` processes with the
  same concurrency returning a result of the same size, default options (completed jobs kept, stalled-job checks on);
  completion counted from \`QueueEvents\` \`completed\` events (and \`getCompletedCount\`).
SECTION
NOTES="$ROOT/bench/queue/NOTES.md"
python3 "$ROOT/bench/write-section.py" queue "$ROOT/docs/benchmarks.md" "$SECTION" "$NOTES"
rm -f "$SECTION"
echo "wrote docs/benchmarks.md (queue section)"
