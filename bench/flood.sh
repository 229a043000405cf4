#!/usr/bin/env bash
# The CPU-exhaustion flood of the topic-selector issue against sse-hub: builds sse-hub and the
# benchmark, then runs only the flood workload (about 75 s, loopback only) and prints its table:
# liveness and normal subscribers' latency without and under 40 anonymous connections asking for
# 30 costly URI Templates each, with a line per target (p99 under 100 ms).
#
#   bench/flood.sh                                  attackers from one address
#   bench/flood.sh --flood-attacker-addresses 40    one address per attacker (per-client budgets do not help)
#
# Any other option goes to the generator (see dev.ssehub.bench.BenchMain). As bench/run.sh, the
# generator runs on CPU 0 and pins sse-hub to CPU 1. Exits 0 whether or not the targets are met.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ $(nproc --all) -lt 2 ]]; then
    echo "needs 2 CPUs: the generator on CPU 0, the server on CPU 1" >&2
    exit 1
fi

./mvnw -q -B package -DskipTests
./mvnw -q -B -f bench/pom.xml package

ulimit -n "$(ulimit -Hn)"
out=bench/results/$(date -u +%Y%m%d-%H%M%S)-flood
taskset -c 0 java -jar bench/target/sse-hub-bench.jar --repeats 1 --servers sse-hub --workloads flood --out "$out" "$@"
echo "CSV: $out/flood.csv; server log: $out/servers/*-flood/server.log"
