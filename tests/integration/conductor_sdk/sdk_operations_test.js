// Workflow operations through the official JavaScript SDK: WorkflowExecutor pause/resume (a paused
// workflow schedules nothing new, even when its running task completes), terminate, retry of a
// FAILED workflow, restart of a COMPLETED one, updateTaskByRefName; and the five bulk routes through
// the SDK's own client (client.workflowBulkResource: PUT /api/workflow/bulk/{pause,resume}, POST
// /api/workflow/bulk/{retry,restart,terminate} with a JSON array of ids, answering a BulkResponse).
const { assert, sdk, sleep, quietLogger, connect, waitUntil, waitForEnd, waitForTask, tasksOf, assertEachCompletedOnce,
        describe, run } = require('./sdk_common');

// client.workflowBulkResource is the SDK's "legacy resource" API: it warns on every call.
async function bulk(client, fn, ...args) {
  const warn = console.warn;
  console.warn = () => {};
  try {
    return await client.workflowBulkResource[fn](...args);
  } finally {
    console.warn = warn;
  }
}

// The SDK logs every failed execution; the planned first-run failures are not news.
const expectedFailuresQuiet = {
  ...quietLogger,
  error(...a) {
    if (!a.some((x) => String(x && (x.message || x)).includes('the first run of every workflow fails'))) console.error(...a);
  },
};

