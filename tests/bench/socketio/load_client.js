// Load client for bench_socketio: N socket.io-client 4.x clients (websocket transport) on one
// namespace, spread over R rooms (client i subscribes to project r<i % R>), counting every
// `task_completed` they receive and its latency (receipt time minus the event's `t_us`, both
// wall clock in microseconds on this machine).
//
//   node load_client.js <url> <namespace> <clients> <rooms> <token> [first]
// (clients first..first+clients-1 of the whole load, so several processes can share it)
// stdin commands (JSON lines):  {"op":"reset"}  {"op":"report"}  {"op":"exit"}
// stdout (JSON lines): {"type":"ready",...} once all clients are connected and subscribed,
// {"type":"report","delivered":n,"gaps":n,"disconnects":n,"hist":[[bucket,count],...]} where a
// bucket is 10 us of latency (the bench merges the processes' histograms).
const { io } = require('socket.io-client');
const readline = require('readline');
const { performance } = require('perf_hooks');

const [url, nsp, nClients, nRooms, token, firstArg] = process.argv.slice(2);
const first = Number(firstArg || 0);
const clients = Number(nClients);
const rooms = Number(nRooms);
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const nowUs = () => (performance.timeOrigin + performance.now()) * 1000;

let hist = new Map(); // 10 us bucket -> count
let count = 0;
let disconnects = 0;
let subscribed = 0;
let gaps = 0;
const sockets = [];

function record(e) {
  const bucket = Math.max(0, Math.floor((nowUs() - e.t_us) / 10));
  hist.set(bucket, (hist.get(bucket) || 0) + 1);
  ++count;
}

function connectOne(i) {
  return new Promise((resolve, reject) => {
    const s = io(url + nsp, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      auth: { token },
      timeout: 20000,
    });
    sockets.push(s);
    s.on('task_completed', record);
    s.on('gap', () => gaps++);
    s.on('disconnect', () => disconnects++);
    s.on('connect_error', (err) => reject(new Error('client ' + i + ': ' + err.message)));
    s.on('connect', () => {
      s.timeout(20000).emit('subscribe_to_project', { project_id: 'r' + (i % rooms) }, (err, ack) => {
        if (err || !ack || !ack.ok) reject(new Error('subscribe failed for client ' + i));
        else {
          subscribed++;
          resolve();
        }
      });
    });
  });
}

async function main() {
  const started = Date.now();
  for (let i = first; i < first + clients; i += 50) {
    const batch = [];
    for (let j = i; j < Math.min(first + clients, i + 50); ++j) batch.push(connectOne(j));
    await Promise.all(batch);
  }
  out({ type: 'ready', clients: subscribed, ms: Date.now() - started,
        version: require('socket.io-client/package.json').version, node: process.version });
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const cmd = JSON.parse(line);
  if (cmd.op === 'reset') {
    count = 0;
    gaps = 0;
    hist = new Map();
    out({ type: 'reset' });
  } else if (cmd.op === 'report') {
    out({ type: 'report', delivered: count, gaps, disconnects, hist: Array.from(hist.entries()) });
  } else if (cmd.op === 'exit') {
    for (const s of sockets) s.disconnect();
    setTimeout(() => process.exit(0), 200);
  }
});

main().catch((e) => {
  out({ type: 'error', message: String(e) });
  process.exit(1);
});
