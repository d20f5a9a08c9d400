// Drives orreryd with the official Conductor JavaScript SDK (@io-orkes/conductor-javascript 4.0.0),
// unmodified: token exchange (POST /api/token with keyId/keySecret), metadata registration,
// workflow start, a TaskManager worker polling batches and uploading results (update-v2), and a
// worker failure that is retried. Exits non-zero with a message on the first problem.
//
// Env: CONDUCTOR_SERVER_URL, CONDUCTOR_AUTH_KEY, CONDUCTOR_AUTH_SECRET (set by the CTest driver).
const assert = require('assert');
const sdk = require('@io-orkes/conductor-javascript');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(executor, id, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const wf = await executor.getWorkflow(id, true);
    if (wf.status !== 'RUNNING' && wf.status !== 'PAUSED') return wf;
    if (Date.now() > deadline) throw new Error(`workflow ${id} still ${wf.status} after ${timeoutMs} ms`);
    await sleep(100);
  }
}

async function main() {
  const client = await sdk.orkesConductorClient({
    serverUrl: process.env.CONDUCTOR_SERVER_URL,
    keyId: process.env.CONDUCTOR_AUTH_KEY,
    keySecret: process.env.CONDUCTOR_AUTH_SECRET,
  });
  const metadata = new sdk.MetadataClient(client);
  const executor = new sdk.WorkflowExecutor(client);

  await metadata.registerTasks([
    { name: 'sdk_greet', retryCount: 0, responseTimeoutSeconds: 30, timeoutSeconds: 0 },
    { name: 'sdk_flaky', retryCount: 2, retryLogic: 'FIXED', retryDelaySeconds: 1, jitterPercent: 0,
      responseTimeoutSeconds: 30, timeoutSeconds: 0 },
  ]);
  const def = await metadata.getTask('sdk_greet');
  assert.strictEqual(def.name, 'sdk_greet');

  await executor.registerWorkflow(true, {
    name: 'sdk_greetings', version: 1, schemaVersion: 2, ownerEmail: 'ops@localhost',
    tasks: [
      { name: 'sdk_greet', taskReferenceName: 'greet_ref', type: 'SIMPLE',
        inputParameters: { name: '${workflow.input.name}' } },
      { name: 'sdk_flaky', taskReferenceName: 'flaky_ref', type: 'SIMPLE',
        inputParameters: { greeting: '${greet_ref.output.result}' } },
    ],
    outputParameters: { result: '${flaky_ref.output.echo}' },
  });

  let flakyCalls = 0;
  const manager = new sdk.TaskManager(client, [
    { taskDefName: 'sdk_greet',
      execute: async (task) => ({ status: 'COMPLETED', outputData: { result: `Hello ${task.inputData.name}` } }) },
    { taskDefName: 'sdk_flaky',
      execute: async (task) => {
        flakyCalls += 1;
        if (task.retryCount === 0) throw new Error('first attempt fails on purpose');
        return { status: 'COMPLETED', outputData: { echo: task.inputData.greeting, attempt: task.retryCount } };
      } },
  ], { options: { pollInterval: 20, concurrency: 2 }, logger: { info() {}, debug() {}, error(...a) { console.error(...a); } } });
  manager.startPolling();

  const ids = [];
  for (let i = 0; i < 5; i++)
    ids.push(await executor.startWorkflow({ name: 'sdk_greetings', version: 1, input: { name: `n${i}` } }));
  assert.strictEqual(typeof ids[0], 'string');
  for (const [i, id] of ids.entries()) {
    const wf = await waitFor(executor, id, 30000);
    assert.strictEqual(wf.status, 'COMPLETED', `workflow ${id}: ${wf.status} ${wf.reasonForIncompletion || ''}`);
    assert.strictEqual(wf.output.result, `Hello n${i}`);
    const flaky = wf.tasks.filter((t) => t.referenceTaskName === 'flaky_ref');
    assert.strictEqual(flaky.length, 2, 'one failed attempt and one retry');
    assert.strictEqual(flaky[0].status, 'FAILED');
    assert.strictEqual(flaky[1].status, 'COMPLETED');
  }
  assert.strictEqual(flakyCalls, 10);
  await manager.stopPolling();
  console.log('conductor SDK worker test passed: 5 workflows, 15 tasks, 5 retries');
}

main().then(() => process.exit(0), (e) => { console.error('FAILED:', e && (e.stack || JSON.stringify(e))); process.exit(1); });
