#!/usr/bin/env bash
# Faultline beside Byteman in one run: the JMH table of PeerCompareReport (no agent / Faultline idle /
# Byteman's rules armed and firing / Faultline's faults elsewhere and firing, set-ups alternated), then
# the start-up each adds to startup.sh's program (start the JVM, open H2, run one query, exit), the
# set-ups alternated run by run. Rules and faults: bench/peer/byteman.btm, bench/peer/faultline.json.
#   bench/peer-compare.sh [rounds] [start-up runs]
#   (after ./mvnw -B -q -ntp -pl bridge,agent,bench -am package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-2}
runs=${2:-20}
jar=bench/target/benchmarks.jar
agent=$PWD/agent/target/faultline-agent.jar
byteman=$PWD/bench/target/byteman.jar
rules=$PWD/bench/peer/byteman.btm
faults=$PWD/bench/peer/faultline.json
[ -f "$jar" ] && [ -f "$agent" ] && [ -f "$byteman" ] || { echo "build first: ./mvnw -B -q -ntp -pl bridge,agent,bench -am package -DskipTests" >&2; exit 2; }

# JMH's own progress goes to a log; the report's table is what is printed.
log=$(mktemp --suffix=.log)
echo "JMH output: $log"
java -cp "$jar" dev.faultline.bench.PeerCompareReport "$agent" "$rounds" > "$log" 2>&1 || { tail -40 "$log" >&2; exit 1; }
sed -n '/ rounds, set-ups alternated/,$p' "$log"

time_run() {
  local start end
  start=$(date +%s%N)
  java "$@" -cp "$jar" dev.faultline.bench.StartupProbe 2>/dev/null
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}
bm=("-javaagent:$byteman=script:$rules,boot:$byteman" -Dorg.jboss.byteman.transform.all)
plain=(); idle=(); bmrules=(); configured=()
for _ in 1 2; do time_run >/dev/null; time_run "-javaagent:$agent=log=off" >/dev/null; time_run "${bm[@]}" >/dev/null; done  # warm the file cache
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for ((i = 0; i < runs; i++)); do
  plain+=("$(time_run)")
  idle+=("$(time_run "-javaagent:$agent=log=off")")
  bmrules+=("$(time_run "${bm[@]}")")
  configured+=("$(time_run "-javaagent:$agent=log=off,config=$faults")")
done
stats() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1; s+=$1} END {printf "mean %d ms, median %d ms", s/NR, a[int((NR+1)/2)]}'; }
mean() { printf '%s\n' "$@" | awk '{s+=$1} END {print int(s/NR)}'; }
echo
echo "start-up, $runs runs each alternated, load average $load_before before, $(cut -d' ' -f1-3 /proc/loadavg) after, $(java -version 2>&1 | head -1)"
echo "no agent:                       $(stats "${plain[@]}")"
echo "Faultline, no fault:            $(stats "${idle[@]}")   added $(( $(mean "${idle[@]}") - $(mean "${plain[@]}") )) ms"
echo "Byteman, bench/peer rules:      $(stats "${bmrules[@]}")   added $(( $(mean "${bmrules[@]}") - $(mean "${plain[@]}") )) ms"
echo "Faultline, bench/peer faults:   $(stats "${configured[@]}")   added $(( $(mean "${configured[@]}") - $(mean "${plain[@]}") )) ms"
rm -f "$log"
