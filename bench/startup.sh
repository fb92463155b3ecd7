#!/usr/bin/env bash
# Times whole JVM runs of a short JDBC program without the agent, with it idle, and with it
# applying a config file at start-up, alternating them so that machine noise hits all alike, and
# prints the mean, the median and the start-up time the agent adds.
#   bench/startup.sh [runs]        (after ./mvnw -B -q -DskipTests package)
# FAULTLINE_AGENT_JAR=<jar> times another build of the agent (a baseline) instead of this one.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
jar=bench/target/benchmarks.jar
agent=${FAULTLINE_AGENT_JAR:-agent/target/faultline-agent.jar}  # another build's jar to compare
[ -f "$jar" ] && [ -f "$agent" ] || { echo "build first: ./mvnw -B -q -DskipTests package" >&2; exit 2; }

time_run() {
  local start end
  start=$(date +%s%N)
  java "$@" -cp "$jar" dev.faultline.bench.StartupProbe 2>/dev/null
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}

config=$(mktemp --suffix=.json)
trap 'rm -f "$config"' EXIT
echo '{"point": "jdbc.execute", "action": "delay", "delay": "1s", "match": {"sql": "from inventory"}}' > "$config"

plain=(); idle=(); configured=()
for _ in 1 2; do time_run >/dev/null; time_run "-javaagent:$agent=log=off" >/dev/null; done  # warm the file cache
for ((i = 0; i < runs; i++)); do
  plain+=("$(time_run)")
  idle+=("$(time_run "-javaagent:$agent=log=off")")
  configured+=("$(time_run "-javaagent:$agent=log=off,config=$config")")
done

stats() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1; s+=$1} END {printf "mean %d ms, median %d ms", s/NR, a[int((NR+1)/2)]}'; }
mean() { printf '%s\n' "$@" | awk '{s+=$1} END {print int(s/NR)}'; }
echo "runs: $runs each, $(java -version 2>&1 | head -1)"
echo "no agent:             $(stats "${plain[@]}")"
echo "agent, no fault:      $(stats "${idle[@]}")   added $(( $(mean "${idle[@]}") - $(mean "${plain[@]}") )) ms"
echo "agent, config= fault: $(stats "${configured[@]}")   added $(( $(mean "${configured[@]}") - $(mean "${plain[@]}") )) ms"
