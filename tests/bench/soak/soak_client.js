// Socket.IO load of bench_soak: socket.io-client 4.x clients (websocket transport) on /tasks of a
// real orreryd, client i subscribed to project <prefix><i % rooms>. Every event is counted per
// client. The first client of each room (i < rooms) is its room's "owner": it also counts the
// room's task_completed and workflow_completed events (the achieved task rate) and measures each
// workflow from its workflow_started to its workflow_completed event (engine times, ms).
// Clients reconnect by themselves (socket.io-client's default) and subscribe again; disconnects,
// reconnects and gaps (the hub dropped events for a slow client) are counted per client.
//
//   node soak_client.js <url> <clients> <rooms> <token> <first> <prefix>
// stdin (JSON lines): {"op":"report"} {"op":"exit"}
// stdout (JSON lines): {"type":"ready",...} once every client is connected and subscribed;
// {"type":"report", "delivered", "heartbeats", "tasksCompleted", "workflowsCompleted", "gaps",
//  "missed", "disconnects", "reconnects", "connected", "pending", "hist": [[ms, count], ...],
//  "flagged": [{client, gaps, missed, disconnects, connected}, ...]}: counters since the start,
// the latency histogram since the previous report.
const { io } = require('socket.io-client');
const readline = require('readline');

const [url, nClients, nRooms, token, firstArg, prefix] = process.argv.slice(2);
const clients = Number(nClients);
const rooms = Number(nRooms);
const first = Number(firstArg);
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');

const state = []; // per client
let tasksCompleted = 0;
let workflowsCompleted = 0;
let heartbeats = 0;
let hist = new Map(); // ms -> count
const started = new Map(); // workflowId -> workflow_started time (owners only)
const sockets = [];

function connectOne(i) {
  return new Promise((resolve, reject) => {
    const st = { delivered: 0, gaps: 0, missed: 0, disconnects: 0, reconnects: 0, connects: 0, connected: false };
    state.push(st);
    const owner = i < rooms;
    const s = io(url + '/tasks', { transports: ['websocket'], forceNew: true, auth: { token }, timeout: 20000 });
    sockets.push(s);
    let settled = false;
    s.on('heartbeat', (p, ack) => {
      heartbeats++;
      if (typeof ack === 'function') ack();
    });
    s.onAny((name, e) => {
      if (name === 'heartbeat' || name === 'subscribed') return;
      st.delivered++;
      if (name === 'gap') {
        st.gaps++;
        st.missed += Number((e && e.missed) || 0);
        return;
      }
      if (!owner || !e) return;
      if (name === 'task_completed') tasksCompleted++;
      else if (name === 'workflow_started') started.set(e.workflowId, e.time);
      else if (name === 'workflow_completed') {
        workflowsCompleted++;
        const t0 = started.get(e.workflowId);
        if (t0 !== undefined) {
          started.delete(e.workflowId);
          const ms = Math.max(0, Math.round(e.time - t0));
          hist.set(ms, (hist.get(ms) || 0) + 1);
        }
      }
    });
    s.on('disconnect', () => {
      st.connected = false;
      st.disconnects++;
    });
    s.on('connect_error', (err) => {
      if (!settled) {
        settled = true;
        reject(new Error('client ' + i + ': ' + err.message));
      }
    });
    s.on('connect', () => {
      st.connected = true;
      if (st.connects++ > 0) st.reconnects++;
      s.timeout(20000).emit('subscribe_to_project', { project_id: prefix + (i % rooms) }, (err, ack) => {
        if (settled) return;
        settled = true;
        if (err || !ack || !ack.ok) reject(new Error('subscribe failed for client ' + i));
        else resolve();
      });
    });
  });
}

async function main() {
  const t0 = Date.now();
  for (let i = first; i < first + clients; i += 50) {
    const batch = [];
    for (let j = i; j < Math.min(first + clients, i + 50); ++j) batch.push(connectOne(j));
    await Promise.all(batch);
  }
  out({ type: 'ready', clients: state.length, ms: Date.now() - t0,
        version: require('socket.io-client/package.json').version, node: process.version });
}

function report() {
  const r = { type: 'report', delivered: 0, heartbeats, tasksCompleted, workflowsCompleted, gaps: 0, missed: 0,
              disconnects: 0, reconnects: 0, connected: 0, pending: started.size, hist: Array.from(hist.entries()),
              flagged: [] };
  state.forEach((st, k) => {
    r.delivered += st.delivered;
    r.gaps += st.gaps;
    r.missed += st.missed;
    r.disconnects += st.disconnects;
    r.reconnects += st.reconnects;
    if (st.connected) r.connected++;
    if ((st.gaps || st.disconnects || !st.connected) && r.flagged.length < 20)
      r.flagged.push({ client: first + k, gaps: st.gaps, missed: st.missed, disconnects: st.disconnects, connected: st.connected });
  });
  hist = new Map();
  return r;
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const cmd = JSON.parse(line);
  if (cmd.op === 'report') out(report());
  else if (cmd.op === 'exit') {
    for (const s of sockets) s.disconnect();
    setTimeout(() => process.exit(0), 200);
  }
});

main().catch((e) => {
  out({ type: 'error', message: String(e) });
  process.exit(1);
});
