#!/usr/bin/env bash
# The idle path of an instrumented call, with this build's agent and with another (a baseline build,
# such as main's), in one run: JdbcCallBenchmark.noopStatementExecuteQuery without an agent, then
# with each agent idle, the set-ups alternated per round so machine noise hits all alike.
#   bench/idle-compare.sh <baseline-agent.jar> [rounds]   (after ./mvnw -B -q -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
baseline=${1:?give the baseline agent jar, e.g. one built from main}
rounds=${2:-2}
jar=bench/target/benchmarks.jar
agent=agent/target/faultline-agent.jar
[ -f "$jar" ] && [ -f "$agent" ] && [ -f "$baseline" ] || { echo "build first: ./mvnw -B -q -DskipTests package; and give a baseline jar" >&2; exit 2; }

run() { # <label> [jvm option]
  local label=$1; shift
  local extra=()
  [ $# -gt 0 ] && extra=(-jvmArgsAppend "$1")
  java -cp "$jar" org.openjdk.jmh.Main 'JdbcCallBenchmark.noopStatementExecuteQuery' -f 2 -wi 4 -i 6 -w 1 -r 1 \
      -tu ns -bm avgt "${extra[@]}" 2>/dev/null | awk -v label="$label" '/^JdbcCallBenchmark.noopStatementExecuteQuery/ {printf "%-22s %10s ± %s ns/op\n", label, $(NF-3), $(NF-1)}'
}
for ((i = 1; i <= rounds; i++)); do
  run "no agent"
  run "baseline agent idle" "-javaagent:$(realpath "$baseline")=log=off"
  run "this agent idle" "-javaagent:$(realpath "$agent")=log=off"
done
