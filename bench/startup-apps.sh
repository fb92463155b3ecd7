#!/usr/bin/env bash
# Start-up of real applications without the agent and with it idle (-javaagent, no fault), the two
# alternating in one run so that machine noise hits both alike:
#   sqlline    sqlline 1.12.0 (Maven Central) opening an in-memory H2 database and running one
#              query: the whole process, start to exit;
#   spring     the product sample (Spring Boot 3.5: web, JDBC through HikariCP, actuator), on an
#              in-memory H2 database: up to its "Started ... (process running for X)" line.
#   sqlline-cds, spring-cds
#              the same, each started as its users speed it up: with a class data archive of its
#              own, made by a training run without the agent (-XX:ArchiveClassesAtExit; Spring Boot
#              from its extracted jar, as its CDS documentation has it) and used by both sides.
# For each it reports wall time, CPU time (user + sys) and peak RSS, as means and medians, and
# what the agent adds.
#   bench/startup-apps.sh [runs] [sqlline|spring|all|sqlline-cds|spring-cds|all-cds] [extra JVM options for both sides]
# FAULTLINE_AGENT_JAR=<jar> times another build of the agent instead of this one;
# FAULTLINE_BASELINE_JAR=<jar> adds that build, idle, to the same alternation.
#   (after ./mvnw -B -q -DskipTests package; sqlline and H2 are fetched into bench/target/apps)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
which=${2:-all}
extra=${3:-}
root=$(pwd)
agent=${FAULTLINE_AGENT_JAR:-$root/agent/target/faultline-agent.jar}
baseline=${FAULTLINE_BASELINE_JAR:-}
product=$root/samples/product/target/product.jar
apps=$root/bench/target/apps
sqlline=$apps/sqlline-1.12.0-jar-with-dependencies.jar
h2=$apps/h2-2.3.232.jar
[ -f "$agent" ] || { echo "build first: ./mvnw -B -q -DskipTests package" >&2; exit 2; }
if [ ! -f "$sqlline" ] || [ ! -f "$h2" ]; then
  ./mvnw -B -q -ntp dependency:copy -DoutputDirectory="$apps" \
    -Dartifact=sqlline:sqlline:1.12.0:jar:jar-with-dependencies
  ./mvnw -B -q -ntp dependency:copy -DoutputDirectory="$apps" -Dartifact=com.h2database:h2:2.3.232
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo 'select count(*) from information_schema.tables;' > "$work/query.sql"
ticks=$(getconf CLK_TCK)

# One sqlline run: "wall_ms cpu_ms rss_kib", the whole process.
run_sqlline() {
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" java $extra "$@" -cp "$sqlline:$h2" sqlline.SqlLine \
    -u jdbc:h2:mem:bench -n sa -p '' --run="$work/query.sql" < /dev/null > "$work/out" 2>&1
  grep -q '1 row selected' "$work/out" || { echo "sqlline failed:" >&2; cat "$work/out" >&2; exit 1; }
  awk '{printf "%d %d %d\n", $1 * 1000, ($2 + $3) * 1000, $4}' "$work/time"
}

# One Spring Boot run, read when the "Started" line appears: "running_for_ms cpu_ms rss_kib"
# (CPU and peak RSS of the process from /proc at that moment); the service is then stopped.
spring_launch=(-Dloader.path="$h2" -cp "$product" org.springframework.boot.loader.launch.PropertiesLauncher)
spring_args=(--server.port=0 --management.server.port=0 --spring.datasource.url=jdbc:h2:mem:product
  --spring.datasource.username=sa --spring.datasource.password=
  --spring.sql.init.schema-locations="file:$root/bench/apps/product-h2.sql")
