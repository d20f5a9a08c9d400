// Helpers shared by the SDK scenario scripts (sdk_*_test.js). Everything goes through the official
// Conductor JavaScript SDK (@io-orkes/conductor-javascript 4.0.0); nothing here speaks HTTP itself.
//
// Env: CONDUCTOR_SERVER_URL, CONDUCTOR_AUTH_KEY, CONDUCTOR_AUTH_SECRET (set by the CTest driver).
const assert = require('assert');
const sdk = require('@io-orkes/conductor-javascript');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const quietLogger = { info() {}, debug() {}, warn() {}, error(...a) { console.error(...a); } };

async function connect() {
  return sdk.orkesConductorClient({
    serverUrl: process.env.CONDUCTOR_SERVER_URL,
    keyId: process.env.CONDUCTOR_AUTH_KEY,
    keySecret: process.env.CONDUCTOR_AUTH_SECRET,
  });
}

const isTerminal = (status) => status !== 'RUNNING' && status !== 'PAUSED';

// Polls getWorkflow until pred(wf) holds; the timeout is only a guard against hanging, the
// assertions are on what the workflow looks like.
async function waitUntil(executor, id, pred, what, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  let wf;
  for (;;) {
    wf = await executor.getWorkflow(id, true);
    if (pred(wf)) return wf;
    if (Date.now() > deadline)
      throw new Error(`workflow ${id}: still not ${what} after ${timeoutMs} ms: status ${wf.status}, tasks ` +
                      JSON.stringify((wf.tasks || []).map((t) => `${t.referenceTaskName}:${t.status}`)));
    await sleep(50);
  }
}

const waitForEnd = (executor, id, timeoutMs) =>
  waitUntil(executor, id, (wf) => isTerminal(wf.status), 'ended', timeoutMs);

const tasksOf = (wf, ref) => (wf.tasks || []).filter((t) => t.referenceTaskName === ref);

// The task of `ref` once it has `status`.
async function waitForTask(executor, id, ref, status, timeoutMs) {
  const wf = await waitUntil(executor, id, (w) => tasksOf(w, ref).some((t) => t.status === status),
                             `holding ${ref} ${status}`, timeoutMs);
  return tasksOf(wf, ref).find((t) => t.status === status);
}

// Every reference name of the execution is COMPLETED exactly once, and the set of refs is `refs`.
function assertEachCompletedOnce(wf, refs) {
  const counts = {};
  for (const t of wf.tasks || [])
    if (t.status === 'COMPLETED') counts[t.referenceTaskName] = (counts[t.referenceTaskName] || 0) + 1;
  const notOnce = Object.entries(counts).filter(([, n]) => n !== 1);
  assert.deepStrictEqual(notOnce, [], `workflow ${wf.workflowId}: refs completed more than once`);
  assert.deepStrictEqual(Object.keys(counts).sort(), [...refs].sort(),
                         `workflow ${wf.workflowId}: the completed refs`);
  const other = (wf.tasks || []).filter((t) => t.status !== 'COMPLETED');
  assert.deepStrictEqual(other.map((t) => `${t.referenceTaskName}:${t.status}`), [],
                         `workflow ${wf.workflowId}: tasks that did not complete`);
}

function describe(wf) {
  return `${wf.workflowId} ${wf.status} ${wf.reasonForIncompletion || ''} tasks ` +
         JSON.stringify((wf.tasks || []).map((t) => `${t.referenceTaskName}:${t.taskType}:${t.status}`));
}

function run(main) {
  main().then(() => process.exit(0), (e) => {
    console.error('FAILED:', e && (e.stack || JSON.stringify(e)));
    if (e && e.actual !== undefined) console.error('actual:', JSON.stringify(e.actual), '\nexpected:', JSON.stringify(e.expected));
    process.exit(1);
  });
}

module.exports = { assert, sdk, sleep, quietLogger, connect, isTerminal, waitUntil, waitForEnd, waitForTask, tasksOf,
                   assertEachCompletedOnce, describe, run };
