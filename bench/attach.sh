#!/usr/bin/env bash
# Times loading the agent into a running JDBC program started without it, until the fault is in
# effect: from running the command to the start of the first call that the injected delay slowed.
#   jcmd: jcmd <pid> JVMTI.agent_load faultline-agent.jar '"enable jdbc.execute delay delay:300ms"'
#   cli:  faultline enable <pid> jdbc.execute delay --delay 300ms   (attaches, then enables)
# Target, jcmd and CLI run on $JAVA_HOME's JDK when set. Repeats and prints each run and the mean.
#   bench/attach.sh [runs] [jcmd|cli]        (after ./mvnw -B -q -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
how=${2:-jcmd}
jar=bench/target/benchmarks.jar
agent=$(pwd)/agent/target/faultline-agent.jar
cli=control-cli/target/faultline
bin=${JAVA_HOME:+$JAVA_HOME/bin/}
[ -f "$jar" ] && [ -f "$agent" ] && [ -x "$cli" ] || { echo "build first: ./mvnw -B -q -DskipTests package" >&2; exit 2; }
"$cli" --version > /dev/null  # the CLI's first run on this JDK makes its CDS archive

total=0
for ((i = 1; i <= runs; i++)); do
  out=$(mktemp)
  "${bin}java" -cp "$jar" dev.faultline.bench.AttachTarget 200 30 > "$out" 2>/dev/null &
  target=$!
  for _ in $(seq 100); do grep -q '^ready' "$out" && break; sleep 0.1; done
  sleep 1  # let the target run its reads for a while, as a service would
  start=$(date +%s%3N)
  if [ "$how" = cli ]; then
    "$cli" enable "$target" jdbc.execute delay --delay 300ms > /dev/null
  else
    "${bin}jcmd" "$target" JVMTI.agent_load "$agent" '"enable jdbc.execute delay delay:300ms"' > /dev/null
  fi
  returned=$(date +%s%3N)
  wait "$target" || true
  slow=$(awk '/^slow-read-started-at/ {print $2}' "$out")
  rm -f "$out"
  [ -n "$slow" ] || { echo "run $i: the fault never took effect" >&2; exit 1; }
  echo "run $i: $how returned after $((returned - start)) ms; first delayed call started $((slow - start)) ms after it was run"
  total=$((total + slow - start))
done
echo "mean, $how run to fault in effect: $((total / runs)) ms over $runs runs ($("${bin}java" -version 2>&1 | head -1))"
