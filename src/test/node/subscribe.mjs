// Subscribes to a Mercure hub with the eventsource npm package and prints each event received as
// one JSON line {"id","type","data"} on stdout. Diagnostics go to stderr. Bounded: exits 0 after
// --count events, 2 when --timeout passes first, 1 when the hub refuses the subscription.
//
//   MERCURE_TOKEN=<subscriber JWS> node subscribe.mjs [--count N] [--timeout SECONDS] \
//       [--event TYPE]... 'http://127.0.0.1:<port>/.well-known/mercure?topic=...'
//
// An EventSource delivers an event only to listeners of its type: "message" (updates published
// without a type) is always listened to; name the other types with --event.
import {parseArgs} from 'node:util';
import {EventSource} from 'eventsource';

const usage = 'usage: [MERCURE_TOKEN=<jws>] node subscribe.mjs [--count N] [--timeout SECONDS] [--event TYPE]... <hub URL>';

let source = null;
let received = 0;

let options;
try {
    options = parseArgs({
        allowPositionals: true,
        options: {
            count: {type: 'string', default: '1'},
            timeout: {type: 'string', default: '30'},
            event: {type: 'string', multiple: true, default: []},
        },
    });
} catch (e) {
    fail(1, `${e.message}\n${usage}`);
}
const {values, positionals} = options;
const count = Number(values.count);
const timeoutSeconds = Number(values.timeout);
if (positionals.length !== 1 || !Number.isInteger(count) || count < 1 || !(timeoutSeconds > 0)) {
    fail(1, usage);
}
const url = positionals[0];
const token = process.env.MERCURE_TOKEN;

source = new EventSource(url, {
    // The eventsource package sends no custom headers itself: its fetch hook adds the token.
    fetch: (input, init) => fetch(input, {
        ...init,
        headers: token ? {...init.headers, Authorization: `Bearer ${token}`} : init.headers,
    }),
});

const timer = setTimeout(() => {
    fail(2, `timed out after ${timeoutSeconds}s with ${received} of ${count} events`);
}, timeoutSeconds * 1000);

function print(event) {
    process.stdout.write(JSON.stringify({id: event.lastEventId, type: event.type, data: event.data}) + '\n');
    received += 1;
    if (received >= count) {
        source.close();
        clearTimeout(timer);
    }
}

for (const type of new Set(['message', ...values.event])) {
    source.addEventListener(type, print);
}
source.addEventListener('open', () => {
    process.stderr.write(`connected to ${url}\n`);
});
source.addEventListener('error', (event) => {
    if (source.readyState === EventSource.CLOSED) {
        // A refusal (401, 403, 400...) is final: the package does not reconnect after it.
        fail(1, `subscription refused: ${event.code ?? ''} ${event.message ?? ''}`.trim());
    }
    process.stderr.write(`connection lost (${event.message ?? 'no detail'}), reconnecting\n`);
});

function fail(code, message) {
    process.stderr.write(message + '\n');
    if (source) {
        source.close();
    }
    process.exit(code);
}
