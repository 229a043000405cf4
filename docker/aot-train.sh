#!/bin/bash
# The training run that writes the JDK's AOT cache (JEP 483/515) for docker/Dockerfile.jvm, inside the
# image, so that the JVM that makes the cache is the one that uses it. Starts the hub on loopback with
# throw-away keys, opens a subscription and the demo stream, reads the probes and the metrics, then
# stops it with SIGTERM: the JVM writes the cache as it exits. Keys and settings of the training run
# are not kept; the cache holds loaded and linked classes and method profiles only.
#
#   aot-train.sh CACHE [JAVA OPTION...]     e.g. aot-train.sh /deployments/app.aot -XX:+UseParallelGC
#
# The jar is /deployments/quarkus-run.jar, or $AOT_TRAIN_JAR; java is the one on the PATH.
set -euo pipefail

cache=$1
shift
port=18080
log=/tmp/aot-train.log

HUB_RESOURCE="http://127.0.0.1:$port/.well-known/mercure" java "$@" -XX:AOTCacheOutput="$cache" \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=$port \
    -Dhub.publisher-jwt.key=aot-training-only-publisher-key-0123456789 \
    -Dhub.subscriber-jwt.key=aot-training-only-subscriber-key-0123456789 \
    -Dhub.anonymous=true -jar "${AOT_TRAIN_JAR:-/deployments/quarkus-run.jar}" > "$log" 2>&1 &
hub=$!

# GET PATH for at most SECONDS over bash's /dev/tcp (the runtime image has no curl to rely on);
# true if it answered 200.
get() {
    local status
    exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
    printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*\r\nConnection: close\r\n\r\n' "$1" >&3
    IFS= read -r -t 5 status <&3 || status=
    timeout "$2" cat <&3 > /dev/null || true
    exec 3>&-
    [[ $status == "HTTP/1.1 200"* ]]
}

for _ in $(seq 600); do
    get /q/health/ready 2 2>/dev/null && break
    kill -0 "$hub" 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.1
done
for _ in 1 2 3; do
    get '/.well-known/mercure?topic=x' 1 & a=$!
    get '/.well-known/mercure?topic=https%3A%2F%2Fexample.com%2Fbooks%2F%7Bid%7D' 1 & b=$!
    get /sse/events 2 & c=$!
    get /q/health/live 1 || true
    get /q/metrics 1 || true
    wait "$a" "$b" "$c" || true
done
kill -TERM "$hub"
wait "$hub" || true
grep -q 'AOTCache creation is complete' "$log" || { cat "$log"; exit 1; }