async function main() {
  const client = await connect();
  const metadata = new sdk.MetadataClient(client);
  const executor = new sdk.WorkflowExecutor(client);

  await metadata.registerTasks([
    { name: 'sdk_op_gate', retryCount: 0, responseTimeoutSeconds: 60, timeoutSeconds: 0 },
    { name: 'sdk_op_after', retryCount: 0, responseTimeoutSeconds: 60, timeoutSeconds: 0 },
    { name: 'sdk_op_flaky', retryCount: 0, responseTimeoutSeconds: 60, timeoutSeconds: 0 },
    { name: 'sdk_op_child_work', retryCount: 0, responseTimeoutSeconds: 60, timeoutSeconds: 0 },
  ]);
  const def = (name, tasks, extra = {}) => executor.registerWorkflow(true, {
    name, version: 1, schemaVersion: 2, ownerEmail: 'ops@localhost', tasks, ...extra });
  await def('sdk_op_gated', [sdk.simpleTask('gate_ref', 'sdk_op_gate', {}),
                             sdk.simpleTask('after_ref', 'sdk_op_after', { g: '${gate_ref.output.gate}' })],
            { outputParameters: { after: '${after_ref.output.after}' } });
  await def('sdk_op_flaky', [sdk.simpleTask('flaky_ref', 'sdk_op_flaky', { k: '${workflow.input.k}' })],
            { outputParameters: { k: '${flaky_ref.output.k}' } });
  await def('sdk_op_child', [sdk.simpleTask('c_ref', 'sdk_op_child_work', { k: '${workflow.input.k}' }),
                             { name: 'cw_ref', taskReferenceName: 'cw_ref', type: 'WAIT',
                               inputParameters: { duration: '${workflow.input.wait}' } }],
            { outputParameters: { k: '${c_ref.output.k}' } });
  await def('sdk_op_parent', [{ ...sdk.subWorkflowTask('sub_ref', 'sdk_op_child', 1),
                                inputParameters: { k: '${workflow.input.k}', wait: '${workflow.input.wait}' } }],
            { outputParameters: { k: '${sub_ref.output.k}' } });
  await def('sdk_op_waiting', [{ name: 'w_ref', taskReferenceName: 'w_ref', type: 'WAIT', inputParameters: {} }],
            { outputParameters: { got: '${w_ref.output.n}' } });

  // The gate worker holds each task until the test releases it.
  const held = new Map(); // workflowInstanceId -> release()
  const flakyRuns = {};
  const manager = new sdk.TaskManager(client, [
    { taskDefName: 'sdk_op_gate',
      execute: (task) => new Promise((resolve) => held.set(task.workflowInstanceId,
        () => resolve({ status: 'COMPLETED', outputData: { gate: 'open' } }))) },
    { taskDefName: 'sdk_op_after',
      execute: async (task) => ({ status: 'COMPLETED', outputData: { after: `after ${task.inputData.g}` } }) },
    { taskDefName: 'sdk_op_flaky',
      execute: async (task) => {
        const runs = (flakyRuns[task.workflowInstanceId] = (flakyRuns[task.workflowInstanceId] || 0) + 1);
        if (runs === 1) throw new Error('the first run of every workflow fails');
        return { status: 'COMPLETED', outputData: { k: task.inputData.k, runs } };
      } },
    { taskDefName: 'sdk_op_child_work',
      execute: async (task) => {
        const key = `child ${task.inputData.k}`;
        const runs = (flakyRuns[key] = (flakyRuns[key] || 0) + 1);
        if (runs === 1) throw new Error('the first run of every workflow fails');
        return { status: 'COMPLETED', outputData: { k: task.inputData.k, runs } };
      } },
  ], { options: { pollInterval: 20, concurrency: 4 }, logger: expectedFailuresQuiet });
  manager.startPolling();

  // --- pause / resume: a paused workflow's running task may complete, but nothing new is scheduled.
  const gatedId = await executor.startWorkflow({ name: 'sdk_op_gated', version: 1, input: {} });
  await waitForTask(executor, gatedId, 'gate_ref', 'IN_PROGRESS');
  for (let i = 0; !held.has(gatedId); i++) {
    assert.ok(i < 600, 'the gate worker never received its task');
    await sleep(50);
  }
  await executor.pause(gatedId);
  assert.strictEqual((await executor.getWorkflow(gatedId, false)).status, 'PAUSED');
  held.get(gatedId)();
  let wf = await waitUntil(executor, gatedId, (w) => tasksOf(w, 'gate_ref')[0].status === 'COMPLETED', 'gate done');
  await sleep(500); // a decider that ignored the pause would schedule after_ref now
  wf = await executor.getWorkflow(gatedId, true);
  assert.strictEqual(wf.status, 'PAUSED', describe(wf));
  assert.deepStrictEqual(tasksOf(wf, 'after_ref'), [], 'a paused workflow scheduled a task');
  await executor.resume(gatedId);
  wf = await waitForEnd(executor, gatedId);
  assert.strictEqual(wf.status, 'COMPLETED', describe(wf));
  assert.deepStrictEqual(wf.output, { after: 'after open' });
  assertEachCompletedOnce(wf, ['gate_ref', 'after_ref']);

  // --- terminate: the WAIT task is canceled.
  const termId = await executor.startWorkflow({ name: 'sdk_op_waiting', version: 1, input: {} });
  await waitForTask(executor, termId, 'w_ref', 'IN_PROGRESS');
  await executor.terminate(termId, 'stopped by the sdk');
  wf = await executor.getWorkflow(termId, true);
  assert.strictEqual(wf.status, 'TERMINATED', describe(wf));
  assert.ok((wf.reasonForIncompletion || '').includes('stopped by the sdk'), describe(wf));
  assert.strictEqual(tasksOf(wf, 'w_ref')[0].status, 'CANCELED');

  // --- retry a FAILED workflow, then restart the COMPLETED one.
  const flakyId = await executor.startWorkflow({ name: 'sdk_op_flaky', version: 1, input: { k: 42 } });
  wf = await waitForEnd(executor, flakyId);
  assert.strictEqual(wf.status, 'FAILED', describe(wf));
  assert.deepStrictEqual(wf.failedReferenceTaskNames, ['flaky_ref']);
  await executor.retry(flakyId, false);
  wf = await waitForEnd(executor, flakyId);
  assert.strictEqual(wf.status, 'COMPLETED', describe(wf));
  assert.deepStrictEqual(tasksOf(wf, 'flaky_ref').map((t) => t.status), ['FAILED', 'COMPLETED']);
  assert.deepStrictEqual(wf.output, { k: 42 });
  await executor.restart(flakyId, false);
  wf = await waitForEnd(executor, flakyId);
  assert.strictEqual(wf.status, 'COMPLETED', describe(wf));
  assertEachCompletedOnce(wf, ['flaky_ref']); // a restart starts over with no old tasks
  assert.strictEqual(tasksOf(wf, 'flaky_ref')[0].outputData.runs, 3);

  // --- a failed child fails its parent; retrying the parent runs a new child to completion.
  const parentId = await executor.startWorkflow({ name: 'sdk_op_parent', version: 1, input: { k: 7, wait: '0s' } });
  wf = await waitForEnd(executor, parentId);
  assert.strictEqual(wf.status, 'FAILED', describe(wf));
  const firstChildId = tasksOf(wf, 'sub_ref')[0].subWorkflowId;
  assert.ok(firstChildId, describe(wf));
  assert.strictEqual((await executor.getWorkflow(firstChildId, false)).status, 'FAILED');
  await executor.retry(parentId, false);
  wf = await waitForEnd(executor, parentId);
  assert.strictEqual(wf.status, 'COMPLETED', describe(wf));
  assert.deepStrictEqual(wf.output, { k: 7 });
  const subs = tasksOf(wf, 'sub_ref');
  assert.deepStrictEqual(subs.map((t) => t.status), ['FAILED', 'COMPLETED'], describe(wf));
  assert.notStrictEqual(subs[1].subWorkflowId, firstChildId);
  const secondChild = await executor.getWorkflow(subs[1].subWorkflowId, true);
  assert.strictEqual(secondChild.status, 'COMPLETED', describe(secondChild));
  assert.strictEqual(secondChild.parentWorkflowId, parentId);
  assertEachCompletedOnce(secondChild, ['c_ref', 'cw_ref']);

  // --- terminating a parent terminates its running child.
  const parent2 = await executor.startWorkflow({ name: 'sdk_op_parent', version: 1, input: { k: 7, wait: '1h' } }); // k 7 no longer fails
  const sub2 = await waitForTask(executor, parent2, 'sub_ref', 'IN_PROGRESS');
  const child2 = sub2.subWorkflowId || (sub2.outputData || {}).subWorkflowId;
  assert.ok(child2, JSON.stringify(sub2));
  await waitUntil(executor, child2, (w) => tasksOf(w, 'cw_ref').length === 1 || w.status !== 'RUNNING', 'waiting');
  await executor.terminate(parent2, 'parent stopped');
  assert.strictEqual((await executor.getWorkflow(parent2, false)).status, 'TERMINATED');
  wf = await waitForEnd(executor, child2);
  assert.strictEqual(wf.status, 'TERMINATED', describe(wf));

  // --- the bulk routes.
  const ids = [];
  for (let i = 0; i < 3; i++) ids.push(await executor.startWorkflow({ name: 'sdk_op_waiting', version: 1, input: {} }));
  for (const id of ids) await waitForTask(executor, id, 'w_ref', 'IN_PROGRESS');
  const statuses = async () => Promise.all(ids.map(async (id) => (await executor.getWorkflow(id, false)).status));
  const expectBulk = (res, ok, errors, what) => {
    assert.deepStrictEqual([...res.bulkSuccessfulResults].sort(), [...ok].sort(), `${what}: ${JSON.stringify(res)}`);
    assert.deepStrictEqual(Object.keys(res.bulkErrorResults || {}).sort(), [...errors].sort(), `${what}: ${JSON.stringify(res)}`);
  };

  let res = await bulk(client, 'pauseWorkflow1', [...ids, 'no_such_workflow']);
  expectBulk(res, ids, ['no_such_workflow'], 'bulk pause');
  assert.strictEqual(typeof res.bulkErrorResults.no_such_workflow, 'string');
  assert.deepStrictEqual(await statuses(), ['PAUSED', 'PAUSED', 'PAUSED']);

  res = await bulk(client, 'resumeWorkflow', ids);
  expectBulk(res, ids, [], 'bulk resume');
  assert.deepStrictEqual(await statuses(), ['RUNNING', 'RUNNING', 'RUNNING']);

  res = await bulk(client, 'terminate', ids.slice(0, 2), 'bulk stop');
  expectBulk(res, ids.slice(0, 2), [], 'bulk terminate');
  assert.deepStrictEqual(await statuses(), ['TERMINATED', 'TERMINATED', 'RUNNING']);
  wf = await executor.getWorkflow(ids[0], true);
  assert.ok((wf.reasonForIncompletion || '').includes('bulk stop'), describe(wf));

  // Retry takes the ended ones back to RUNNING with a new WAIT; the running one is an error.
  res = await bulk(client, 'retry', ids);
  expectBulk(res, ids.slice(0, 2), [ids[2]], 'bulk retry');
  assert.deepStrictEqual(await statuses(), ['RUNNING', 'RUNNING', 'RUNNING']);
  for (const [i, id] of ids.entries()) {
    await waitForTask(executor, id, 'w_ref', 'IN_PROGRESS');
    await executor.updateTaskByRefName('w_ref', id, 'COMPLETED', { n: i });
  }
  for (const [i, id] of ids.entries()) {
    wf = await waitForEnd(executor, id);
    assert.strictEqual(wf.status, 'COMPLETED', describe(wf));
    assert.deepStrictEqual(wf.output, { got: i });
    const waits = tasksOf(wf, 'w_ref').map((t) => t.status);
    assert.deepStrictEqual(waits, i < 2 ? ['CANCELED', 'COMPLETED'] : ['COMPLETED'], describe(wf));
  }

  // Restart runs the completed ones from the start; a bulk terminate ends them again.
  res = await bulk(client, 'restart', [...ids, termId]);
  expectBulk(res, [...ids, termId], [], 'bulk restart');
  for (const id of [...ids, termId]) {
    wf = await waitForTask(executor, id, 'w_ref', 'IN_PROGRESS');
    wf = await executor.getWorkflow(id, true);
    assert.strictEqual(wf.status, 'RUNNING', describe(wf));
    assert.deepStrictEqual(tasksOf(wf, 'w_ref').map((t) => t.status), ['IN_PROGRESS'], describe(wf));
  }
  res = await bulk(client, 'terminate', [...ids, termId], 'cleanup');
  expectBulk(res, [...ids, termId], [], 'bulk terminate (cleanup)');
  for (const id of [...ids, termId])
    assert.strictEqual((await executor.getWorkflow(id, false)).status, 'TERMINATED');

  // A malformed bulk body is refused with Conductor's error shape, which the SDK throws.
  await assert.rejects(bulk(client, 'pauseWorkflow1', []), (e) => {
    assert.strictEqual(e.status, 400, JSON.stringify(e));
    assert.ok(typeof e.message === 'string' && e.message.length > 0, JSON.stringify(e));
    return true;
  });

  await manager.stopPolling();
  console.log('conductor SDK operations test passed: pause/resume, terminate, retry, restart, sub-workflow ' +
              'failure + retry and termination, ' +
              'updateTaskByRefName, bulk pause/resume/terminate/retry/restart');
}

run(main);
