// Conductor system tasks driven through the official JavaScript SDK: definitions built with the
// SDK's own task builders (switchTask, doWhileTask, subWorkflowTask, inlineTask, setVariableTask,
// terminateTask, ConductorWorkflow.fork) and registered with MetadataClient/WorkflowExecutor, run by
// TaskManager workers, and a WAIT completed once through TaskClient.updateTaskResult and once through
// WorkflowExecutor.signal. Checks the documented outputs (specs/conductor-api.md §8.9, §8.11) and
// that every reference name, including each DO_WHILE iteration's `ref__N`, completed exactly once.
const { assert, sdk, sleep, quietLogger, connect, waitForEnd, waitForTask, tasksOf, assertEachCompletedOnce, describe,
        run } = require('./sdk_common');

const work = (ref, n, tag) => sdk.simpleTask(ref, 'sdk_st_work', { n, tag });

function childDef() {
  return {
    name: 'sdk_st_child', version: 1, schemaVersion: 2, ownerEmail: 'ops@localhost',
    tasks: [
      work('child_work_ref', '${workflow.input.x}', 'child'),
      { ...sdk.inlineTask('child_inline_ref', '(function(){ return $.v + 1; })()'),
        inputParameters: { evaluatorType: 'javascript', expression: '(function(){ return $.v + 1; })()',
                           v: '${child_work_ref.output.value}' } },
    ],
    outputParameters: { y: '${child_inline_ref.output.result}', parent: '${workflow.parentWorkflowId}' },
  };
}

function mainDef(executor) {
  // The fork branch is built with the SDK's ConductorWorkflow.fork (FORK_JOIN + JOIN on the last
  // task of every branch).
  const fork = new sdk.ConductorWorkflow(executor, 'unused', 1).fork([
    [work('fa_ref', 1, 'a'),
     { ...sdk.inlineTask('fa2_ref', '(function(){ return $.v * 10; })()'),
       inputParameters: { evaluatorType: 'javascript', expression: '(function(){ return $.v * 10; })()',
                          v: '${fa_ref.output.value}' } }],
    [work('fb_ref', 2, 'b')],
    [work('fc_ref', 3, 'c')],
  ]).toWorkflowDef().tasks;
  fork[0].taskReferenceName = 'fork_ref';
  fork[1].taskReferenceName = 'join_ref';

  const loop = sdk.doWhileTask('loop_ref', "$.loop_work_ref['count'] < $.max",
                               [sdk.simpleTask('loop_work_ref', 'sdk_st_count', { wf: '${workflow.workflowId}' })]);
  loop.inputParameters = { max: '${workflow.input.loops}' };

  const stop = sdk.terminateTask('stop_ref', 'COMPLETED', 'stopped early');
  stop.inputParameters.workflowOutput = { early: true, value: '${stop_work_ref.output.value}' };

  const summary = '(function(){ return $.greeting + " " + $.route + " " + $.loops + " " + $.y; })()';
  return {
    name: 'sdk_st_main', version: 1, schemaVersion: 2, ownerEmail: 'ops@localhost',
    tasks: [
      sdk.setVariableTask('vars_ref', { greeting: '${workflow.input.greeting}', route: '${workflow.input.route}' }),
      sdk.switchTask('route_ref', '${workflow.input.route}', {
        fork,
        stop: [work('stop_work_ref', '${workflow.input.n}', 'stop'), stop],
        fail: [sdk.terminateTask('fail_ref', 'FAILED', 'route fail')],
      }, []),
      loop,
      { ...sdk.subWorkflowTask('sub_ref', 'sdk_st_child', 1), inputParameters: { x: '${workflow.input.n}' } },
      { ...sdk.inlineTask('inline_ref', summary),
        inputParameters: { evaluatorType: 'javascript', expression: summary, greeting: '${workflow.variables.greeting}',
                           route: '${workflow.variables.route}', loops: '${loop_ref.output.iteration}',
                           y: '${sub_ref.output.y}' } },
      { name: 'wait_ref', taskReferenceName: 'wait_ref', type: 'WAIT', inputParameters: {} },
    ],
    outputParameters: {
      summary: '${inline_ref.output.result}', y: '${sub_ref.output.y}', join: '${join_ref.output}',
      loops: '${loop_ref.output.iteration}', wait: '${wait_ref.output}', vars: '${workflow.variables}',
    },
  };
}

