#!/usr/bin/env bash
# Times the agent's library check (supported version and needed members) per declared library, in
# fresh class loaders of the oldest supported jars, three fresh JVMs of six rounds each.
#   bench/library-check.sh        (after ./mvnw -B -q -ntp -pl bridge,agent verify, which copies the jars)
set -euo pipefail
cd "$(dirname "$0")/.."
t=agent/target
[ -d "$t/test-classes" ] && [ -d "$t/it-oldest" ] || { echo "build first: ./mvnw -B -q -ntp -pl bridge,agent verify" >&2; exit 2; }
./mvnw -B -q -ntp -pl bridge,agent dependency:build-classpath -Dmdep.outputFile=target/library-check.cp >/dev/null
cp="$t/test-classes:$t/classes:bridge/target/classes:$(cat $t/library-check.cp)"
for _ in 1 2 3; do
  java -Dwarm -cp "$cp" dev.faultline.agent.LibraryCheckCost "$t/it-oldest" "$t/it-okhttp4" "$t/it-kafka3" "$t/it-oldest-grpc" | sed -n '1p;6p'
done
