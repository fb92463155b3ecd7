#!/usr/bin/env bash
# The memory an agent adds to a real application when idle, by Native Memory Tracking: a Spring Boot
# fat jar of the samples (web, actuator) started without an agent, with Faultline at start-up (measured
# idle, then again after one fault was enabled and disabled over jcmd), and with Byteman and the rules
# of bench/peer/byteman.btm, the set-ups alternated round by round. Each JVM is measured once it has
# started and its loaded-class count has stopped moving, after a full GC: heap used, metaspace
# committed, NMT's total committed less the (fixed-size) heap, each NMT category, and the classes
# loaded, counted by where they come from (-Xlog:class+load).
#   bench/footprint.sh [rounds] [app.jar]
#   (after ./mvnw -B -q -ntp -pl bridge,agent,bench,samples/coordination -am package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
app=${2:-samples/coordination/target/coordination.jar}
agent=$PWD/agent/target/faultline-agent.jar
byteman=$PWD/bench/target/byteman.jar
rules=$PWD/bench/peer/byteman.btm
[ -f "$app" ] && [ -f "$agent" ] && [ -f "$byteman" ] || { echo "build first: ./mvnw -B -q -ntp -pl bridge,agent,bench,samples/coordination -am package -DskipTests" >&2; exit 2; }
out=$(mktemp -d); mkdir "$out/m"
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$out"' EXIT

# The heap is fixed (-Xms = -Xmx) so that its committed size is the same in every set-up; what the
# agent adds to it shows as heap used after a full GC.
jvm=(-XX:NativeMemoryTracking=summary -Xms256m -Xmx256m)

loaded() { jcmd "$1" PerfCounter.print 2>/dev/null | awk -F= '/^java.cls.loadedClasses=/ {print $2}'; }

# Waits for the application's "Started" line, then until the loaded-class count holds for 3 s (an
# agent that instruments beside the application's start is then done).
settle() { # <pid> <log>
  local i last now
  for ((i = 0; i < 600; i++)); do
    grep -q "Started " "$2" && break
    kill -0 "$1" 2>/dev/null || { echo "the application exited: $(tail -5 "$2")" >&2; exit 1; }
    sleep 0.5
  done
  grep -q "Started " "$2" || { echo "the application did not start within 300 s" >&2; exit 1; }
  last=-1
  for ((i = 0; i < 60; i++)); do
    now=$(loaded "$1")
    [ "$now" = "$last" ] && return
    last=$now
    sleep 3
  done
}

