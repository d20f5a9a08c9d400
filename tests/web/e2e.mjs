// test_web_dashboard: the web dashboard end to end, in Debian's chromium (playwright-core)
// against a real orreryd built from this tree, on a free loopback port with a temporary data
// directory. Screenshots of every view go to <out>/screenshots/.
//   node e2e.mjs --orreryd build/app/orreryd/orreryd --out build/tests/web --node-modules build/tests/web/node_modules
import * as fs from 'node:fs';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import { parseArgs, freePort, waitFor, sleep, Orreryd, Rest, makeTempDir, loadPlaywright, launchChromium } from './harness.mjs';

const args = parseArgs(process.argv.slice(2));
for (const k of ['orreryd', 'out', 'node-modules']) if (!args[k]) { console.error(`missing --${k}`); process.exit(2); }
const shots = path.join(args.out, 'screenshots');
fs.mkdirSync(shots, { recursive: true });
const dataDir = makeTempDir('orrery-web-e2e-');
const port = await freePort();
const server = new Orreryd(args.orreryd, { port, dataDir, log: path.join(args.out, 'orreryd-e2e.log') });
const base = server.base;
const playwright = loadPlaywright(args['node-modules']);
let browser;
const problems = []; // CSP violations and page errors, checked at the end
let step = 'start';

