// Figures of the web dashboard (docs/dashboard.md §Figures), not a test:
//  1. time to first render with 100,000 tasks in the store: a fresh page (token already in the
//     tab's sessionStorage) until the view's first page of rows is in the DOM, for the Tasks,
//     Workflows and Overview views, median of 5 loads each;
//  2. the browser's frame time while ~1,000 events/s arrive over the Socket.IO hub (workflows
//     started at a paced rate; the rate the page actually received is printed), on the Tasks view
//     (every event touches a row): per animation frame, the main thread's work from the frame's
//     start (the rAF timestamp) until its rendering is done (a message posted from the last rAF
//     callback runs after style, layout and paint), against the 16 ms budget; the interval
//     between frames at the display rate (60 Hz) and the share of frames that missed it; and the
//     time the page spends applying each frame's batch of events.
// Usage (after building with tests, which installs playwright-core under build/tests/web):
//   node tests/bench/bench_web_dashboard.mjs --orreryd build/app/orreryd/orreryd \
//        --node-modules build/tests/web/node_modules [--tasks 100000] [--rate 1000] [--seconds 15] [--view tasks]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execSync } from 'node:child_process';
import { parseArgs, freePort, waitFor, sleep, Orreryd, Rest, makeTempDir, loadPlaywright } from '../web/harness.mjs';

const args = parseArgs(process.argv.slice(2));
for (const k of ['orreryd', 'node-modules']) if (!args[k]) { console.error(`missing --${k}`); process.exit(2); }
const TASKS = Number(args.tasks || 100000);
const RATE = Number(args.rate || 1000);
const SECONDS = Number(args.seconds || 15);
const PER_WF = 10;
const VIEW = String(args.view || 'tasks'); // the view open while events arrive
if (!(TASKS > 0 && RATE > 0 && SECONDS > 0)) { console.error('--tasks, --rate and --seconds must be positive numbers'); process.exit(2); }

const dataDir = makeTempDir('orrery-web-bench-');
const server = new Orreryd(args.orreryd, { port: await freePort(), dataDir, extraArgs: ['--no-demo'],
  log: path.join(dataDir, 'orreryd.log') });
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN; };
const median = (xs) => pct(xs, 0.5);
const f1 = (v) => (Number.isFinite(v) ? v.toFixed(1) : '–');

async function parallel(n, count, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => { while (next < count) await fn(next++); }));
}

