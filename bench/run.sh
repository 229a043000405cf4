#!/usr/bin/env bash
# Reproduces BENCHMARKS.md: builds sse-hub and the benchmark, then measures sse-hub and nginx+nchan
# with the same generator in one run and writes the report and its charts.
#
#   bench/run.sh            the documented run (about 30 minutes), low-rate workload first
#   bench/run.sh --quick    a few minutes, for iterating (writes bench/results/*-quick/REPORT.md only)
#   bench/run.sh --at-size  the scale-out run at size instead: bench/at-size.sh (Redis and 6 replicas
#                           holding 100,000 subscribers; needs redis-server, not nginx; 5 to 8 minutes)
#
# Any other option goes to the generator (see dev.ssehub.bench.BenchMain). The generator runs on
# CPU 0 and pins each server to CPU 1; both raise their open-files limit to the hard limit.
set -euo pipefail
cd "$(dirname "$0")/.."
# A script of its own: other processes (Redis, 6 replicas, 6 generators, none pinned), other tools,
# its own report section; the options after --at-size are its own.
if [[ "${1:-}" == --at-size ]]; then
    shift
    exec bench/at-size.sh "$@"
fi

if [[ $(nproc --all) -lt 2 ]]; then
    echo "needs 2 CPUs: the generator on CPU 0, the server on CPU 1" >&2
    exit 1
fi
command -v nginx >/dev/null || { echo "nginx missing: apt-get install nginx-light libnginx-mod-nchan" >&2; exit 1; }

./mvnw -q -B package -DskipTests
./mvnw -q -B -f bench/pom.xml package

ulimit -n "$(ulimit -Hn)"
run_id=$(date -u +%Y%m%d-%H%M%S)
if [[ " $* " == *" --quick "* ]]; then
    out=bench/results/$run_id-quick
    report=(--report "$out/REPORT.md" --charts "$out/charts")
else
    out=bench/results/$run_id
    report=(--report BENCHMARKS.md --charts docs/bench)
fi
bench() { taskset -c 0 java -jar bench/target/sse-hub-bench.jar --out "$out" "$@"; }
bench "$@"
# What the history of Subscription updates adds to sse-hub's idle memory: idle again without them.
bench "$@" --servers sse-hub-quiet --workloads idle
bench --report-only "$out" "${report[@]}"
