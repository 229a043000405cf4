#!/bin/bash
# A local trial of redis-ha.sh with real redis-server and sentinels, no cluster: three "pods" in a
# private network, mount and PID namespace (root, util-linux's unshare, redis-server 7, curl):
#   deploy/kubernetes-ha/redis/trial.sh          # Redis and Sentinel alone, about a minute
#   deploy/kubernetes-ha/redis/trial.sh --hub    # with the packaged hub (./mvnw package first)
# It checks a cold start (ordinal 0 leads, two replicas, three sentinels with a quorum), a master whose
# Redis crashes and restarts at once (it waits for a promotion and rejoins as a replica, the data
# kept), and a handover (the preStop, then the pod stops and comes back as a replica). With --hub, a
# hub configured as in hub-deployment-patch.yaml publishes five times a second throughout, and every
# update answered 200 must reach its subscriber and stay in the stream. Pods are 127.0.1.10-12 on the
# namespace's own loopback, named as the headless Service names them in /etc/hosts (bind-mounted, in
# the namespace only); each pod's redis.conf and sentinel.conf differ from the ConfigMap's only by
# bind and dir.
set -euo pipefail

if [ "${1:-}" != inside ]; then
    exec timeout 400 unshare --net --mount --pid --fork --uts --propagation private "$0" inside "${1:-}"
fi
with_hub=${2:-}

here=$(cd "$(dirname "$0")" && pwd)
jar=$here/../../../target/quarkus-app/quarkus-run.jar
work=$(mktemp -d)
headless=sse-hub-redis-headless
domain=$headless.sse-hub.svc.cluster.local
ip link set lo up
{
    echo "127.0.0.1 localhost"
    for i in 0 1 2; do echo "127.0.1.1$i sse-hub-redis-$i.$domain sse-hub-redis-$i.$headless sse-hub-redis-$i"; done
    for i in 0 1 2; do echo "127.0.1.1$i $domain"; done
} > "$work/hosts"
mount --bind "$work/hosts" /etc/hosts

