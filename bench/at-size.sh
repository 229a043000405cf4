#!/usr/bin/env bash
# Scale-out at size (issue 18): one redis-server, 6 sse-hub replicas on it (prod jars,
# hub.transport=redis) holding 100,000 subscribers on one topic, the generator spread over 6
# processes and 18 source addresses (127.0.0.20-37); probe updates published to one replica at 1 and
# 10 updates/s. Then the same with 6,000 subscribers, to compare Redis' cost per update. Writes
# bench/results/at-size-RUN-ID/ (at-size.md, at-size.csv, probes.csv, logs). 5 to 8 minutes.
#
#   bench/at-size.sh                                  with the defaults (BENCHMARKS.md, "Scale-out at size")
#   bench/at-size.sh --hub-opt -Dhub.subscriptions=false   the update path alone (its first table)
#   bench/at-size.sh --subscribers 600 --seconds 5    a smoke run
#
# Options go to dev.ssehub.bench.AtSizeMain (see its javadoc). Nothing is pinned: replicas,
# generators and Redis share the machine's CPUs. Loopback only; every process it starts ends by
# itself after 40 minutes at the latest.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v redis-server >/dev/null || { echo "redis-server missing: apt-get install redis-server" >&2; exit 1; }
[[ -f target/quarkus-app/quarkus-run.jar ]] || ./mvnw -q -B package -DskipTests
./mvnw -q -B -f bench/pom.xml package -DskipTests

# One generator process holds ~16,700 connections, one replica as many: raise the soft limit to the
# hard one (20,000 here), which the children inherit.
ulimit -n "$(ulimit -Hn)"
# The generator processes load classes from the jar as they go: run a copy, so that a rebuild during
# the run cannot pull classes from under them.
jar=$(mktemp --suffix=.jar)
trap 'rm -f "$jar"' EXIT
cp bench/target/sse-hub-bench.jar "$jar"
java -cp "$jar" dev.ssehub.bench.AtSizeMain "$@"
