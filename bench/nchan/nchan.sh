#!/usr/bin/env bash
# nginx + nchan, the peer of the benchmark: EventSource subscribers on /sub?topic=T, publishers
# POST the data to /pub?topic=T. Loopback only, one worker process, files under DIR.
#
#   nchan.sh run   PORT DIR   run in the foreground (the benchmark pins and stops it)
#   nchan.sh start PORT DIR   run in the background
#   nchan.sh stop  DIR        stop the background one
set -euo pipefail

usage() { echo "usage: $0 run|start PORT DIR | stop DIR" >&2; exit 2; }

module() {
    for dir in /usr/lib/nginx/modules /usr/share/nginx/modules; do
        if [[ -f $dir/ngx_nchan_module.so ]]; then echo "$dir/ngx_nchan_module.so"; return; fi
    done
    echo "ngx_nchan_module.so not found: apt-get install nginx-light libnginx-mod-nchan" >&2
    exit 1
}

write_config() {
    local port=$1 dir=$2
    mkdir -p "$dir/tmp"
    cat > "$dir/nginx.conf" <<CONF
load_module $(module);
worker_processes 1;
worker_rlimit_nofile 20000;
pid $dir/nginx.pid;
error_log $dir/error.log warn;

events {
    # A connection slot is not a file descriptor: nchan takes more slots than sockets, and the
    # open-files limit (20000) is what bounds the subscribers.
    worker_connections 40000;
}

http {
    access_log off;
    client_body_temp_path $dir/tmp/body;
    # The publisher keeps one connection for its whole run, as it does with sse-hub.
    keepalive_requests 10000000;

    server {
        # The kernel's somaxconn, as the JVM server gets by default.
        listen 127.0.0.1:$port backlog=4096;

        location = /sub {
            nchan_subscriber eventsource;
            nchan_channel_id \$arg_topic;
        }

        location = /pub {
            nchan_publisher;
            nchan_channel_id \$arg_topic;
        }
    }
}
CONF
}

case "${1:-}" in
    run|start)
        [[ $# -eq 3 ]] || usage
        port=$2
        dir=$(realpath -m "$3")
        write_config "$port" "$dir"
        ulimit -n "$(ulimit -Hn)"
        if [[ $1 == run ]]; then
            exec nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" -g 'daemon off;'
        fi
        nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log"
        echo "nchan listening on 127.0.0.1:$port (pid $(cat "$dir/nginx.pid"))"
        ;;
    stop)
        [[ $# -eq 2 ]] || usage
        dir=$(realpath -m "$2")
        nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" -s stop
        ;;
    *)
        usage
        ;;
esac
