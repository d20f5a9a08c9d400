// BullMQ peer of bench_throughput: a redis-server started here on a free loopback port
// (appendonly yes, appendfsync everysec, no RDB), N jobs added with addBulk, then processed by
// one Worker with concurrency 50 and a no-op processor. Prints one JSON line:
//   {"ok":true,"version":"5.81.5","redis":"7.0.15","jobs":N,"seconds":s,"perSecond":r,"cpuUsPerJob":c,"peakRssMb":m}
// or {"ok":false,"error":"..."}. CPU and RSS are node's own plus redis-server's (from /proc).
//   node bench_bullmq.mjs --jobs N [--concurrency 50] [--redis-server /usr/bin/redis-server]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf('--' + name); return i >= 0 ? args[i + 1] : dflt; };
const jobs = Number(opt('jobs', '50000'));
const concurrency = Number(opt('concurrency', '50'));
const redisBin = opt('redis-server', 'redis-server');
const fail = (error) => { console.log(JSON.stringify({ ok: false, error: String(error) })); process.exit(1); };

let bullmq;
try { bullmq = await import('bullmq'); } catch (e) { fail('bullmq not installed: ' + e.message); }
const { Queue, Worker } = bullmq;
const version = createRequire(import.meta.url)('bullmq/package.json').version;

const freePort = () => new Promise((resolve, reject) => {
  const s = createServer(); s.once('error', reject);
  s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
});
const procStat = (pid) => { // utime+stime in seconds and VmHWM in MB of a child process
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return { cpu: (Number(f[11]) + Number(f[12])) / 100, rssMb: hwm ? Number(hwm[1]) / 1024 : 0 };
  } catch { return { cpu: 0, rssMb: 0 }; }
};

const dir = mkdtempSync(join(tmpdir(), 'bench-bullmq-'));
const port = await freePort();
const redis = spawn(redisBin, ['--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--save', '',
  '--appendonly', 'yes', '--appendfsync', 'everysec', '--logfile', join(dir, 'redis.log')], { stdio: 'ignore' });
redis.on('error', (e) => fail('redis-server did not start: ' + e.message));
const cleanup = () => { try { redis.kill('SIGTERM'); } catch {} try { rmSync(dir, { recursive: true, force: true }); } catch {} };

try {
  const connection = { host: '127.0.0.1', port, maxRetriesPerRequest: null };
  const queue = new Queue('bench', { connection });
  for (let i = 0; i < 100; ++i) { // wait for redis
    try { await (await queue.client).ping(); break; } catch { await new Promise((r) => setTimeout(r, 50)); }
  }
  const redisVersion = (/redis_version:(\S+)/.exec(await (await queue.client).info('server')) || [])[1] || '?';
  const added = Date.now();
  for (let i = 0; i < jobs; i += 1000) {
    const batch = [];
    for (let j = i; j < Math.min(jobs, i + 1000); ++j) batch.push({ name: 'noop', data: { i: j } });
    await queue.addBulk(batch);
  }
  const addSeconds = (Date.now() - added) / 1000;
  const cpu0 = process.cpuUsage(); const r0 = procStat(redis.pid);
  const t0 = process.hrtime.bigint();
  let done = 0;
  await new Promise((resolve, reject) => {
    const worker = new Worker('bench', async () => {}, { connection, concurrency, autorun: true });
    worker.on('completed', () => { if (++done === jobs) resolve(worker); });
    worker.on('error', reject);
  }).then((w) => w.close());
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0); const r1 = procStat(redis.pid);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6 + (r1.cpu - r0.cpu);
  await queue.close();
  console.log(JSON.stringify({ ok: true, version, redis: redisVersion, jobs, concurrency, addSeconds, seconds,
    perSecond: jobs / seconds, cpuUsPerJob: cpuSeconds * 1e6 / jobs,
    peakRssMb: process.resourceUsage().maxRSS / 1024 + r1.rssMb }));
} catch (e) {
  cleanup(); fail(e.message || e);
}
cleanup();
process.exit(0);
