#!/usr/bin/env bash
# Times whole JVM runs of a short JDBC program without the agent, with it idle, and with it
# applying a config file at start-up, alternating them so that machine noise hits all alike, and
# prints the mean and median wall time, the mean CPU time (user + sys, from /usr/bin/time) and what
# the agent adds to each.
#   bench/startup.sh [runs]        (after ./mvnw -B -q -DskipTests package)
# FAULTLINE_AGENT_JAR=<jar> times another build of the agent instead of this one;
# FAULTLINE_BASELINE_JAR=<jar> adds that build's two set-ups to the same alternation.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
jar=bench/target/benchmarks.jar
agent=${FAULTLINE_AGENT_JAR:-agent/target/faultline-agent.jar}
baseline=${FAULTLINE_BASELINE_JAR:-}
[ -f "$jar" ] && [ -f "$agent" ] || { echo "build first: ./mvnw -B -q -DskipTests package" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
config=$work/faults.json
echo '{"point": "jdbc.execute", "action": "delay", "delay": "1s", "match": {"sql": "from inventory"}}' > "$config"

# One run: "wall_ms cpu_ms".
time_run() {
  local start end
  start=$(date +%s%N)
  /usr/bin/time -f '%U %S' -o "$work/time" java "$@" -cp "$jar" dev.faultline.bench.StartupProbe 2>/dev/null
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000000 )) $(awk '{printf "%d", ($1 + $2) * 1000}' "$work/time")"
}

setups=(plain idle configured)
declare -A options=([plain]="" [idle]="-javaagent:$agent=log=off" [configured]="-javaagent:$agent=log=off,config=$config")
declare -A labels=([plain]="no agent" [idle]="agent, no fault" [configured]="agent, config= fault")
if [ -n "$baseline" ]; then
  setups+=(base_idle base_configured)
  options[base_idle]="-javaagent:$baseline=log=off"
  options[base_configured]="-javaagent:$baseline=log=off,config=$config"
  labels[base_idle]="baseline, no fault"
  labels[base_configured]="baseline, config="
fi

for _ in 1 2; do for s in "${setups[@]}"; do time_run ${options[$s]} > /dev/null; done; done  # warm the file cache
for ((i = 0; i < runs; i++)); do
  for s in "${setups[@]}"; do time_run ${options[$s]} >> "$work/$s"; done
done

mean() { awk -v c="$2" '{s += $c} END {printf "%d", s / NR}' "$1"; }
median() { awk -v c="$2" '{print $c}' "$1" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
echo "runs: $runs each, $(java -version 2>&1 | head -1), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for s in "${setups[@]}"; do
  line=$(printf '%-22s wall mean %d ms, median %d ms; CPU mean %d ms' "${labels[$s]}:" \
    "$(mean "$work/$s" 1)" "$(median "$work/$s" 1)" "$(mean "$work/$s" 2)")
  if [ "$s" != plain ]; then
    line="$line   added: wall $(( $(mean "$work/$s" 1) - $(mean "$work/plain" 1) )) ms (median $(( $(median "$work/$s" 1) - $(median "$work/plain" 1) ))), CPU $(( $(mean "$work/$s" 2) - $(mean "$work/plain" 2) )) ms"
  fi
  echo "$line"
done