async function main() {
  const client = await connect();
  const metadata = new sdk.MetadataClient(client);
  const executor = new sdk.WorkflowExecutor(client);
  const taskClient = new sdk.TaskClient(client);

  await metadata.registerTasks([
    { name: 'sdk_st_work', retryCount: 0, responseTimeoutSeconds: 30, timeoutSeconds: 0 },
    { name: 'sdk_st_count', retryCount: 0, responseTimeoutSeconds: 30, timeoutSeconds: 0 },
  ]);
  await metadata.registerWorkflowDef(childDef(), true);
  await executor.registerWorkflow(true, mainDef(executor));
  const registered = await metadata.getWorkflowDef('sdk_st_main', 1);
  assert.deepStrictEqual(registered.tasks.map((t) => t.type),
                         ['SET_VARIABLE', 'SWITCH', 'DO_WHILE', 'SUB_WORKFLOW', 'INLINE', 'WAIT']);

  const seenRefs = {};  // workflowInstanceId -> refs the workers ran
  const counters = {};  // workflowInstanceId -> sdk_st_count calls
  const note = (task) => (seenRefs[task.workflowInstanceId] ||= []).push(task.referenceTaskName);
  const manager = new sdk.TaskManager(client, [
    { taskDefName: 'sdk_st_work',
      execute: async (task) => {
        note(task);
        return { status: 'COMPLETED', outputData: { value: Number(task.inputData.n) * 2, tag: task.inputData.tag } };
      } },
    { taskDefName: 'sdk_st_count',
      execute: async (task) => {
        note(task);
        assert.strictEqual(task.inputData.wf, task.workflowInstanceId);
        counters[task.workflowInstanceId] = (counters[task.workflowInstanceId] || 0) + 1;
        return { status: 'COMPLETED', outputData: { count: counters[task.workflowInstanceId] } };
      } },
  ], { options: { pollInterval: 20, concurrency: 4 }, logger: quietLogger });
  manager.startPolling();

  const start = (route, extra = {}) => executor.startWorkflow({
    name: 'sdk_st_main', version: 1, input: { route, n: 5, loops: 3, greeting: 'hi', ...extra } });
  const forkIds = [await start('fork'), await start('fork', { n: 6, loops: 2 })];
  const stopId = await start('stop', { n: 7 });
  const failId = await start('fail');
  const plainId = await start('none', { loops: 1, greeting: 'yo' });

  // --- TERMINATE inside a SWITCH branch: nothing after the SWITCH runs.
  const stopped = await waitForEnd(executor, stopId);
  assert.strictEqual(stopped.status, 'COMPLETED', describe(stopped));
  assert.deepStrictEqual(stopped.output, { early: true, value: 14 });
  assert.strictEqual(stopped.reasonForIncompletion, 'stopped early');
  assertEachCompletedOnce(stopped, ['vars_ref', 'route_ref', 'stop_work_ref', 'stop_ref']);
  const failed = await waitForEnd(executor, failId);
  assert.strictEqual(failed.status, 'FAILED', describe(failed));
  assert.strictEqual(failed.reasonForIncompletion, 'route fail');
  assert.deepStrictEqual(tasksOf(failed, 'loop_ref'), []);

  // --- WAIT completed through the SDK's TaskClient (POST /api/tasks/{wf}/{ref}/{status}).
  for (const id of forkIds) {
    const wait = await waitForTask(executor, id, 'wait_ref', 'IN_PROGRESS');
    assert.strictEqual(wait.taskType, 'WAIT');
    await taskClient.updateTaskResult(id, 'wait_ref', 'COMPLETED', { approved: true, by: 'task client' });
  }
  for (const [i, id] of forkIds.entries()) {
    const n = i === 0 ? 5 : 6;
    const loops = i === 0 ? 3 : 2;
    const wf = await waitForEnd(executor, id);
    assert.strictEqual(wf.status, 'COMPLETED', describe(wf));
    const loopRefs = Array.from({ length: loops }, (_, k) => `loop_work_ref__${k + 1}`);
    assertEachCompletedOnce(wf, ['vars_ref', 'route_ref', 'fork_ref', 'fa_ref', 'fa2_ref', 'fb_ref', 'fc_ref', 'join_ref',
                                 'loop_ref', ...loopRefs, 'sub_ref', 'inline_ref', 'wait_ref']);
    assert.strictEqual(tasksOf(wf, 'fork_ref')[0].taskType, 'FORK');
    assert.deepStrictEqual(tasksOf(wf, 'route_ref')[0].outputData, { evaluationResult: ['fork'], selectedCase: 'fork' });
    assert.deepStrictEqual(wf.variables, { greeting: 'hi', route: 'fork' });
    // JOIN: {<ref>: outputData} of each joined ref (the last task of every branch).
    assert.deepStrictEqual(wf.output.join, {
      fa2_ref: { result: 20 }, fb_ref: { value: 4, tag: 'b' }, fc_ref: { value: 6, tag: 'c' } });
    // DO_WHILE: the condition saw the worker's latest output; one entry per iteration.
    assert.strictEqual(wf.output.loops, loops);
    const loopOut = tasksOf(wf, 'loop_ref')[0].outputData;
    assert.strictEqual(loopOut.iteration, loops);
    for (let k = 1; k <= loops; k++)
      assert.deepStrictEqual(loopOut[String(k)], { loop_work_ref: { count: k } }, `iteration ${k} of ${id}`);
    assert.deepStrictEqual(seenRefs[id].filter((r) => r.startsWith('loop_work_ref')), loopRefs);
    // SUB_WORKFLOW: the child's output merged into the task's; the child ran its own tasks.
    assert.strictEqual(wf.output.y, n * 2 + 1);
    const sub = tasksOf(wf, 'sub_ref')[0];
    assert.strictEqual(sub.outputData.y, n * 2 + 1);
    const childId = sub.subWorkflowId || sub.outputData.subWorkflowId;
    assert.ok(childId, `sub_ref has no subWorkflowId: ${JSON.stringify(sub)}`);
    const child = await executor.getWorkflow(childId, true);
    assert.strictEqual(child.status, 'COMPLETED', describe(child));
    assert.strictEqual(child.parentWorkflowId, id);
    assert.deepStrictEqual(child.output, { y: n * 2 + 1, parent: id });
    assertEachCompletedOnce(child, ['child_work_ref', 'child_inline_ref']);
    assert.deepStrictEqual(seenRefs[childId], ['child_work_ref']);
    // INLINE over variables set by SET_VARIABLE and outputs of earlier system tasks.
    assert.strictEqual(wf.output.summary, `hi fork ${loops} ${n * 2 + 1}`);
    // TaskClient.updateTaskResult sends {outputData: …} as the body, and the by-reference update
    // merges its body into the task's output as it is.
    assert.deepStrictEqual(wf.output.wait, { outputData: { approved: true, by: 'task client' } });
  }

  // --- WAIT completed through WorkflowExecutor.signal (POST /api/tasks/{wf}/COMPLETED/signal/sync).
  // The SDK sends the output wrapped as {taskOutput: …}, and a signal merges its body into the
  // task's output as it is.
  await waitForTask(executor, plainId, 'wait_ref', 'IN_PROGRESS');
  const signaled = await executor.signal(plainId, 'COMPLETED', { approved: false, by: 'signal' });
  assert.strictEqual(signaled.responseType, 'TARGET_WORKFLOW', JSON.stringify(signaled));
  assert.ok(signaled.isTargetWorkflow());
  const plain = await waitForEnd(executor, plainId);
  assert.strictEqual(plain.status, 'COMPLETED', describe(plain));
  assertEachCompletedOnce(plain, ['vars_ref', 'route_ref', 'loop_ref', 'loop_work_ref__1', 'sub_ref', 'inline_ref',
                                  'wait_ref']);
  assert.deepStrictEqual(tasksOf(plain, 'route_ref')[0].outputData, { evaluationResult: ['none'], selectedCase: 'none' });
  assert.strictEqual(plain.output.summary, 'yo none 1 11');
  assert.strictEqual(plain.output.join, null);
  assert.deepStrictEqual(plain.output.wait, { taskOutput: { approved: false, by: 'signal' } });

  await manager.stopPolling();
  await sleep(50);
  console.log('conductor SDK system tasks test passed: SWITCH, FORK_JOIN/JOIN, DO_WHILE, SUB_WORKFLOW, INLINE, ' +
              'SET_VARIABLE, TERMINATE, WAIT (task client and signal)');
}

run(main);
