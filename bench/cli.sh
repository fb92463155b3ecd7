#!/usr/bin/env bash
# Times faultline CLI commands as a user runs them (whole process runs, JVM start included):
# --version, jvms, attach (first time: loads the agent), list, enable, against a JDBC program;
# each command with the launcher's CDS archive and without it (FAULTLINE_CDS=off), alternating.
# The archive is made before the timed runs, as a user's first command makes it.
#   bench/cli.sh [runs]        (after ./mvnw -B -q -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
cli=control-cli/target/faultline
jar=bench/target/benchmarks.jar
[ -x "$cli" ] && [ -f "$jar" ] || { echo "build first: ./mvnw -B -q -DskipTests package" >&2; exit 2; }

out=$(mktemp)
java -cp "$jar" dev.faultline.bench.AttachTarget 100000 120 > "$out" 2>/dev/null &
target=$!
trap 'kill $target 2>/dev/null; rm -f "$out"' EXIT
for _ in $(seq 100); do grep -q '^ready' "$out" && break; sleep 0.1; done

time_ms() {
  local start end
  start=$(date +%s%N)
  "$@" > /dev/null
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}
mean() { printf '%s\n' "$@" | awk '{s+=$1} END {printf "%d", s/NR}'; }

rm -f control-cli/target/faultline-cli-*.jsa
"$cli" jvms > /dev/null  # the first run makes the archive
echo "attach (loads the agent): $(time_ms "$cli" attach "$target") ms"
for command in "--version" "jvms" "list $target" "enable $target jdbc.execute delay --delay 1ms --match sql=nothing --for 1m"; do
  with=(); without=()
  for ((i = 0; i < runs; i++)); do
    without+=("$(FAULTLINE_CDS=off time_ms "$cli" $command)")
    with+=("$(time_ms "$cli" $command)")
  done
  echo "faultline $command: mean $(mean "${with[@]}") ms with the CDS archive, $(mean "${without[@]}") ms without, over $runs runs"
done
