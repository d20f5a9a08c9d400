// Live events over the Socket.IO hub (docs/realtime.md): the official socket.io-client, websocket
// transport, the token in the CONNECT auth object (never in the URL). Admin tokens without scopes
// use /admin (every event, breakers included); other tokens use /tasks and join project rooms:
// "*" for unscoped tokens, one room per project for scoped ones. Events are queued and handed to
// the listener once per animation frame (the page batches updates); after a reconnect or a `gap`
// the listener is told to resync (re-fetch its page over REST).
import { io } from 'socket.io-client';

export class Live {
  constructor(token, me, { onState, onBatch, onResync }) {
    this.token = token;
    this.me = me;
    this.onState = onState;
    this.onBatch = onBatch;
    this.onResync = onResync;
    this.queue = [];
    this.scheduled = false;
    this.state = 'connecting';
    this.everConnected = false;
    this.rate = new RateCounter(['task_completed', 'task_failed']);
    // Read by tests and the bench (window.__orrery.events): events received; when batchTimes is
    // an array, the milliseconds each frame's batch took to apply are appended to it.
    this.stats = { received: 0, batchTimes: null };
  }

  namespace() {
    return this.me.role === 'admin' && !(this.me.projects && this.me.projects.length) ? '/admin' : '/tasks';
  }

  start() {
    const url = `${location.origin}${this.namespace()}`;
    this.socket = io(url, {
      transports: ['websocket'],
      auth: { token: this.token },
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
    });
    const s = this.socket;
    s.on('connect', () => {
      const resync = this.everConnected;
      this.everConnected = true;
      this.subscribe().then(() => {
        this.setState('live');
        if (resync) this.onResync('reconnect');
      });
    });
    s.on('disconnect', (reason) => {
      if (reason === 'io client disconnect') return this.setState('offline');
      this.setState('reconnecting', { attempt: 0, reason });
      if (reason === 'io server disconnect') s.connect(); // a deliberate kick: come back anyway
    });
    s.on('connect_error', (err) => {
      const refused = err && err.data && (err.data.code === 'unauthorized' || err.data.code === 'forbidden');
      if (refused) {
        this.setState('refused', { message: err.message });
      } else {
        this.setState('reconnecting', { attempt: this.attempt || 0, reason: err && err.message });
      }
    });
    s.io.on('reconnect_attempt', (n) => { this.attempt = n; this.setState('reconnecting', { attempt: n }); });
    s.on('heartbeat', (_payload, ack) => { if (typeof ack === 'function') ack(); });
    s.on('gap', (g) => this.onResync('gap', g));
    s.onAny((name, payload) => {
      if (name === 'heartbeat' || name === 'gap' || name === 'subscribed' || name === 'unsubscribed') return;
      this.push(name, payload);
    });
  }

  async subscribe() {
    if (this.namespace() === '/admin') return;
    const projects = this.me.projects && this.me.projects.length ? this.me.projects : ['*'];
    await Promise.all(projects.map((p) => this.socket.timeout(5000).emitWithAck('subscribe_to_project', { project_id: p })
      .catch(() => null)));
  }

  push(name, payload) {
    this.stats.received += 1;
    this.rate.count(name);
    this.queue.push({ name, payload: payload || {} });
    if (!this.scheduled) {
      this.scheduled = true;
      requestAnimationFrame(() => this.flush());
    }
  }

  flush() {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (!batch.length) return;
    const t0 = performance.now();
    this.onBatch(batch);
    if (this.stats.batchTimes) this.stats.batchTimes.push(performance.now() - t0);
  }

  setState(state, detail = {}) {
    this.state = state;
    this.onState(state, detail);
  }

  stop() {
    if (this.socket) this.socket.disconnect();
    this.socket = null;
  }
}

// Events per second of the named kinds, per wall-clock second, the last 300 s.
export class RateCounter {
  constructor(names, seconds = 300) {
    this.names = names;
    this.seconds = seconds;
    this.buckets = new Map(); // second -> {name: n}
    this.startSec = Math.floor(Date.now() / 1000); // nothing is known before the page counted
  }

  count(name) {
    if (!this.names.includes(name)) return;
    const sec = Math.floor(Date.now() / 1000);
    let b = this.buckets.get(sec);
    if (!b) {
      b = {};
      this.buckets.set(sec, b);
      for (const k of this.buckets.keys()) if (k < sec - this.seconds) this.buckets.delete(k);
    }
    b[name] = (b[name] || 0) + 1;
  }

  // [[seconds], [name0 per s], [name1 per s]] for the last `n` complete seconds, not reaching
  // back before the counter started (seconds it did not watch are not shown as zeros).
  series(n = 120) {
    const now = Math.floor(Date.now() / 1000) - 1;
    const xs = [];
    const ys = this.names.map(() => []);
    for (let s = Math.max(now - n + 1, this.startSec); s <= now; s++) {
      xs.push(s);
      const b = this.buckets.get(s) || {};
      this.names.forEach((name, i) => ys[i].push(b[name] || 0));
    }
    return [xs, ...ys];
  }
}
