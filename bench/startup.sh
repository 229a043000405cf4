#!/usr/bin/env bash
# Startup of the packaged jar under several JVM variants, run interleaved (A, B, C, A, B, C, ...):
# wall time from starting the process to the first byte of a subscription
# (GET /.well-known/mercure?topic=x), the resident memory (VmRSS) right then, and Quarkus' own
# "started in". Prints a table of medians (lowest-highest in brackets) and keeps every run in a CSV.
#
#   bench/startup.sh [-n repeats] [-c cpus] [-j quarkus-run.jar] [-t seconds] [-o dir] NAME='JAVA [OPTION...]' ...
#
#   bench/startup.sh -n 5 default='java' parallel='java -XX:+UseParallelGC' \
#       cds='java -XX:SharedArchiveFile=target/quarkus-app/app-cds.jsa'
#
# A variant is a name and the command that starts a JVM, split on blanks; the script adds the hub's
# settings and "-jar JAR". A word @PATH in it runs that quarkus-run.jar instead of -j's.
#   -n  runs of each variant (default 5)
#   -c  taskset CPU list for the server, or "all" for no pinning (default 1: one CPU, as bench/run.sh)
#   -j  the jar (default target/quarkus-app/quarkus-run.jar)
#   -t  seconds a run may take to serve before it counts as failed (default 60)
#   -o  where the CSV and the servers' logs go (default a new directory under /tmp)
#
# The server runs in the prod profile on its defaults (memory transport), on loopback, with HS256
# keys given and anonymous subscribers allowed (the prod default refuses them: a subscription
# without a token would get a 401, whose first byte comes as early but is not a stream).
# Each server is stopped with SIGTERM, and SIGKILL by its process id 5 s later; nothing else is touched.
set -euo pipefail

repeats=5
cpus=1
jar=target/quarkus-app/quarkus-run.jar
timeout=60
out=
while getopts "n:c:j:t:o:" opt; do
    case "$opt" in
        n) repeats=$OPTARG ;;
        c) cpus=$OPTARG ;;
        j) jar=$OPTARG ;;
        t) timeout=$OPTARG ;;
        o) out=$OPTARG ;;
        *) sed -n '2,22p' "$0" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
if [ $# -eq 0 ]; then
    sed -n '2,22p' "$0" >&2
    exit 2
fi
names=()
commands=()
for variant in "$@"; do
    case "$variant" in
        *=*) names+=("${variant%%=*}"); commands+=("${variant#*=}") ;;
        *) echo "not NAME='JAVA [OPTION...]': $variant" >&2; exit 2 ;;
    esac
done
out=${out:-$(mktemp -d /tmp/sse-hub-startup.XXXXXX)}
mkdir -p "$out"
csv=$out/startup.csv
echo "variant,run,first_byte_ms,started_in_ms,rss_mb" > "$csv"

server=
stop_server() {
    [ -n "$server" ] || return 0
    kill -TERM "$server" 2>/dev/null || true
    for _ in $(seq 50); do
        kill -0 "$server" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    server=
}
trap 'exec 3>&- 2>/dev/null; stop_server' EXIT
trap 'exit 130' INT TERM

free_port() {
    # A port the kernel hands out for a listening socket on loopback, released at once.
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}


# One run: sets result to "first_byte_ms started_in_ms rss_mb", or fails. Not in a subshell, so
# that the EXIT trap knows the server to stop.
run_once() {
    local name=$1 command=$2 run=$3
    local port log words=() run_jar=$jar
    port=$(free_port)
    log=$(realpath "$out")/$name-$run.log
    for word in $command; do
        case "$word" in
            @*) run_jar=${word#@} ;;
            *) words+=("$word") ;;
        esac
    done
    local pin=()
    [ "$cpus" = all ] || pin=(taskset -c "$cpus")
    local request=$'GET /.well-known/mercure?topic=x HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n'
    local started now deadline byte status rss started_in
    started=${EPOCHREALTIME/./}
    # From the jar's directory, as an AppCDS archive or AOT cache wants it (relative paths in a
    # variant's options are relative to it too); exec, so that $! is the JVM.
    (cd "$(dirname "$run_jar")" && HUB_RESOURCE="http://127.0.0.1:$port/.well-known/mercure" exec "${pin[@]}" "${words[@]}" \
        -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" \
        -Dhub.publisher-jwt.key=startup-publisher-key-0123456789-abcdefghij \
        -Dhub.subscriber-jwt.key=startup-subscriber-key-0123456789-abcdefghij \
        -Dhub.anonymous=true -jar "$(basename "$run_jar")") > "$log" 2>&1 &
    server=$!
    deadline=$((started + timeout * 1000000))
    while :; do
        now=${EPOCHREALTIME/./}
        if [ "$now" -ge "$deadline" ]; then
            echo "$name run $run: nothing served within ${timeout}s (log: $log)" >&2
            stop_server
            return 1
        fi
        if ! kill -0 "$server" 2>/dev/null; then
            echo "$name run $run: the server exited before serving (log: $log)" >&2
            server=
            return 1
        fi
        # bash's /dev/tcp: no process per attempt; a refused connect fails at once.
        if { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then
            printf '%s' "$request" >&3
            if IFS= read -r -N 1 -t "$timeout" byte <&3; then
                now=${EPOCHREALTIME/./}
                rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$server/status")
                IFS= read -r -t 5 status <&3 || true
                exec 3>&-
                status="$byte$status"
                case "$status" in
                    "HTTP/1.1 200"*) ;;
                    *) echo "$name run $run: answered ${status%$'\r'} (log: $log)" >&2; stop_server; return 1 ;;
                esac
                break
            fi
            exec 3>&-
        fi
        sleep 0.002
    done
    stop_server
    started_in=$(sed -n 's/.* started in \([0-9.]*\)s\..*/\1/p' "$log" | head -n 1)
    result=$(awk -v us=$((now - started)) -v kb="$rss" -v s="${started_in:-nan}" \
        'BEGIN { printf "%.0f %s %.1f\n", us / 1000, (s == "nan" ? "" : sprintf("%.0f", s * 1000)), kb / 1024 }')
}

echo "startup: ${#names[@]} variants x $repeats runs, interleaved; server CPUs: $cpus; load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for run in $(seq "$repeats"); do
    for i in "${!names[@]}"; do
        if run_once "${names[$i]}" "${commands[$i]}" "$run"; then
            read -r ms started_in mb <<< "$result"
            echo "${names[$i]},$run,$ms,$started_in,$mb" >> "$csv"
            printf '%-16s run %d: first byte %6s ms, started in %5s ms, RSS %6s MB\n' \
                "${names[$i]}" "$run" "$ms" "${started_in:--}" "$mb" >&2
        fi
    done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# Medians (lowest-highest) per variant, in the order given.
printf '\n| Variant | First SSE byte (ms) | "started in" (ms) | RSS then (MB) | Runs |\n|---|---|---|---|---|\n'
for name in "${names[@]}"; do
    awk -F, -v name="$name" '
        function stat(col,   n, i, j, t, a, line) {
            n = 0
            for (i = 1; i <= rows; i++) if (v[i, col] != "") a[++n] = v[i, col] + 0
            if (n == 0) return "-"
            for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
            med = (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
            return sprintf("%.0f (%.0f-%.0f)", med, a[1], a[n])
        }
        NR > 1 && $1 == name { rows++; v[rows, 3] = $3; v[rows, 4] = $4; v[rows, 5] = $5 }
        END { printf "| %s | %s | %s | %s | %d |\n", name, stat(3), stat(4), stat(5), rows }
    ' "$csv"
done
echo >&2
echo "runs: $csv" >&2
