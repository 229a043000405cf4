#!/usr/bin/env bash
# Publish->receive latency: one replica on the in-memory transport against two replicas on Redis
# (publish on A, subscribers on B), side by side, in rounds. Loopback only; stops by itself.
# Usage: bench/replicas-latency.sh [SUBSCRIBERS...]   (default: 100 1000; 3 rounds, 200 updates at 20/s)
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/quarkus-app/quarkus-run.jar
[ -f "$JAR" ] || ./mvnw -q -B package -DskipTests
ROUNDS=${ROUNDS:-3}
COUNTS=("${@:-100 1000}")
read -r -a COUNTS <<< "${COUNTS[*]}"
ulimit -n "$(ulimit -Hn)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
WORK=$(mktemp -d)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait || true
    rm -rf "$WORK"
}
trap cleanup EXIT
REDIS_PORT=$(free_port)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK" > "$WORK/redis.log" 2>&1 &
PIDS+=($!)
start_hub() {  # start_hub PORT [-D...]
    local port=$1; shift
    java -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" \
        -Dhub.publisher-jwt.key=bench-publisher-key-not-for-production-use-0123 \
        -Dhub.subscriber-jwt.key=bench-subscriber-key-not-for-production-use-012 \
        -Dhub.anonymous=true -Dhub.resource=http://127.0.0.1/.well-known/mercure -Dhub.limits.connections-per-client=0 -Dhub.demo.tick=1h -Dhub.drain.window=100ms -Dquarkus.log.console.json.enabled=false "$@" \
        -jar "$JAR" > "$WORK/hub-$port.log" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:$port/q/health/ready" && return 0; sleep 0.2; done
    echo "hub on $port did not become ready; see its log:" >&2; tail -20 "$WORK/hub-$port.log" >&2; exit 1
}
MEMORY=$(free_port); A=$(free_port); B=$(free_port)
start_hub "$MEMORY"
start_hub "$A" -Dhub.transport=redis -Dquarkus.redis.hosts="redis://127.0.0.1:$REDIS_PORT"
start_hub "$B" -Dhub.transport=redis -Dquarkus.redis.hosts="redis://127.0.0.1:$REDIS_PORT"
export PUBLISHER_KEY=bench-publisher-key-not-for-production-use-0123
for round in $(seq 1 "$ROUNDS"); do
    for n in "${COUNTS[@]}"; do
        echo "round=$round transport=memory $(node bench/replicas-latency.mjs "$MEMORY" "$MEMORY" "$n" 200 20)"
        echo "round=$round transport=redis-across $(node bench/replicas-latency.mjs "$B" "$A" "$n" 200 20)"
    done
done
