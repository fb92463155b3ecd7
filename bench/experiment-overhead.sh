#!/usr/bin/env bash
# The experiment runner's cost to a target: CPU of an idle JVM (bench/experiment/ServiceTarget.java)
# over the same span without and with `faultline run` sampling ten probes every second
# (bench/experiment/overhead.yaml: four HTTP, three JMX, two JVM figures, one fault counter; one
# fault active so that the agent publishes its counters too). CPU from /proc/<pid>/stat.
#   bench/experiment-overhead.sh [seconds [lead-in]]      (after ./mvnw -B -q -pl control-cli -am package -DskipTests)
# lead-in: seconds between the run's start and the measurement (default 25): attach, agent load, the
# steady-state check. The target's JIT goes on compiling what the probes call (RMI, serialization,
# its HTTP server) for a minute or two more; a lead-in of 150 leaves that out too.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
lead_in=${2:-25}
cli=control-cli/target/faultline
[ -x "$cli" ] || { echo "build first: ./mvnw -B -q -pl control-cli -am package -DskipTests" >&2; exit 2; }
tick=$(getconf CLK_TCK)
work=$(mktemp -d)
java -Xshare:auto -XX:+EnableDynamicAgentLoading bench/experiment/ServiceTarget.java > "$work/target.out" 2>&1 &
target=$!
trap 'kill $target 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 200); do grep -q '^port' "$work/target.out" && break; sleep 0.1; done
port=$(awk '/^port/ {print $2}' "$work/target.out")
cpu_ticks() { awk '{print $14 + $15}' "/proc/$target/stat"; }
measure() { # CPU % of one core used by the target over $seconds
  local before after
  before=$(cpu_ticks); sleep "$seconds"; after=$(cpu_ticks)
  awk -v t="$((after - before))" -v hz="$tick" -v s="$seconds" 'BEGIN {printf "%.2f", 100 * t / hz / s}'
}

sleep 5 # the JVM's start-up settles
idle=$(measure)
"$cli" run bench/experiment/overhead.yaml --var "base=http://127.0.0.1:$port" --var "seconds=$((seconds + lead_in + 5))" --out "$work/runs" > "$work/run.out" &
runner=$!
sleep "$lead_in" # attach, agent load, the steady-state check (and with a longer lead-in the JIT): one-off costs
sampled=$(measure)
wait $runner || { echo "the run failed:"; cat "$work/run.out"; exit 1; }
samples=$(grep -oE '\[ ?[0-9]+, ' "$work"/runs/*/journal.json | wc -l || true)
echo "target CPU, idle:                      $idle % of a core over ${seconds}s"
echo "target CPU, 10 probes every second:    $sampled % of a core over ${seconds}s"
echo "runner overhead on the target:         $(awk -v a="$sampled" -v b="$idle" 'BEGIN {printf "%.2f", a - b}') percentage points ($samples samples taken)"
