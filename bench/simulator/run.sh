#!/usr/bin/env bash
# Simulator benchmark: the quality targets on the shared Azure trace and the replay speed on the trace tiled
# past 1,000,000 requests. Writes reports under bench/out/simulator/ and prints the figures docs/benchmarks.md records.
#   bench/simulator/run.sh            # from the repository root (or anywhere)
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

trace=../shared/traces/AzureLLMInferenceTrace_conv.csv
policy=tools/platformctl/examples/scalepolicy-hybrid.yaml
out=bench/out/simulator
[ -f "$trace" ] || { echo "bench: $trace not found" >&2; exit 1; }
mkdir -p "$out"

dotnet build tools/platformctl -c Release -o "$out/bin" -v quiet -nologo >/dev/null
ctl="$out/bin/platformctl"

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%Y-%m-%d)"

echo "== quality: full trace, default profile, SLO wait 5s"
"$ctl" simulate --trace "$trace" --policy "$policy" --slo-wait 5s \
  --compare reactive,predictive,hybrid,oracle --report "$out/quality" --no-progress >/dev/null
python3 - "$out/quality/report.json" <<'PY'
import json, sys
runs = {r["name"]: r for r in json.load(open(sys.argv[1]))["runs"]}
for n, r in runs.items():
    print(f'{n:10s} attainment {r["sloAttainment"]*100:7.3f}%  p95 {r["waitP95"]:6.3f}s  p99 {r["waitP99"]:6.3f}s  '
          f'violating min {r["violatingMinutes"]:3d}  replica-s {r["replicaSeconds"]:9.0f}  actions {r["scaleActions"]:4d}  max {r["maxReplicas"]}')
h, re_, o = runs["hybrid"], runs["reactive"], runs["oracle"]
ratio = h["replicaSeconds"] / o["replicaSeconds"]
print(f'hybrid/oracle replica-seconds {ratio:.3f} (target <= 1.15); hybrid attainment {h["sloAttainment"]*100:.3f}% '
      f'(target >= 99% and >= reactive {re_["sloAttainment"]*100:.3f}%)')
ok = h["sloAttainment"] >= 0.99 and h["sloAttainment"] >= re_["sloAttainment"] and ratio <= 1.15
print("quality targets:", "MET" if ok else "NOT MET")
PY

echo "== speed: trace tiled x52 (1,007,032 requests), every run"
"$ctl" simulate --trace "$trace" --policy "$policy" --repeat 52 \
  --compare reactive,predictive,hybrid,oracle --report "$out/speed" --no-progress --measure-read >/dev/null
python3 - "$out/speed/timing.json" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
read_rate = t["traceReadRequestsPerSecond"]
print(f'baseline: plain CSV read and parse of the same requests (warm, file read 52 times): {t["traceFileRequests"]:,} requests in {t["traceReadSeconds"]:.3f}s = {read_rate:,.0f} requests/s')
worst = None
for r in t["runs"]:
    rate = r["requestsPerSecond"]
    worst = rate if worst is None else min(worst, rate)
    print(f'{r["name"]:10s} {r["requests"]:,} requests in {r["wallSeconds"]:.3f}s = {rate:,.0f} requests/s '
          f'({rate/200000:.2f}x the 200k/s target, {rate/read_rate:.2f}x the CSV read)')
print("speed target (>= 1,000,000 requests at >= 200,000/s in every run):", "MET" if worst >= 200000 and t["runs"][0]["requests"] >= 1000000 else "NOT MET")
PY

