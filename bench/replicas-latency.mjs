// Publish->receive latency for bench/replicas-latency.sh: N subscribers on SUBPORT, M updates published to
// PUBPORT at RATE/s, each carrying the hrtime of its sending; prints p50/p90/p99/max in ms. Loopback only.
// Usage: node bench/replicas-latency.mjs SUBPORT PUBPORT N M RATE   (PUBLISHER_KEY: the hub's publisher key)
import http from 'node:http';
import crypto from 'node:crypto';
const [subPort, pubPort, n, m, rate] = process.argv.slice(2).map(Number);
const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
const head = b64({alg: 'HS256', typ: 'JWT'}), body = b64({mercure: {publish: ['*']}});
const sig = crypto.createHmac('sha256', process.env.PUBLISHER_KEY || 'test-publisher-key-not-for-production-use').update(head + '.' + body).digest('base64url');
const token = `${head}.${body}.${sig}`;
const agent = new http.Agent({keepAlive: true, maxSockets: Infinity});
const topic = '%2Flatency%2F' + crypto.randomUUID();
const lat = []; let connected = 0;
const reqs = [];
await new Promise((resolve) => {
  for (let i = 0; i < n; i++) {
    const req = http.get({host: '127.0.0.1', port: subPort, path: '/.well-known/mercure?topic=' + topic, agent}, (res) => {
      connected++; if (connected === n) resolve();
      res.setEncoding('utf8');
      let rest = '';
      res.on('data', (chunk) => {
        const now = process.hrtime.bigint();
        const lines = (rest + chunk).split('\n'); rest = lines.pop();
        for (const line of lines) if (line.startsWith('data: t=')) lat.push(Number(now - BigInt(line.slice(8))) / 1e6);
      });
    });
    reqs.push(req);
  }
});
await new Promise(r => setTimeout(r, 1000));
const pubAgent = new http.Agent({keepAlive: true, maxSockets: 4});
function publish() {
  return new Promise((resolve, reject) => {
    const data = `topic=${topic}&data=t=${process.hrtime.bigint()}`;
    const req = http.request({host: '127.0.0.1', port: pubPort, path: '/.well-known/mercure', method: 'POST', agent: pubAgent,
      headers: {'Content-Type': 'application/x-www-form-urlencoded', 'Authorization': 'Bearer ' + token, 'Content-Length': data.length}},
      (res) => { res.resume(); res.on('end', resolve); });
    req.on('error', reject); req.end(data);
  });
}
const start = performance.now();
for (let i = 0; i < m; i++) {
  const due = start + i * 1000 / rate;
  const wait = due - performance.now();
  if (wait > 0) await new Promise(r => setTimeout(r, wait));
  publish();
}
const deadline = Date.now() + 30000;
while (lat.length < n * m && Date.now() < deadline) await new Promise(r => setTimeout(r, 20));
lat.sort((a, b) => a - b);
const q = (p) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))].toFixed(2);
console.log(JSON.stringify({subscribers: n, updates: m, rate, delivered: lat.length, expected: n * m, p50: q(0.5), p90: q(0.9), p99: q(0.99), max: lat[lat.length - 1].toFixed(2)}));
reqs.forEach(r => r.destroy()); process.exit(0);
