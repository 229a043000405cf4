#!/bin/bash
# A local trial of redis-ha.sh with real redis-server and sentinels, no cluster: three "pods" in a
# private network, mount and PID namespace (root, util-linux's unshare, redis-server 7):
#   sudo deploy/kubernetes-ha/redis/trial.sh
# It checks a cold start (ordinal 0 leads, two replicas, three sentinels with a quorum), a master whose
# redis crashes and restarts at once (it waits for the promotion and rejoins as a replica, the data
# kept), and a handover (the preStop). Pods are 127.0.1.10-12 on the namespace's own loopback, named
# as the headless Service names them in /etc/hosts (bind-mounted, in the namespace only); each pod's
# redis.conf and sentinel.conf differ from the ConfigMap's only by bind and dir. About a minute.
set -euo pipefail

if [ "${1:-}" != inside ]; then
    exec timeout 300 unshare --net --mount --pid --fork --uts --propagation private "$0" inside
fi

here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
domain=sse-hub-redis-headless.sse-hub.svc.cluster.local
ip link set lo up
{
    echo "127.0.0.1 localhost"
    for i in 0 1 2; do echo "127.0.1.1$i sse-hub-redis-$i.$domain sse-hub-redis-$i"; done
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
    pod "$1" "$2" >> "$work/pod$1/$2.log" 2>&1 &
}
master() {
    redis-cli -h "127.0.1.1$1" -p 26379 --raw sentinel get-master-addr-by-name sse-hub | head -n 1
}
role() {
    redis-cli -h "127.0.1.1$1" info replication | tr -d '\r' | awk -F: '$1 == "role" { print $2 }'
}
check() {
    if [ "$2" = "$3" ]; then echo "ok   $1"; else echo "FAIL $1: $2, expected $3"; failed=1; fi
}
failed=0

echo "-- cold start"
for i in 0 1 2; do mkdir -p "$work/pod$i"; start "$i" redis; start "$i" sentinel; done
sleep 20
check "pod 0 leads" "$(role 0) $(role 1) $(role 2)" "master slave slave"
for i in 0 1 2; do
    check "sentinel $i names pod 0" "$(master "$i")" "sse-hub-redis-0.$domain"
done
check "quorum" "$(redis-cli -h 127.0.1.11 -p 26379 sentinel ckquorum sse-hub | cut -d' ' -f1-2)" "OK 3"
for n in $(seq 1 50); do redis-cli -h 127.0.1.10 xadd updates '*' n "$n" > /dev/null; done
check "both replicas acknowledge" "$(redis-cli -h 127.0.1.10 wait 2 2000)" "2"

echo "-- the master's redis crashes and restarts at once"
kill -9 "$(redis-cli -h 127.0.1.10 info server | tr -d '\r' | awk -F: '$1 == "process_id" { print $2 }')"
start 0 redis
for _ in $(seq 1 40); do [ "$(master 1)" != "sse-hub-redis-0.$domain" ] && break; sleep 1; done
new=$(master 1)
check "a replica is promoted" "$([ "$new" != "sse-hub-redis-0.$domain" ] && echo yes)" "yes"
sleep 10
check "pod 0 rejoins as a replica" "$(role 0)" "slave"
for i in 0 1 2; do check "pod $i keeps the stream" "$(redis-cli -h "127.0.1.1$i" xlen updates)" "50"; done

echo "-- handover (preStop) by the master"
current=${new#sse-hub-redis-}
current=${current%%.*}
pod "$current" handover 2> /dev/null > /dev/null
leader=$(master 0)
check "another pod leads" "$([ "$leader" != "$new" ] && echo yes)" "yes"
leader=${leader#sse-hub-redis-}
leader=${leader%%.*}
check "the new master has the stream" "$(redis-cli -h "127.0.1.1$leader" xlen updates)" "50"
# The sentinels demote the old master once the failover ends (in the cluster it has stopped by then).
for _ in $(seq 1 30); do [ "$(role "$current")" = slave ] && break; sleep 1; done
check "the old master follows" "$(role "$current")" "slave"

if [ "$failed" != 0 ]; then
    for log in "$work"/pod*/*.log; do echo "== $log"; tail -n 20 "$log"; done
fi
exit "$failed"
