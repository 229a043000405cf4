#!/usr/bin/env bash
# Runs Mercure's conformance suites (the conformance-tests folder of github.com/dunglas/mercure,
# one checkout per tag; see scripts/README.md) against ONE sse-hub prod jar on a free loopback
# port, on Debian's Chromium, and prints passed/failed counts per suite. Exits 0 only if every
# test of every suite passed. Stops by itself; the hub is stopped on any exit.
#
#   scripts/mercure-conformance.sh --suite /opt/mercure-conformance/v0.24.2 \
#       --suite /opt/mercure-conformance/v1.0.0-alpha.3 [--jar target/quarkus-app/quarkus-run.jar]
#
# Options:
#   --suite DIR      a conformance-tests checkout with its npm dependencies installed
#                    (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci); repeat for several suites
#   --jar JAR        the sse-hub jar (default: target/quarkus-app/quarkus-run.jar, built if absent)
#   --draft08        require the draft-08 keys (hub.resource, hub.*-jwt.issuer); a jar without
#                    them fails to start
#   --no-draft08     never pass them
#                    (default: pass them, and start again without them if the jar refuses them)
#   -- ARGS          passed on to `playwright test` (e.g. -- --grep "URI")
# Environment: CHROMIUM (default /usr/bin/chromium), SUITE_TIMEOUT (seconds per suite, default 600).
#
# The suites' files are not edited: a Playwright config written to the work directory loads each
# suite's own playwright.config.ts and keeps only its chromium project, on $CHROMIUM.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SECRET='!ChangeThisMercureHubJWTSecretKey!'  # the key the suites' HS256 tokens are signed with
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
SUITE_TIMEOUT=${SUITE_TIMEOUT:-600}
DRAFT08_KEYS=(-Dhub.resource=https://localhost/.well-known/mercure
    -Dhub.publisher-jwt.issuer=https://localhost -Dhub.subscriber-jwt.issuer=https://localhost)

usage() { sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
die() { echo "mercure-conformance: $*" >&2; exit 2; }

SUITES=()
JAR=
DRAFT08=auto
PW_ARGS=()
while [[ $# -gt 0 ]]; do
    case $1 in
        --suite) [[ $# -ge 2 ]] || usage; [[ -d $2 ]] || die "no directory $2"; SUITES+=("$(cd "$2" && pwd)"); shift 2 ;;
        --jar) [[ $# -ge 2 ]] || usage; JAR=$(realpath -e "$2" 2>/dev/null) || die "no file $2"; shift 2 ;;
        --draft08) DRAFT08=yes; shift ;;
        --no-draft08) DRAFT08=no; shift ;;
        --) shift; PW_ARGS=("$@"); break ;;
        -h|--help) usage ;;
        *) echo "unknown option: $1" >&2; usage ;;
    esac
done
[[ ${#SUITES[@]} -gt 0 ]] || usage
for suite in "${SUITES[@]}"; do
    [[ -f $suite/playwright.config.ts ]] || die "$suite has no playwright.config.ts: not a conformance-tests checkout"
    [[ -x $suite/node_modules/.bin/playwright ]] \
        || die "$suite has no node_modules: run (cd $suite && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci)"
done
[[ -x $CHROMIUM ]] || die "no Chromium at $CHROMIUM (apt-get install chromium, or set CHROMIUM)"
command -v java >/dev/null || die "java missing"
command -v node >/dev/null || die "node missing"
command -v python3 >/dev/null || die "python3 missing (used to pick a free port)"
if [[ -z $JAR ]]; then
    JAR=$ROOT/target/quarkus-app/quarkus-run.jar
    [[ -f $JAR ]] || (cd "$ROOT" && ./mvnw -q -B package -DskipTests)
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/mercure-conformance.XXXXXX")
HUB_LOG=$WORK/hub.log
HUB_PID=
SUITE_PID=
FAILED=0
stop_hub() {
    [[ -n $HUB_PID ]] || return 0
    kill "$HUB_PID" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$HUB_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$HUB_PID" 2>/dev/null || true
    wait "$HUB_PID" 2>/dev/null || true
    HUB_PID=
}
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
    local rc=$?
    if [[ -n $SUITE_PID ]]; then  # timeout passes the signal on to Playwright, which closes Chromium
        kill "$SUITE_PID" 2>/dev/null || true
        wait "$SUITE_PID" 2>/dev/null || true
    fi
    stop_hub
    if [[ $rc -eq 0 ]]; then
        rm -rf "$WORK"
    else
        echo "hub log: $HUB_LOG (test output and artifacts in $WORK)" >&2
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A free port below the ephemeral range, so no outgoing connection can take it meanwhile.
free_port() {
    python3 - <<'EOF'
import random, socket
low = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
for _ in range(200):
    port = random.randint(min(20000, low - 1000), low - 1)
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
        print(port)
        break
EOF
}

# start_hub PORT [-D...]: 0 once ready; 1 if the jar exited (its log in $HUB_LOG); dies on a timeout.
start_hub() {
    local port=$1; shift
    java -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" \
        -Dhub.publisher-jwt.key="$SECRET" -Dhub.subscriber-jwt.key="$SECRET" \
        -Dhub.anonymous=true -Dhub.demo.tick=1h -Dhub.drain.window=100ms \
        -Dquarkus.log.console.json.enabled=false "$@" \
        -jar "$JAR" > "$HUB_LOG" 2>&1 &
    HUB_PID=$!
    for _ in $(seq 1 300); do
        curl -sf -o /dev/null "http://127.0.0.1:$port/q/health/ready" && return 0
        kill -0 "$HUB_PID" 2>/dev/null || { wait "$HUB_PID" || true; HUB_PID=; return 1; }
        sleep 0.2
    done
    echo "the hub did not become ready within 60 s" >&2
    exit 1
}

hub_exited() { echo "the hub exited before it was ready; its log ends:" >&2; tail -20 "$HUB_LOG" >&2; exit 1; }

PORT=$(free_port)
[[ -n $PORT ]] || die "found no free port"
if [[ $DRAFT08 == no ]]; then
    start_hub "$PORT" || hub_exited
elif start_hub "$PORT" "${DRAFT08_KEYS[@]}"; then
    echo "hub: draft-08 keys set (hub.resource, hub.publisher-jwt.issuer, hub.subscriber-jwt.issuer)"
elif [[ $DRAFT08 == auto ]] && grep -Eq 'hub\.(resource|(publisher|subscriber)-jwt\.issuer) .*does not map' "$HUB_LOG"; then
    echo "hub: this jar does not know the draft-08 keys; started without them"
    cp "$HUB_LOG" "$WORK/hub-draft08-refused.log"
    start_hub "$PORT" || hub_exited
else
    hub_exited
fi
BASE_URL=http://127.0.0.1:$PORT/.well-known/mercure
echo "hub: $JAR on $BASE_URL (pid $HUB_PID, log $HUB_LOG)"

cat > "$WORK/chromium.config.ts" <<'EOF'
// Runs a Mercure conformance-tests checkout on Debian's Chromium without editing the checkout:
// loads the suite's own playwright.config.ts, keeps only its "chromium" project and points that
// at /usr/bin/chromium (no Playwright browser download). Run from the suite directory:
//   BASE_URL=http://127.0.0.1:PORT/.well-known/mercure npx playwright test --config /path/to/this.ts
// Environment: MERCURE_SUITE_DIR (default: the working directory), CHROMIUM (default
// /usr/bin/chromium), MERCURE_RESULTS_DIR (artifacts; default test-results beside this file),
// MERCURE_JSON_REPORT (also write Playwright's JSON report there), MERCURE_GLOBAL_TIMEOUT_MS.
// Written by sse-hub's scripts/mercure-conformance.sh.
import * as path from "path";

const suite = path.resolve(process.env.MERCURE_SUITE_DIR ?? process.cwd());
// eslint-disable-next-line @typescript-eslint/no-var-requires
const base = require(path.join(suite, "playwright.config.ts")).default;
const chromium = (base.projects ?? []).find((p: { name?: string }) => p.name === "chromium") ?? {
    name: "chromium",
    use: {},
};
const jsonReport = process.env.MERCURE_JSON_REPORT;

export default {
    ...base,
    // Paths in the suite's config are relative to it, not to this file.
    testDir: path.resolve(suite, base.testDir ?? "."),
    outputDir: process.env.MERCURE_RESULTS_DIR ?? path.join(__dirname, "test-results"),
    // The suite's "html" reporter would write into the checkout and serve the report on failure.
    reporter: jsonReport ? [["list"], ["json", { outputFile: jsonReport }]] : [["list"]],
    // Stops by itself even if the hub hangs.
    globalTimeout: Number(process.env.MERCURE_GLOBAL_TIMEOUT_MS ?? 5 * 60 * 1000),
    webServer: undefined,
    projects: [
        {
            ...chromium,
            use: {
                ...chromium.use,
                launchOptions: {
                    ...(chromium.use?.launchOptions ?? {}),
                    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
                    args: [
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                    ],
                },
            },
        },
    ],
};
EOF

# Counts from Playwright's JSON report: "passed failed flaky skipped", then one line per failure.
summarize() {
    node - "$1" <<'EOF'
const fs = require("fs");
let report;
try {
    report = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
} catch (e) {
    console.log("0 0 0 0");
    process.exit(0);
}
const s = report.stats ?? {};
console.log(`${s.expected ?? 0} ${s.unexpected ?? 0} ${s.flaky ?? 0} ${s.skipped ?? 0}`);
const walk = (suite, titles) => {
    for (const spec of suite.specs ?? []) {
        for (const test of spec.tests ?? []) {
            if (test.status !== "unexpected") continue;
            const last = test.results?.[test.results.length - 1];
            const error = (last?.error?.message ?? last?.status ?? "").replace(/\x1b\[[0-9;]*m/g, "");
            console.log(`  FAIL ${[...titles, spec.title].join(" > ")}: ${error.split("\n")[0]}`);
        }
    }
    for (const child of suite.suites ?? []) walk(child, [...titles, child.title]);
};
for (const suite of report.suites ?? []) walk(suite, []);
for (const error of report.errors ?? []) console.log(`  ERROR ${String(error.message).split("\n")[0]}`);
EOF
}

SUMMARY=()
n=0
for suite in "${SUITES[@]}"; do
    n=$((n + 1))
    name=$(basename "$suite")
    [[ $name == conformance-tests ]] && name=$(basename "$(dirname "$suite")")/$name
    echo
    echo "== suite $n: $name ($suite)"
    # In the background, so that a signal to this script is handled at once (see cleanup).
    (
        cd "$suite"
        export BASE_URL CHROMIUM CUSTOM_ID=1 MERCURE_SUITE_DIR="$suite" \
            MERCURE_RESULTS_DIR="$WORK/suite-$n-results" MERCURE_JSON_REPORT="$WORK/suite-$n.json" \
            PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 PLAYWRIGHT_HTML_OPEN=never
        exec timeout --kill-after=10 "$SUITE_TIMEOUT" node_modules/.bin/playwright test \
            --config "$WORK/chromium.config.ts" ${PW_ARGS[@]+"${PW_ARGS[@]}"}
    ) > "$WORK/suite-$n.log" 2>&1 &
    SUITE_PID=$!
    rc=0
    wait "$SUITE_PID" || rc=$?
    SUITE_PID=
    grep -E '^\s+(✓|✘|-)\s+[0-9]+ ' "$WORK/suite-$n.log" || true
    mapfile -t lines < <(summarize "$WORK/suite-$n.json")
    read -r passed failed flaky skipped <<< "${lines[0]}"
    if [[ ${#lines[@]} -gt 1 ]]; then printf '%s\n' "${lines[@]:1}"; fi
    line="$name: $passed passed, $failed failed, $flaky flaky, $skipped skipped"
    if [[ $rc -ne 0 || $failed -ne 0 || $passed -eq 0 ]]; then
        FAILED=1
        [[ $rc -eq 124 || $rc -eq 137 ]] && line+=" (timed out after ${SUITE_TIMEOUT}s)"
        [[ $rc -ne 0 && $failed -eq 0 ]] && line+=" (playwright exited $rc)"
        line+="; output: $WORK/suite-$n.log"
    fi
    SUMMARY+=("$line")
done

stop_hub
echo
echo "== summary (hub $BASE_URL)"
printf '%s\n' "${SUMMARY[@]}"
exit "$FAILED"