let browser;
try {
  await server.start();
  const admin = new Rest(server.base, server.adminToken());
  const token = admin.token;
  const noop = (i) => ({ name: 'NOOP', taskReferenceName: `n${i}`, type: 'NOOP' });
  await admin.post('/api/metadata/workflow?overwrite=true', { name: 'bench_fill', version: 1, schemaVersion: 2,
    tasks: Array.from({ length: PER_WF }, (_, i) => noop(i)) });
  await admin.post('/api/metadata/workflow?overwrite=true', { name: 'bench_events', version: 1, schemaVersion: 2,
    tasks: [noop(0)] });

  // ---- fill the store ----
  const t0 = Date.now();
  const workflows = Math.ceil(TASKS / PER_WF);
  await parallel(32, workflows, (i) => admin.post('/api/workflow/bench_fill', { i }));
  const stored = await waitFor('the tasks in the store', async () => {
    const n = (await admin.get('/api/tasks?size=1')).totalHits;
    return n >= workflows * PER_WF ? n : 0;
  }, 300000, 500);
  console.log(`store: ${stored} tasks in ${workflows} workflows (filled in ${((Date.now() - t0) / 1000).toFixed(1)} s)`);

  const playwright = loadPlaywright(args['node-modules']);
  const launchArgs = ['--disable-dev-shm-usage', '--disable-gpu'];
  if (process.getuid && process.getuid() === 0) launchArgs.push('--no-sandbox');
  browser = await playwright.chromium.launch({ executablePath: process.env.ORRERY_CHROMIUM || '/usr/bin/chromium', args: launchArgs });

  async function freshPage() {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    await ctx.addInitScript((tok) => sessionStorage.setItem('orrery.token', tok), token);
    return { ctx, page: await ctx.newPage() };
  }

  // ---- time to first render ----
  const ttfr = {};
  for (const viewName of ['tasks', 'workflows', 'overview']) {
    ttfr[viewName] = [];
    for (let i = 0; i < 5; i++) {
      const { ctx, page } = await freshPage();
      await page.goto(`${server.base}/#/${viewName}`);
      const ms = await page.waitForFunction((v) => window.__orrery && window.__orrery.rendered[v], viewName, { timeout: 120000 });
      ttfr[viewName].push(await ms.jsonValue());
      await ctx.close();
    }
  }

  // ---- frame time at ~RATE events/s ----
  const { ctx, page } = await freshPage();
  await page.goto(`${server.base}/#/${VIEW}`);
  await page.waitForFunction((v) => window.__orrery && window.__orrery.rendered[v] && window.__orrery.state === 'live', VIEW, { timeout: 60000 });
  const received = () => page.evaluate(() => window.__orrery.events.received);
  // calibrate: events per workflow of bench_events as the page sees them
  const c0 = await received();
  await parallel(8, 50, () => admin.post('/api/workflow/bench_events', {}));
  await sleep(1500);
  const perWf = Math.max(1, ((await received()) - c0) / 50);
  const wfPerSecond = RATE / perWf;
  await page.evaluate(() => {
    const b = window.__bench = { frames: [], work: [], batches: [] };
    let last = 0;
    const loop = (ts) => {
      if (last) b.frames.push(ts - last);
      last = ts;
      const ch = new MessageChannel();
      ch.port1.onmessage = () => b.work.push(performance.now() - ts);
      // posted from inside the frame's rAF callbacks: its task runs once the frame's rendering
      // steps (style, layout, paint) are done
      ch.port2.postMessage(0);
    };
    const tick = (ts) => { loop(ts); if (!b.stop) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    window.__orrery.events.batchTimes = window.__bench.batches;
  });
  const r0 = await received();
  const start = Date.now();
  let started = 0;
  const pending = new Set();
  while (Date.now() - start < SECONDS * 1000) {
    const due = Math.floor(((Date.now() - start) / 1000) * wfPerSecond);
    while (started < due && pending.size < 256) {
      const p = admin.post('/api/workflow/bench_events', {}).finally(() => pending.delete(p));
      pending.add(p);
      started++;
    }
    await sleep(5);
  }
  await Promise.all(pending);
  const elapsed = (Date.now() - start) / 1000;
  await sleep(500);
  const got = (await received()) - r0;
  const bench = await page.evaluate(() => { window.__bench.stop = true; return window.__bench; });
  await ctx.close();
  const frames = bench.frames.slice(5);
  const work = bench.work.slice(5);
  const missed = frames.filter((f) => f > 25).length;
  const load = fs.readFileSync('/proc/loadavg', 'utf8').trim();

  console.log('');
  console.log(`Web dashboard figures (${os.cpus().length} CPUs, chromium ${browser.version()}, load ${load})`);
  console.log(`uptime: ${execSync('uptime').toString().trim()}`);
  for (const [v, xs] of Object.entries(ttfr))
    console.log(`time to first render, ${v.padEnd(9)} with ${stored} tasks: median ${f1(median(xs))} ms (runs: ${xs.map(f1).join(', ')})`);
  console.log(`events: ${got} received in ${elapsed.toFixed(1)} s = ${(got / elapsed).toFixed(0)} events/s (${perWf.toFixed(1)} events per workflow, ${started} workflows)`);
  console.log(`frame time (${VIEW} view, main-thread work per frame): ${work.length} frames, p50 ${f1(pct(work, 0.5))} ms, p95 ${f1(pct(work, 0.95))} ms, p99 ${f1(pct(work, 0.99))} ms, max ${f1(Math.max(...work))} ms (budget 16 ms)`);
  console.log(`frame interval at the display rate: p50 ${f1(pct(frames, 0.5))} ms, p95 ${f1(pct(frames, 0.95))} ms; ${missed} of ${frames.length} frames (${(100 * missed / Math.max(1, frames.length)).toFixed(1)} %) took longer than 25 ms`);
  console.log(`batch apply per frame: ${bench.batches.length} batches, p50 ${f1(pct(bench.batches, 0.5))} ms, p95 ${f1(pct(bench.batches, 0.95))} ms, max ${f1(Math.max(...bench.batches))} ms`);
} catch (e) {
  console.error(`bench_web_dashboard: ${e.stack || e}`);
  process.exitCode = 1;
} finally {
  if (browser) await browser.close().catch(() => {});
  await server.stop().catch(() => {});
  fs.rmSync(dataDir, { recursive: true, force: true });
}