run_spring() {
  local log=$work/spring.log pid line
  java $extra "$@" "${spring_launch[@]}" "${spring_args[@]}" > "$log" 2>&1 &
  pid=$!
  line=
  for _ in $(seq 1200); do  # 120 s at most
    line=$(grep -m1 -o 'process running for [0-9.]*' "$log" || true)
    [ -n "$line" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$line" ]; then
    kill "$pid" 2>/dev/null || true
    echo "the service did not start:" >&2; tail -20 "$log" >&2; exit 1
  fi
  local cpu rss
  cpu=$(awk -v t="$ticks" '{printf "%d", ($14 + $15) * 1000 / t}' "/proc/$pid/stat")
  rss=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$line" | awk -v c="$cpu" -v r="$rss" '{printf "%d %d %d\n", $4 * 1000, c, r}'
}

stats() {  # column of the results file -> "mean M, median D"
  sort -n | awk '{a[NR]=$1; s+=$1} END {printf "%d %d", s/NR, a[int((NR+1)/2)]}'
}

report() {  # name, unit label of the first column
  local name=$1 first=$2 side who
  echo "$name: $runs runs each, alternating"
  for side in agent baseline; do
    [ -f "$work/$name.$side" ] || continue
    who="agent idle"; [ "$side" = baseline ] && who="baseline idle"
    for col in 1 2 3; do
      local label unit
      case $col in 1) label=$first; unit=ms ;; 2) label="CPU (user+sys)"; unit=ms ;; 3) label="peak RSS"; unit=KiB ;; esac
      read -r pm pd <<< "$(awk -v c=$col '{print $c}' "$work/$name.plain" | stats)"
      read -r am ad <<< "$(awk -v c=$col '{print $c}' "$work/$name.$side" | stats)"
      awk -v l="$label" -v u="$unit" -v w="$who" -v pm="$pm" -v pd="$pd" -v am="$am" -v ad="$ad" 'BEGIN {
        if (u == "KiB") printf "  %-18s no agent mean %.1f MiB (median %.1f), %s mean %.1f MiB (median %.1f): %+.1f MiB\n", l, pm/1024, pd/1024, w, am/1024, ad/1024, (am-pm)/1024;
        else printf "  %-18s no agent mean %d ms (median %d), %s mean %d ms (median %d): %+d ms, x%.2f\n", l, pm, pd, w, am, ad, am-pm, am/pm }'
    done
  done
}

# Both sides alternating: name, label of the first column, the function of one run.
compare() {
  local name=$1 first=$2 run=$3
  $run > /dev/null; $run "-javaagent:$agent=log=off" > /dev/null  # warm the file cache
  for ((i = 0; i < runs; i++)); do
    $run >> "$work/$name.plain"
    $run "-javaagent:$agent=log=off" >> "$work/$name.agent"
    [ -z "$baseline" ] || $run "-javaagent:$baseline=log=off" >> "$work/$name.baseline"
  done
  report "$name" "$first"
}

need_product() {
  [ -f "$product" ] || { echo "build the sample: ./mvnw -B -q -pl samples/product -am -DskipTests package" >&2; exit 2; }
}

echo "$(java -version 2>&1 | head -1); $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
case $which in all | sqlline) compare sqlline wall run_sqlline ;; esac
case $which in all | spring) need_product; compare spring "process running for" run_spring ;; esac
plain_extra=$extra
case $which in all-cds | sqlline-cds)
  extra="$plain_extra -XX:ArchiveClassesAtExit=$work/sqlline.jsa"; run_sqlline > /dev/null
  extra="$plain_extra -XX:SharedArchiveFile=$work/sqlline.jsa"
  compare sqlline-cds wall run_sqlline ;;
esac
case $which in all-cds | spring-cds)
  need_product
  java -Djarmode=tools -jar "$product" extract --destination "$work/product" > /dev/null
  spring_launch=(-cp "$work/product/product.jar:$h2" dev.faultline.samples.product.ProductApplication)
  # The training run stops once the context is refreshed, as Spring Boot's CDS documentation does.
  java $plain_extra -XX:ArchiveClassesAtExit="$work/spring.jsa" -Dspring.context.exit=onRefresh \
    "${spring_launch[@]}" "${spring_args[@]}" > "$work/training.log" 2>&1 || { echo "the training run failed:" >&2; tail -20 "$work/training.log" >&2; exit 1; }
  extra="$plain_extra -XX:SharedArchiveFile=$work/spring.jsa"
  compare spring-cds "process running for" run_spring ;;
esac