# pod N redis|sentinel|handover: runs redis-ha.sh as pod N would (its hostname, its /conf).
pod() {
    local dir=$work/pod$1
    mkdir -p "$dir/scripts" "$dir/conf" "$dir/data"
    cp "$here/redis-ha.sh" "$dir/scripts/"
    for conf in redis.conf sentinel.conf; do
        sed "s|^dir .*|dir $dir/data|" "$here/$conf" > "$dir/scripts/$conf"
        echo "bind 127.0.1.1$1" >> "$dir/scripts/$conf"
    done
    unshare --uts sh -c "hostname sse-hub-redis-$1; REDIS_HA_RUN=$dir/conf exec sh $dir/scripts/redis-ha.sh $2"
}
start() {
    mkdir -p "$work/pod$1"
    pod "$1" "$2" >> "$work/pod$1/$2.log" 2>&1 &
}
master() {
    redis-cli -h "127.0.1.1$1" -p 26379 --raw sentinel get-master-addr-by-name sse-hub | head -n 1
}
ordinal() {
    local name=${1#sse-hub-redis-}
    echo "${name%%.*}"
}
role() {
    redis-cli -h "127.0.1.1$1" info replication | tr -d '\r' | awk -F: '$1 == "role" { print $2 }'
}
redis_pid() {
    redis-cli -h "127.0.1.1$1" info server | tr -d '\r' | awk -F: '$1 == "process_id" { print $2 }'
}
mark() {
    echo "$(date +%s.%N | cut -c1-14) $1" >> "$work/publish.txt"
}
check() {
    if [ "$2" = "$3" ]; then echo "ok   $1"; else echo "FAIL $1: $2, expected $3"; failed=1; fi
}
failed=0
touch "$work/publish.txt"

echo "-- cold start"
for i in 0 1 2; do start "$i" redis; start "$i" sentinel; done
sleep 20
check "pod 0 leads" "$(role 0) $(role 1) $(role 2)" "master slave slave"
for i in 0 1 2; do
    check "sentinel $i names pod 0" "$(master "$i")" "sse-hub-redis-0.$domain"
done
check "quorum" "$(redis-cli -h 127.0.1.11 -p 26379 sentinel ckquorum sse-hub | cut -d' ' -f1-2)" "OK 3"
for n in $(seq 1 50); do redis-cli -h 127.0.1.10 xadd trial '*' n "$n" > /dev/null; done
check "both replicas acknowledge" "$(redis-cli -h 127.0.1.10 wait 2 2000)" "2"

if [ "$with_hub" = --hub ]; then
    echo "-- the hub, publishing and subscribing"
    key=trial-publisher-key-0123456789abcdef0123456789
    token=$(python3 -c "
import base64, hashlib, hmac, json
b = lambda d: base64.urlsafe_b64encode(d).rstrip(b'=').decode()
s = b(json.dumps({'alg': 'HS256', 'typ': 'JWT'}).encode()) + '.' + b(json.dumps({'mercure': {'publish': ['*']}}).encode())
print(s + '.' + b(hmac.new(b'$key', s.encode(), hashlib.sha256).digest()))")
    sentinels=$(for i in 0 1 2; do printf 'redis://sse-hub-redis-%s.%s:26379,' "$i" "$headless"; done)
    HUB_TRANSPORT=redis HUB_PUBLISHER_JWT_KEY=$key HUB_SUBSCRIBER_JWT_KEY=trial-subscriber-key-0123456789abcdef01 \
        HUB_ANONYMOUS=true HUB_RESOURCE=http://127.0.0.1:18080/.well-known/mercure \
        QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT=18080 QUARKUS_REDIS_HOSTS=${sentinels%,} \
        QUARKUS_REDIS_CLIENT_TYPE=sentinel QUARKUS_REDIS_MASTER_NAME=sse-hub QUARKUS_REDIS_ROLE=master \
        QUARKUS_REDIS_AUTO_FAILOVER=true HUB_REDIS_MIN_REPLICAS=1 java -jar "$jar" > "$work/hub.log" 2>&1 &
    for _ in $(seq 1 60); do curl -sf http://127.0.0.1:18080/q/health/ready > /dev/null && break; sleep 1; done
    check "the hub is ready" "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:18080/q/health/ready)" "200"
    curl -sN "http://127.0.0.1:18080/.well-known/mercure?topic=trial" > "$work/stream.txt" &
    sleep 1
    touch "$work/publishing"
    (
        n=0
        while [ -f "$work/publishing" ]; do
            n=$((n + 1))
            code=$(curl -s -o /dev/null -w '%{http_code}' -m 10 -H "Authorization: Bearer $token" \
                -d topic=trial -d "data=u$n" http://127.0.0.1:18080/.well-known/mercure)
            mark "$n $code"
            sleep 0.2
        done
    ) &
    sleep 5
fi

echo "-- the master's redis crashes and restarts at once"
mark KILL
kill -9 "$(redis_pid 0)"
start 0 redis
for _ in $(seq 1 40); do [ "$(master 1)" != "sse-hub-redis-0.$domain" ] && break; sleep 1; done
new=$(master 1)
check "a replica is promoted" "$([ "$new" != "sse-hub-redis-0.$domain" ] && echo yes)" "yes"
sleep 15
check "pod 0 rejoins as a replica" "$(role 0)" "slave"
for i in 0 1 2; do check "pod $i keeps the stream" "$(redis-cli -h "127.0.1.1$i" xlen trial)" "50"; done

echo "-- handover (preStop) by the master, then its pod stops and comes back"
current=$(ordinal "$new")
mark HANDOVER
pod "$current" handover > /dev/null 2>&1
leader=$(master 0)
check "another pod leads" "$([ "$leader" != "$new" ] && echo yes)" "yes"
redis-cli -h "127.0.1.1$current" shutdown nosave > /dev/null 2>&1 || true
mark STOPPED
start "$current" redis
sleep 15
check "the new master has the stream" "$(redis-cli -h "127.0.1.1$(ordinal "$leader")" xlen trial)" "50"
check "the old master comes back as a replica" "$(role "$current")" "slave"

if [ "$with_hub" = --hub ]; then
    rm "$work/publishing"
    sleep 2
    awk 'NF == 3 && $3 == 200 { print $2 }' "$work/publish.txt" | sort > "$work/ok.txt"
    sed -n 's/^data: u//p' "$work/stream.txt" | sort > "$work/received.txt"
    redis-cli -h "127.0.1.1$(ordinal "$leader")" --raw xrange '{sse-hub}:updates' - + \
        | grep -oE '\bu[0-9]+\b' | sed 's/^u//' | sort -u > "$work/stored.txt"
    echo "     publishes: $(awk 'NF == 3 { print $3 }' "$work/publish.txt" | sort | uniq -c | tr -s ' \n' ' ')"
    echo "     answers other than 200, by time:"
    awk 'NF == 2 || $3 != 200 { print "       " $0 }' "$work/publish.txt"
    check "every update answered 200 reached the subscriber" "$(comm -23 "$work/ok.txt" "$work/received.txt" | wc -l)" "0"
    check "every update answered 200 is in the stream" "$(comm -23 "$work/ok.txt" "$work/stored.txt" | wc -l)" "0"
    check "the hub lost no entry it had read" "$(grep -c 'no longer holds' "$work/hub.log")" "0"
fi

if [ "$failed" != 0 ]; then
    for log in "$work"/pod*/*.log "$work"/hub.log; do [ -f "$log" ] && { echo "== $log"; tail -n 20 "$log"; }; done
fi
exit "$failed"