echo "== writing the simulator section of docs/benchmarks.md"
python3 - "$out/quality/report.json" "$out/speed/timing.json" docs/benchmarks.md "$(nproc)" "$(date -u +%Y-%m-%d)" "$(cut -d' ' -f1 /proc/loadavg)" <<'PY'
import json, sys, os
quality, timing, doc, cores, date, load = sys.argv[1:7]
runs = {r["name"]: r for r in json.load(open(quality))["runs"]}
t = json.load(open(timing))
o = runs["oracle"]["replicaSeconds"]
lines = ["<!-- simulator:begin -->", "## Scaling simulator (bench/simulator/run.sh)", "",
         f"`platformctl simulate` (Release) on the shared Azure conversation trace (19,366 requests, 58 min) with the default profile "
         f"(start-up 30 s, 8 concurrent per replica, TTFT 0.3 s, 20 ms per output token, 0.2 ms per input token), "
         f"`tools/platformctl/examples/scalepolicy-hybrid.yaml`, SLO wait 5 s. {cores} cores, {date}, load average {load} at the end "
         "(shared machine: speed figures are only meaningful as ratios measured in the same run).", "",
         "| run | SLO attainment | wait p95 (s) | wait p99 (s) | violating minutes | replica-seconds | × oracle | scale actions | max replicas |",
         "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
for n, r in runs.items():
    lines.append(f'| {n} | {r["sloAttainment"]*100:.2f}% | {r["waitP95"]:.3f} | {r["waitP99"]:.3f} | {r["violatingMinutes"]} | '
                 f'{r["replicaSeconds"]:.0f} | {r["replicaSeconds"]/o:.3f} | {r["scaleActions"]} | {r["maxReplicas"]} |')
h, re_ = runs["hybrid"], runs["reactive"]
ratio = h["replicaSeconds"] / o
met = h["sloAttainment"] >= 0.99 and h["sloAttainment"] >= re_["sloAttainment"] and ratio <= 1.15
lines += ["", f'Targets: hybrid ≥ 99% and ≥ reactive ({h["sloAttainment"]*100:.2f}% vs {re_["sloAttainment"]*100:.2f}%), '
          f'replica-seconds ≤ 1.15 × oracle ({ratio:.3f}): {"met" if met else "MISSED"}.', "",
          "| replay speed (trace × 52) | requests | wall s | requests/s | ÷ 200k/s target | ÷ plain CSV read |", "|---|---:|---:|---:|---:|---:|",
          f'| baseline: warm CSV read + parse of the same requests | {t["traceFileRequests"]:,} | {t["traceReadSeconds"]:.3f} | {t["traceReadRequestsPerSecond"]:,.0f} | {t["traceReadRequestsPerSecond"]/200000:.2f} | 1.00 |']
worst = min(r["requestsPerSecond"] for r in t["runs"])
for r in t["runs"]:
    lines.append(f'| {r["name"]} | {r["requests"]:,} | {r["wallSeconds"]:.3f} | {r["requestsPerSecond"]:,.0f} | {r["requestsPerSecond"]/200000:.2f} | {r["requestsPerSecond"]/t["traceReadRequestsPerSecond"]:.2f} |')
lines += ["", f'Target ≥ 1,000,000 requests at ≥ 200,000 requests/s: {"met" if worst >= 200000 else "MISSED"} (slowest run {worst:,.0f}/s; the first run also pays JIT warm-up).', "",
          "Reading the figures: the trace ramps smoothly (190 → 507 requests/min and back), so the forecast adds little over a queue-aware reactive policy here; "
          "the predictive run is the cheapest and hybrid is bounded below by reactive. The oracle sizes for exactly the offered load (100% utilisation of the "
          "slots, no headroom, no rate limits) from the true future, so it is the cost reference rather than an SLO ceiling.", "<!-- simulator:end -->"]
section = "\n".join(lines) + "\n"
text = open(doc).read() if os.path.exists(doc) else "# Benchmarks\n\nEach section is written by its own script; figures are ratios measured in one run on the same machine.\n\n"
b, e = "<!-- simulator:begin -->", "<!-- simulator:end -->"
if b in text and e in text:
    text = text[:text.index(b)] + section.rstrip("\n") + text[text.index(e) + len(e):]
else:
    text = text.rstrip("\n") + "\n\n" + section
open(doc, "w").write(text)
print(section)
PY
