// Shared by the dashboard's end-to-end test and its bench: a real orreryd on a free loopback
// port with a temporary data directory, REST helpers with tokens, and Debian's chromium through
// playwright-core.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';

export function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith('--')) throw new Error(`unexpected argument ${argv[i]}`);
    const key = argv[i].slice(2);
    if (i + 1 >= argv.length || argv[i + 1].startsWith('--')) out[key] = true;
    else out[key] = argv[++i];
  }
  return out;
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function waitFor(what, fn, timeoutMs = 15000, everyMs = 50) {
  const end = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) { last = e; }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last.message}` : ''}`);
    await sleep(everyMs);
  }
}

export class Orreryd {
  constructor(binary, { port, dataDir, extraArgs = [], log }) {
    this.binary = binary;
    this.port = port;
    this.dataDir = dataDir;
    this.extraArgs = extraArgs;
    this.logPath = log;
    this.base = `http://127.0.0.1:${port}`;
  }

  async start() {
    const logFd = fs.openSync(this.logPath, 'a');
    this.proc = spawn(this.binary, ['--listen', `127.0.0.1:${this.port}`, '--data-dir', this.dataDir, ...this.extraArgs],
      { stdio: ['ignore', logFd, logFd], env: { ...process.env, QT_QPA_PLATFORM: 'offscreen' } });
    fs.closeSync(logFd);
    this.exited = new Promise((resolve) => this.proc.once('exit', (code, sig) => resolve({ code, sig })));
    await waitFor(`orreryd on ${this.base}/healthz (log: ${this.logPath})`, async () => {
      if (this.proc.exitCode !== null) throw new Error(`orreryd exited with ${this.proc.exitCode}`);
      const r = await fetch(`${this.base}/healthz`);
      return r.ok;
    }, 30000, 100);
  }

  async stop() {
    if (!this.proc || this.proc.exitCode !== null) return;
    this.proc.kill('SIGTERM');
    const killer = setTimeout(() => this.proc.kill('SIGKILL'), 15000);
    await this.exited;
    clearTimeout(killer);
  }

  adminToken() {
    return fs.readFileSync(path.join(this.dataDir, 'admin-token'), 'utf8').trim();
  }
}

export class Rest {
  constructor(base, token) { this.base = base; this.token = token; }

  async call(method, p, body, expectOk = true) {
    const headers = { Authorization: `Bearer ${this.token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const r = await fetch(this.base + p, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    let data = text;
    try { data = text && (r.headers.get('content-type') || '').includes('json') ? JSON.parse(text) : text; } catch { /* text */ }
    if (expectOk && !r.ok) throw new Error(`${method} ${p}: ${r.status} ${text.slice(0, 300)}`);
    return { status: r.status, data, headers: r.headers };
  }

  get(p) { return this.call('GET', p).then((r) => r.data); }
  post(p, b) { return this.call('POST', p, b).then((r) => r.data); }
  put(p, b) { return this.call('PUT', p, b).then((r) => r.data); }
}

export function makeTempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function loadPlaywright(nodeModules) {
  const require = createRequire(path.join(path.resolve(nodeModules), 'noop.js'));
  return require('playwright-core');
}

export async function launchChromium(playwright) {
  const executablePath = process.env.ORRERY_CHROMIUM || '/usr/bin/chromium';
  if (!fs.existsSync(executablePath))
    throw new Error(`${executablePath} not found: install Debian's chromium (scripts/install-deps.sh --test) or set ORRERY_CHROMIUM`);
  const args = ['--disable-dev-shm-usage', '--disable-gpu'];
  if (process.getuid && process.getuid() === 0) args.push('--no-sandbox');
  return playwright.chromium.launch({ executablePath, args, headless: true });
}
