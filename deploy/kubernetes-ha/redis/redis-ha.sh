#!/bin/sh
# Redis with Sentinel in a pod of the sse-hub-redis StatefulSet. One script for the pod's three
# moments, so that they agree on which pod is the master:
#   redis-ha.sh redis     start redis-server: the master, or a replica of the current master
#   redis-ha.sh sentinel  start the sentinel, watching the current master
#   redis-ha.sh handover  (the redis container's preStop) if this pod is the master, have the
#                         sentinels promote a replica before it stops
# Pods are named by DNS under the headless Service (a recreated pod keeps its name, not its IP). The
# static settings are redis.conf and sentinel.conf beside this script.
set -eu

CONFIG=$(dirname "$0")   # the ConfigMap
# An emptyDir that lives as long as the pod, across container restarts (another one for a trial run).
RUN=${REDIS_HA_RUN:-/conf}
REDIS_PORT=6379
SENTINEL_PORT=26379
WAIT_FOR_FAILOVER=45     # seconds; the startupProbe allows 60

# The pod's DNS name, from the line Kubernetes writes for it in /etc/hosts:
# sse-hub-redis-1.sse-hub-redis-headless.sse-hub.svc.cluster.local
self=$(getent hosts "$(cat /proc/sys/kernel/hostname)" | awk '{ print $2; exit }')
case $self in
    *.*.*) ;;
    *)
        echo "redis-ha: '$self' is not a pod's name under a headless Service (spec.serviceName)" >&2
        exit 1
        ;;
esac
domain=${self#*.}        # the headless Service, which resolves to every pod, ready or not
pod=${self%%.*}
first=${pod%-*}-0.$domain
master_name=$(awk '$1 == "sentinel" && $2 == "monitor" { print $3 }' "$CONFIG/sentinel.conf")

log() {
    echo "redis-ha: $*" >&2
}

# The master that the reachable sentinels name (the most common answer), or nothing when none answers.
current_master() {
    for peer in $(getent ahosts "$domain" | awk '{ print $1 }' | sort -u); do
        timeout 2 redis-cli -h "$peer" -p "$SENTINEL_PORT" --raw \
            sentinel get-master-addr-by-name "$master_name" 2>/dev/null | head -n 1
    done | grep -E '^[A-Za-z0-9.-]+$' | sort | uniq -c | sort -rn | awk 'NR == 1 { print $2 }'
}

start_redis() {
    master=$(current_master)
    if [ "$master" = "$self" ]; then
        # The sentinels still name this pod, whose data went when it restarted (no persistence). Coming
        # back as an empty master, within down-after-milliseconds, would make the replicas copy the
        # empty data set. Stay down until the sentinels promote a replica, then follow it.
        log "the sentinels still name this pod the master; waiting for them to promote a replica"
        waited=0
        while [ "$master" = "$self" ] && [ "$waited" -lt "$WAIT_FOR_FAILOVER" ]; do
            sleep 3
            waited=$((waited + 3))
            master=$(current_master)
        done
    fi
    if [ -z "$master" ]; then
        # No sentinel answers: the whole set is starting. The pod with ordinal 0 leads.
        master=$first
    fi
    cp "$CONFIG/redis.conf" "$RUN/redis.conf"
    echo "replica-announce-ip $self" >> "$RUN/redis.conf"
    if [ "$master" = "$self" ]; then
        log "starting as the master"
    else
        log "starting as a replica of $master"
        echo "replicaof $master $REDIS_PORT" >> "$RUN/redis.conf"
    fi
    exec redis-server "$RUN/redis.conf"
}

start_sentinel() {
    # A restarted sentinel container keeps the file it rewrote: it knows the current master.
    if [ ! -f "$RUN/sentinel.conf" ]; then
        master=$(current_master)
        if [ -z "$master" ]; then
            master=$first
        fi
        # With resolve-hostnames, a sentinel refuses to start on a name that does not resolve yet.
        waited=0
        until getent hosts "$master" > /dev/null || [ "$waited" -ge 60 ]; do
            sleep 1
            waited=$((waited + 1))
        done
        awk -v master="$master" '$1 == "sentinel" && $2 == "monitor" { $4 = master } { print }' \
            "$CONFIG/sentinel.conf" > "$RUN/sentinel.conf"
        echo "sentinel announce-ip $self" >> "$RUN/sentinel.conf"
        log "sentinel watching $master"
    fi
    exec redis-server "$RUN/sentinel.conf" --sentinel
}

handover() {
    master=$(timeout 2 redis-cli -h "$self" -p "$SENTINEL_PORT" --raw \
        sentinel get-master-addr-by-name "$master_name" 2>/dev/null | head -n 1)
    if [ "$master" != "$self" ]; then
        return 0
    fi
    log "this pod is the master: asking the sentinels to promote a replica first"
    # Writes wait from here on while replication goes on, so that no update lands here after the
    # replica is promoted; those that waited fail when this Redis stops, and their publishers get 503.
    timeout 2 redis-cli -h "$self" -p "$REDIS_PORT" client pause 30000 write > /dev/null || true
    if ! timeout 2 redis-cli -h "$self" -p "$SENTINEL_PORT" sentinel failover "$master_name" | grep -qx OK; then
        log "no replica could be promoted; stopping as the master"
        timeout 2 redis-cli -h "$self" -p "$REDIS_PORT" client unpause > /dev/null || true
        return 0
    fi
    waited=0
    while [ "$(current_master)" = "$self" ] && [ "$waited" -lt 20 ]; do
        sleep 1
        waited=$((waited + 1))
    done
}

case "${1:-}" in
    redis) start_redis ;;
    sentinel) start_sentinel ;;
    handover) handover ;;
    *)
        echo "usage: $0 redis|sentinel|handover" >&2
        exit 2
        ;;
esac
