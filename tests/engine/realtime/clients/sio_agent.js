// A socket.io-client 4.x agent driven over stdin/stdout (one JSON object per line), so a Qt
// test can script real clients. Commands:
//   {"op":"connect","id":"c1","url":"http://127.0.0.1:P","nsp":"/tasks","auth":{"token":"..."},
//    "ackHeartbeat":true,"reconnection":true}
//   {"op":"emit","id":"c1","event":"subscribe_to_project","args":[{"project_id":1}],"ack":true,"tag":"t"}
//   {"op":"emitBig","id":"c1","bytes":70000}
//   {"op":"disconnect","id":"c1"}          {"op":"exit"}
// Output lines: {"type":"ready"}, and per client id: connect, connect_error, disconnect,
// event (every event, with its arguments), ack (answer to an emit with ack).
const { io } = require('socket.io-client');
const readline = require('readline');

const clients = new Map();
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');

function connect(cmd) {
  const opts = {
    transports: ['websocket'],
    forceNew: true,
    reconnection: cmd.reconnection !== false,
    reconnectionDelay: 200,
    reconnectionDelayMax: 1000,
  };
  if (cmd.auth !== undefined && cmd.auth !== null) opts.auth = cmd.auth;
  const s = io(cmd.url + cmd.nsp, opts);
  clients.set(cmd.id, s);
  s.on('connect', () => out({ id: cmd.id, type: 'connect', sid: s.id }));
  s.on('connect_error', (err) =>
    out({ id: cmd.id, type: 'connect_error', message: err.message, data: err.data === undefined ? null : err.data }));
  s.on('disconnect', (reason) => out({ id: cmd.id, type: 'disconnect', reason }));
  s.onAny((event, ...args) => {
    let acked = false;
    if (args.length && typeof args[args.length - 1] === 'function') {
      const ack = args.pop();
      if (cmd.ackHeartbeat !== false) {
        ack({ ok: true, client: 'node' });
        acked = true;
      }
    }
    out({ id: cmd.id, type: 'event', event, args, acked });
  });
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  let cmd;
  try {
    cmd = JSON.parse(line);
  } catch (e) {
    out({ type: 'error', message: 'not JSON: ' + line });
    return;
  }
  const s = clients.get(cmd.id);
  switch (cmd.op) {
    case 'connect':
      connect(cmd);
      break;
    case 'emit':
      if (cmd.ack) {
        s.timeout(5000).emit(cmd.event, ...(cmd.args || []), (err, ...res) =>
          out({ id: cmd.id, type: 'ack', tag: cmd.tag, error: err ? String(err) : null, args: res }));
      } else {
        s.emit(cmd.event, ...(cmd.args || []));
      }
      break;
    case 'emitBig':
      s.emit('big', 'x'.repeat(cmd.bytes));
      break;
    case 'disconnect':
      s.disconnect();
      break;
    case 'exit':
      process.exit(0);
  }
}).on('close', () => process.exit(0));

out({ type: 'ready', agent: 'node', version: require('socket.io-client/package.json').version });
