#!/usr/bin/env bash
# Profiles sse-hub under the fanout workload with Java Flight Recorder and prints its hottest
# methods: what to look at before optimising the fan-out.
#
#   bench/profile.sh [SUBSCRIBERS]     default 10000; the recording stays in bench/results/
set -euo pipefail
cd "$(dirname "$0")/.."
subscribers=${1:-10000}

./mvnw -q -B package -DskipTests
./mvnw -q -B -f bench/pom.xml package

ulimit -n "$(ulimit -Hn)"
out=bench/results/$(date -u +%Y%m%d-%H%M%S)-profile
mkdir -p "$out"
recording=$(realpath "$out")/sse-hub.jfr
# SIGTERM at the end makes the JVM write the recording; no shutdown delay is needed for that.
taskset -c 0 java -jar bench/target/sse-hub-bench.jar --quick --servers sse-hub --workloads fanout \
    --fanout-counts "$subscribers" --out "$out" \
    --hub-opt "-XX:StartFlightRecording=filename=$recording,settings=profile" \
    --hub-opt -Dquarkus.shutdown.delay-enabled=false

# "jfr view" came with JDK 21; use a newer JDK's jfr when the default one lacks it.
jfr=jfr
for candidate in /usr/lib/jvm/*/bin/jfr; do
    if "$candidate" help view >/dev/null 2>&1; then jfr=$candidate; break; fi
done
"$jfr" view --width 160 hot-methods "$recording" || "$jfr" summary "$recording"
echo "recording: $recording"