function log(msg) { console.log(`[e2e] ${msg}`); }
async function shot(page, name) {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
  log(`screenshot ${name}.png`);
}
function watch(page, who) {
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(`${who}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`${who}: page error ${e.message}`));
}

async function login(page, token) {
  await page.goto(`${base}/`);
  await page.fill('#token', token);
  await page.click('form.login button[type=submit]');
}

async function view(page, name) {
  await page.click(`#nav-${name}`);
  await page.waitForFunction((n) => document.body.dataset.rendered === n, name);
}

try {
  await server.start();
  const admin = new Rest(base, server.adminToken());
  const opTok = (await admin.post('/api/tokens', { name: 'e2e-operator', role: 'operator' })).token;
  const viewerTok = (await admin.post('/api/tokens', { name: 'e2e-viewer', role: 'viewer', projects: ['shop'] })).token;
  const op = new Rest(base, opTok);
  await admin.post('/api/metadata/taskdefs', [
    { name: 'web_fail', retryCount: 0, timeoutSeconds: 600, responseTimeoutSeconds: 300 },
    { name: 'web_wait', retryCount: 0, timeoutSeconds: 600, responseTimeoutSeconds: 300 }]);
  await admin.post('/api/metadata/workflow?overwrite=true', { name: 'web_e2e_fail', version: 1, schemaVersion: 2,
    tasks: [{ name: 'web_fail', taskReferenceName: 'charge', type: 'SIMPLE' }] });
  await admin.post('/api/metadata/workflow?overwrite=true', { name: 'web_e2e_wait', version: 1, schemaVersion: 2,
    tasks: [{ name: 'web_wait', taskReferenceName: 'wait', type: 'SIMPLE' }] });
  // Two dead letters of project "shop": one replayed from its row, one by the group's dialog.
  async function deadLetter(n) {
    const wf = await op.post('/api/workflow/web_e2e_fail?projectId=shop', { order: n });
    const task = await waitFor('a web_fail task to poll', async () => {
      const r = await op.call('GET', '/api/tasks/poll/web_fail?workerid=e2e-worker');
      return r.status === 200 ? r.data : null;
    });
    await op.post('/api/tasks', { taskId: task.taskId, workflowInstanceId: task.workflowInstanceId, workerId: 'e2e-worker',
      status: 'FAILED_WITH_TERMINAL_ERROR', reasonForIncompletion: `card declined (${n})` });
    await waitFor(`DLQ entry of ${wf}`, async () => (await op.get(`/api/dlq?workflowId=${wf}`)).totalHits === 1);
    return wf;
  }

  // ---- static routes: headers ----
  step = 'headers';
  const page0 = await fetch(`${base}/`);
  assert.equal(page0.status, 200);
  const csp = page0.headers.get('content-security-policy') || '';
  for (const part of ["script-src 'self'", "frame-ancestors 'none'", "base-uri 'none'"]) assert.ok(csp.includes(part), `CSP has ${part}: ${csp}`);
  assert.ok(!csp.includes('unsafe-inline'), 'no unsafe-inline');
  assert.equal(page0.headers.get('x-frame-options'), 'DENY');
  assert.equal(page0.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(page0.headers.get('referrer-policy'), 'no-referrer');
  const html = await page0.text();
  assert.ok(!/<script>|<script [^>]*>[^<]/.test(html), 'index.html has no inline script');

  browser = await launchChromium(playwright);
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-GB' });
  const page = await ctx.newPage();
  watch(page, 'operator');
  const searches = [];
  page.on('request', (r) => { if (r.url().includes('/api/workflow/search')) searches.push(Date.now()); });

  // ---- a bad token is refused ----
  step = 'bad token';
  await login(page, 'orr_not_a_real_token');
  await page.waitForSelector('form.login .notice.error');
  assert.match(await page.textContent('form.login .notice.error'), /refused/i);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('orrery.token')), null);
  await shot(page, '01-login-refused');

  // ---- login, live ----
  step = 'login';
  await page.fill('#token', opTok);
  await page.click('form.login button[type=submit]');
  await page.waitForSelector('#conn[data-state=live]', { timeout: 15000 });
  assert.ok(!page.url().includes(opTok), 'the token is never in the URL');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('orrery.token')), opTok);
  assert.match(await page.textContent('#whoami'), /e2e-operator/);
  await page.waitForFunction(() => document.body.dataset.rendered === 'overview');
  await shot(page, '02-overview');

  // ---- a started workflow appears live (no re-fetch) ----
  step = 'live workflow';
  await view(page, 'workflows');
  await sleep(300);
  const before = searches.length;
  const t0 = Date.now();
  const wfId = await op.post('/api/workflow/web_e2e_wait?projectId=shop', {});
  await page.waitForSelector(`tr[data-id="${wfId}"]`, { timeout: 10000 });
  const liveMs = Date.now() - t0;
  assert.equal(searches.length, before, 'the row came from the live event, not from a search');
  log(`started workflow appeared live after ${liveMs} ms (figure; the issue's target is <= 1000 ms)`);
  await shot(page, '03-workflows');

  // keyboard: Enter on the row opens the detail dialog
  step = 'workflow detail';
  await page.focus(`tr[data-id="${wfId}"]`);
  await page.keyboard.press('Enter');
  await page.waitForSelector('dialog.modal[open] .actions');
  const pauseEnabled = await page.isEnabled('dialog.modal[open] button[data-action="workflow.pause"]');
  assert.ok(pauseEnabled, 'an unscoped operator may pause a running workflow');
  await shot(page, '04-workflow-detail');
  await page.keyboard.press('Escape');
  await page.waitForSelector('dialog.modal', { state: 'detached' });

  // filters: status and type go to the search; a RUNNING filter keeps only running rows
  step = 'workflow filters';
  await page.selectOption('.view.workflows form.filters select', 'RUNNING');
  await page.fill('.view.workflows form.filters .field:nth-of-type(2) input', 'web_e2e_wait');
  const searchesBefore = searches.length;
  await page.click('.view.workflows form.filters button[type=submit]');
  await waitFor('a filtered search', async () => searches.length > searchesBefore);
  await page.waitForFunction(() => document.body.dataset.rendered === 'workflows'
    && [...document.querySelectorAll('.view.workflows tbody tr')].every((tr) => tr.dataset.status === 'RUNNING'));
  const statuses = await page.$$eval('.view.workflows tbody tr', (trs) => trs.map((tr) => tr.dataset.status));
  assert.ok(statuses.length >= 1 && statuses.every((st) => st === 'RUNNING'), `only RUNNING rows: ${statuses}`);
  assert.ok(await page.$(`tr[data-id="${wfId}"]`), 'the running workflow matches the filter');

  // ---- tasks ----
  step = 'tasks';
  await view(page, 'tasks');
  // a reload keeps the session (sessionStorage) and the view; the first Tab lands on the skip link
  await page.reload();
  await page.waitForFunction(() => document.body.dataset.rendered === 'tasks');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip');
  await page.waitForSelector('tr.clickable');
  await page.click('tr.clickable >> nth=0');
  await page.waitForSelector('dialog.modal[open] h3');
  await shot(page, '05-task-detail');
  await page.keyboard.press('Escape');

  // ---- DLQ: replay from the row turns it REPLAYED; a group replay: dry run, progress, report ----
  step = 'dlq';
  const wfA = await deadLetter(1);
  await view(page, 'dlq');
  const wfB = await deadLetter(2);
  const rowB = await waitFor('the second dead letter in the view (live reload)', async () =>
    (await page.$$('section.group tr[data-status=DEAD]')).length === 2, 10000);
  assert.ok(rowB);
  const entryA = (await op.get(`/api/dlq?workflowId=${wfA}`)).results[0];
  await page.click(`tr[data-id="${entryA.id}"] button[data-action="dlq.replay"]`);
  await page.waitForSelector(`tr[data-id="${entryA.id}"][data-status=REPLAYED]`, { timeout: 10000 });
  await shot(page, '06-dlq-replayed');
  await page.click('section.group[data-reason=TERMINAL] button[data-action="dlq.replay"]:has-text("group")');
  await page.waitForSelector('dialog.modal[open] .notice.info');
  assert.match(await page.textContent('dialog.modal[open]'), /Dry run: 1 entries would be replayed/);
  await page.click('dialog.modal[open] button.primary');
  await page.waitForSelector('dialog.modal[open] .notice.ok', { timeout: 15000 });
  assert.match(await page.textContent('dialog.modal[open]'), /Report: 1 replayed, 0 failed, of 1|Done/);
  await shot(page, '07-dlq-group-replay');
  await page.keyboard.press('Escape');
  await waitFor('entry B replayed', async () => (await op.get(`/api/dlq?workflowId=${wfB}&status=ALL`)).results[0].status === 'REPLAYED');

  // ---- breakers, jobs, workers ----
  step = 'breakers';
  await admin.post(`/api/circuitbreaker/${encodeURIComponent('http:e2e.example')}/open`);
  await view(page, 'breakers');
  await page.waitForSelector('tr[data-name="http:e2e.example"][data-state=FORCED_OPEN]', { timeout: 10000 });
  assert.ok(await page.isEnabled('tr[data-name="http:e2e.example"] button[data-action="breaker.reset"]'));
  assert.ok(await page.isDisabled('tr[data-name="http:e2e.example"] button[data-action="breaker.close"]'), 'close is admin-only');
  await shot(page, '08-breakers');
  step = 'jobs';
  await view(page, 'jobs');
  await page.waitForSelector('table.grid tbody tr');
  await shot(page, '09-jobs');
  step = 'workers';
  await view(page, 'workers');
  await shot(page, '10-workers');

  // ---- phone width, German ----
  step = 'phone + German';
  await page.setViewportSize({ width: 390, height: 844 });
  await view(page, 'overview');
  await page.selectOption('header.top #lang', 'de');
  await page.waitForFunction(() => document.querySelector('#nav-overview').textContent === 'Übersicht');
  await page.waitForFunction(() => document.body.dataset.rendered === 'overview');
  await shot(page, '11-overview-phone-de');
  await page.selectOption('header.top #lang', 'en');
  await page.setViewportSize({ width: 1280, height: 860 });

  // ---- reconnect after orreryd restarts, then resync and live again ----
  step = 'reconnect';
  await view(page, 'workflows');
  const resyncsBefore = await page.evaluate(() => window.__orrery.resyncs || 0);
  await server.stop();
  await page.waitForSelector('#conn[data-state=reconnecting]', { timeout: 15000 });
  await shot(page, '12-reconnecting');
  await server.start();
  await page.waitForSelector('#conn[data-state=live]', { timeout: 20000 });
  await page.waitForFunction((n) => (window.__orrery.resyncs || 0) > n, resyncsBefore, { timeout: 10000 });
  const wfAfter = await op.post('/api/workflow/web_e2e_wait?projectId=shop', {});
  await page.waitForSelector(`tr[data-id="${wfAfter}"]`, { timeout: 10000 });

  // ---- a viewer token limited to "shop" sees actions disabled, with the reason ----
  step = 'viewer';
  const vctx = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-GB' });
  const vpage = await vctx.newPage();
  watch(vpage, 'viewer');
  await login(vpage, viewerTok);
  await vpage.waitForSelector('#conn[data-state=live]', { timeout: 15000 });
  assert.match(await vpage.textContent('#whoami'), /projects: shop/);
  await view(vpage, 'dlq');
  await vpage.waitForSelector('tr[data-id] button[data-action="dlq.replay"]');
  const replayButtons = await vpage.$$('button[data-action="dlq.replay"]');
  for (const b of replayButtons) {
    assert.ok(await b.isDisabled(), 'replay is disabled for a viewer');
  }
  assert.match(await replayButtons[0].getAttribute('title'), /Needs role operator; your token has role viewer/);
  assert.match(await replayButtons[0].getAttribute('aria-description'), /operator/);
  await shot(page, '13-dlq-after-reconnect');
  await shot(vpage, '14-viewer-dlq');
  await view(vpage, 'workflows');
  await vpage.waitForSelector(`tr[data-id="${wfAfter}"]`);
  await vpage.click(`tr[data-id="${wfAfter}"]`);
  await vpage.waitForSelector('dialog.modal[open] button[data-action="workflow.terminate"]');
  assert.ok(await vpage.isDisabled('dialog.modal[open] button[data-action="workflow.terminate"]'));
  await shot(vpage, '15-viewer-workflow-detail');

  // ---- an admin (on the /admin namespace): purge with its dry run and report, close a breaker ----
  step = 'admin';
  const actx = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-GB' });
  const apage = await actx.newPage();
  watch(apage, 'admin');
  await login(apage, admin.token);
  await apage.waitForSelector('#conn[data-state=live]', { timeout: 15000 });
  await view(apage, 'dlq');
  await apage.click('section.group[data-reason=TERMINAL] button[data-action="dlq.purge"]');
  await apage.waitForSelector('dialog.modal[open] .notice.info');
  assert.match(await apage.textContent('dialog.modal[open]'), /Dry run: 2 entries would be purged/);
  assert.equal((await admin.get('/api/dlq?status=ALL')).totalHits, 2, 'the dry run purged nothing');
  await apage.click('dialog.modal[open] button.primary');
  await apage.waitForSelector('dialog.modal[open] .notice.ok');
  assert.match(await apage.textContent('dialog.modal[open]'), /Report: 2 entries purged/);
  await shot(apage, '16-admin-dlq-purged');
  await apage.keyboard.press('Escape');
  assert.equal((await admin.get('/api/dlq?status=ALL')).totalHits, 0);
  // breakers live in memory: the restart above forgot the one forced open before it
  await admin.post(`/api/circuitbreaker/${encodeURIComponent('http:e2e.example')}/open`);
  await view(apage, 'breakers');
  await apage.waitForSelector('tr[data-name="http:e2e.example"][data-state=FORCED_OPEN]', { timeout: 10000 });
  await apage.click('tr[data-name="http:e2e.example"] button[data-action="breaker.close"]');
  await apage.waitForSelector('tr[data-name="http:e2e.example"][data-state=CLOSED]', { timeout: 10000 });

  assert.deepEqual(problems, [], `no CSP violation or page error:\n${problems.join('\n')}`);
  log('PASS');
} catch (e) {
  console.error(`[e2e] FAIL at step "${step}": ${e.stack || e}`);
  process.exitCode = 1;
} finally {
  if (browser) await browser.close().catch(() => {});
  await server.stop().catch(() => {});
  fs.rmSync(dataDir, { recursive: true, force: true });
}
