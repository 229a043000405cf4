// Runs URL pattern cases through urlpattern-polyfill (the reference the Java UrlPattern is compared
// with, by UrlPatternDifferentialIT) and prints its verdicts as one JSON document on stdout.
//
//   node urlpattern-oracle.mjs [cases.json] [--timeout MILLISECONDS]   (reads standard input without a file)
//
// Input: [{"pattern": "...", "baseURL": "..." or null, "inputs": ["...", ...]}, ...]
// Output: [{"error": null or "<why the constructor threw>", "results": [true, false, ...], "urls": [...]}, ...]
// where results[i] is pattern.test(inputs[i], baseURL), or "throws" if test() itself threw (results
// is empty when the constructor threw), and urls[i] is how Node's URL parser reads inputs[i] against
// baseURL: [protocol, username, password, hostname, port, pathname, search, hash] without the
// delimiters (':', '?', '#'), or null when it throws. The polyfill runs JavaScript regular expressions, which can
// backtrack for ages on a crafted pattern (the reason the Java side uses RE2/J): the cases run in a
// worker thread, and a case still running after the timeout (default 2000 ms) is stopped and
// answered {"error": null, "results": [], "urls": [], "timeout": true}; the worker is restarted at the next case.
import fs from 'node:fs';
import {parseArgs} from 'node:util';
import {Worker, isMainThread, parentPort, workerData} from 'node:worker_threads';
import {URLPattern} from 'urlpattern-polyfill/urlpattern';

function parse(input, baseURL) {
    try {
        const url = baseURL == null ? new URL(input) : new URL(input, baseURL);
        return [url.protocol.slice(0, -1), url.username, url.password, url.hostname, url.port, url.pathname,
            url.search.replace(/^\?/, ''), url.hash.replace(/^#/, '')];
    } catch (e) {
        return null;
    }
}

function judge({pattern, baseURL, inputs}) {
    const urls = inputs.map((input) => parse(input, baseURL));
    let compiled;
    try {
        compiled = baseURL == null ? new URLPattern(pattern) : new URLPattern(pattern, baseURL);
    } catch (e) {
        return {error: String((e && e.message) || e), results: [], urls};
    }
    const results = inputs.map((input) => {
        try {
            return baseURL == null ? compiled.test(input) : compiled.test(input, baseURL);
        } catch (e) {
            return 'throws';
        }
    });
    return {error: null, results, urls};
}

if (isMainThread) {
    const {values, positionals} = parseArgs({
        allowPositionals: true,
        options: {timeout: {type: 'string', default: '2000'}},
    });
    const timeout = Number(values.timeout);
    const cases = JSON.parse(fs.readFileSync(positionals[0] ?? 0, 'utf8'));
    const verdicts = new Array(cases.length);
    let next = 0;
    let worker = null;
    let watchdog = null;

    const finish = () => {
        clearInterval(watchdog);
        process.stdout.write(JSON.stringify(verdicts));
        process.stdout.write('\n');
    };

    const start = () => {
        if (next >= cases.length) {
            finish();
            return;
        }
        let lastProgress = Date.now();
        worker = new Worker(new URL(import.meta.url), {workerData: {cases, from: next}});
        worker.on('message', (verdict) => {
            verdicts[next++] = verdict;
            lastProgress = Date.now();
            if (next >= cases.length) {
                worker.terminate().then(finish);
            }
        });
        worker.on('error', (e) => {
            process.stderr.write(`worker failed at case ${next}: ${e && e.stack}\n`);
            process.exit(3);
        });
        clearInterval(watchdog);
        watchdog = setInterval(() => {
            if (Date.now() - lastProgress > timeout) {
                clearInterval(watchdog);
                verdicts[next++] = {error: null, results: [], urls: [], timeout: true};
                worker.removeAllListeners('message');
                worker.terminate().then(start);
            }
        }, Math.min(timeout, 250));
    };
    start();
} else {
    const {cases, from} = workerData;
    for (let i = from; i < cases.length; i++) {
        parentPort.postMessage(judge(cases[i]));
    }
}
