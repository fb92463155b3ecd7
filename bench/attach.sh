#!/usr/bin/env bash
# Times `jcmd <pid> JVMTI.agent_load faultline-agent.jar '"enable ..."'` against a running JDBC
# program started without the agent, until the fault is in effect: from running jcmd to the start
# of the first call that the injected delay slowed. Repeats and prints each run and the mean.
#   bench/attach.sh [runs]        (after ./mvnw -B -q -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
jar=bench/target/benchmarks.jar
agent=$(pwd)/agent/target/faultline-agent.jar
[ -f "$jar" ] && [ -f "$agent" ] || { echo "build first: ./mvnw -B -q -DskipTests package" >&2; exit 2; }

total=0
for ((i = 1; i <= runs; i++)); do
  out=$(mktemp)
  java -cp "$jar" dev.faultline.bench.AttachTarget 200 30 > "$out" 2>/dev/null &
  target=$!
  for _ in $(seq 100); do grep -q '^ready' "$out" && break; sleep 0.1; done
  sleep 1  # let the target run its reads for a while, as a service would
  start=$(date +%s%3N)
  jcmd "$target" JVMTI.agent_load "$agent" '"enable jdbc.execute delay delay:300ms"' > /dev/null
  returned=$(date +%s%3N)
  wait "$target" || true
  slow=$(awk '/^slow-read-started-at/ {print $2}' "$out")
  rm -f "$out"
  [ -n "$slow" ] || { echo "run $i: the fault never took effect" >&2; exit 1; }
  echo "run $i: jcmd returned after $((returned - start)) ms; first delayed call started $((slow - start)) ms after jcmd was run"
  total=$((total + slow - start))
done
echo "mean, jcmd run to fault in effect: $((total / runs)) ms over $runs runs ($(java -version 2>&1 | head -1))"