# Prints "key value" lines for one JVM at this moment.
measure() { # <pid> <class-load log>
  jcmd "$1" GC.run >/dev/null
  jcmd "$1" GC.heap_info | grep -o 'used [0-9]*K' | head -1 | awk '{sub("K", "", $2); print "heap.used.KB", $2}'
  jcmd "$1" VM.native_memory summary | awk '
    /^Total: / { match($0, /committed=[0-9]+KB/); print "total.committed.KB", substr($0, RSTART + 10, RLENGTH - 12) }
    /^-/ { name = $0; sub(/^- */, "", name); sub(/ *\(reserved.*/, "", name); gsub(/ /, "_", name)
           match($0, /committed=[0-9]+KB/); v = substr($0, RSTART + 10, RLENGTH - 12); print "nmt." name ".KB", v
           if (name == "Java_Heap") heap = v; if (name == "Metaspace") meta = v }
    /\(classes #/ { match($0, /#[0-9]+/); print "classes", substr($0, RSTART + 1, RLENGTH - 1) }
    /\(thread #/ { match($0, /#[0-9]+/); print "threads", substr($0, RSTART + 1, RLENGTH - 1) }
    /Metadata:|Class space:/ { part = 1; next }
    part && /committed=/ { match($0, /committed=[0-9]+KB/); classmeta += substr($0, RSTART + 10, RLENGTH - 12); part = 0 }
    END { print "metaspace.committed.KB", (meta != "" ? meta : classmeta); print "heap.committed.KB", heap }'
  # Classes loaded, by origin; the JDK and the application are the rest.
  awk '/class,load/ {n = $0; sub(/^.*\]\[class,load\] */, "", n); sub(/ .*/, "", n)
         if (n ~ /^dev\.faultline\.shaded\.net\.bytebuddy/) c["Byte_Buddy"]++
         else if (n ~ /^dev\.faultline\.shaded\.com\.fasterxml/) c["Jackson"]++
         else if (n ~ /^dev\.faultline\.shaded\./) c["other_shaded"]++
         else if (n ~ /^dev\.faultline\./) c["Faultline"]++
         else if (n ~ /^org\.jboss\.byteman/) c["Byteman"]++
         else if (n ~ /^(javax\.management|com\.sun\.jmx|sun\.management|java\.lang\.management|com\.sun\.management)/) c["JMX"]++
         else if (n ~ /^(java\.lang\.instrument|sun\.instrument)/) c["instrument"]++
         else c["rest"]++ }
       END { for (k in c) print "loaded." k, c[k] }' "$2"
}

run() { # <label> [jvm options...]
  local label=$1 log="$out/app.log" classes="$out/classes.log" r
  shift
  java "${jvm[@]}" "$@" "-Xlog:class+load=info:file=$classes::filecount=0" -jar "$app" --server.port=0 > "$log" 2>&1 &
  pid=$!
  settle "$pid" "$log"
  measure "$pid" "$classes" > "$out/m/$label.$round"
  if [ "$label" = "Faultline" ]; then
    # One fault switched on and off over jcmd: what a fault leaves behind once it is gone.
    r=$(jcmd "$pid" JVMTI.agent_load "$agent" '"enable dns.resolve error host:^nowhere\.invalid$ id:footprint"'; jcmd "$pid" VM.system_properties | grep -o 'faultline.last=.*')
    case "$r" in *"ok footprint"*) ;; *) echo "enable failed: $r" >&2; exit 1 ;; esac
    jcmd "$pid" JVMTI.agent_load "$agent" '"disable footprint"' >/dev/null
    r=$(jcmd "$pid" VM.system_properties | grep -o 'faultline.last=.*')
    case "$r" in *"disabled footprint"*) ;; *) echo "disable failed: $r" >&2; exit 1 ;; esac
    settle "$pid" "$log"
    measure "$pid" "$classes" > "$out/m/Faultline after a fault.$round"
  fi
  kill "$pid"; wait "$pid" 2>/dev/null || true
  pid=
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for ((round = 1; round <= rounds; round++)); do
  run "no agent"
  run "Faultline" "-javaagent:$agent=log=off"
  run "Byteman" "-javaagent:$byteman=script:$rules,boot:$byteman" -Dorg.jboss.byteman.transform.all
done

echo "$(basename "$app"), $rounds rounds alternated, load average $load_before before, $(cut -d' ' -f1-3 /proc/loadavg) after, $(java -version 2>&1 | head -1)"
echo "means over the rounds; added = against no agent; KB unless a count"
# One table: a row per figure, a column per set-up (mean over rounds) and what each adds.
awk -v rounds="$rounds" '
  { n = split(FILENAME, p, "/"); setup = p[n]; sub(/\.[0-9]+$/, "", setup)
    sum[setup, $1] += $2; if (!($1 in seen)) { seen[$1] = 1; keys[++nk] = $1 } }
  END {
    order[2] = "Faultline"; order[3] = "Faultline after a fault"; order[4] = "Byteman"
    printf "| figure | no agent | Faultline idle | added | Faultline after a fault | added | Byteman rules | added |\n|---|---:|---:|---:|---:|---:|---:|---:|\n"
    for (i = 1; i <= nk; i++) {
      k = keys[i]; base = sum["no agent", k] / rounds
      line = sprintf("| %s | %.0f", k, base)
      for (j = 2; j <= 4; j++) { v = sum[order[j], k] / rounds; line = line sprintf(" | %.0f | %+.0f", v, v - base) }
      print line " |"
    }
  }' "$out"/m/*
