// Workflows: search with filters (status, type, free text), paging, live rows from workflow_*
// events, and a detail dialog with the tasks and the actions the token may perform.
import { t } from '../i18n.js';
import { query, enc } from '../api.js';
import { el, clear, notice, table, clickableRow, statusBadge, setBadge, fmtTime, actionButton, modal, json, filterForm, pager } from '../dom.js';
import { LiveRows } from '../liveRows.js';
import { openTask } from './taskDetail.js';

const STATUSES = ['RUNNING', 'COMPLETED', 'FAILED', 'TIMED_OUT', 'TERMINATED', 'PAUSED'];
const SIZE = 50;

export function createWorkflows(ctx) {
  const state = { status: '', type: '', text: '', start: 0, total: 0, pager: null };
  const form = filterForm(STATUSES, t('wf.type'), (filters) => {
    Object.assign(state, filters, { start: 0 });
    load();
  });
  const newPager = () => pager(state.start, SIZE, state.total, (s) => { state.start = s; load(); });
  const list = el('div', { class: 'list' });
  const root = el('div', { class: 'view workflows' }, el('h2', {}, t('wf.heading')), form, list);
  let body = null;
  const rows = new LiveRows({
    size: SIZE,
    key: (w) => w.workflowId,
    build: row,
    onInserted(n) {
      state.total += n;
      const next = newPager();
      state.pager.replaceWith(next);
      state.pager = next;
    },
    update(tr, w) {
      setBadge(tr.cells[2].firstChild, w.status);
      tr.cells[4].textContent = fmtTime(w.updateTime || w.endTime);
      tr.dataset.status = w.status;
    },
  });

  function row(w) {
    const tr = clickableRow([
      el('code', {}, w.workflowId), w.workflowType || '', statusBadge(w.status),
      fmtTime(w.startTime), fmtTime(w.updateTime || w.endTime),
    ], () => openWorkflow(ctx, w.workflowId), w.workflowId);
    tr.dataset.id = w.workflowId;
    tr.dataset.status = w.status;
    if (w.fresh) tr.classList.add('fresh');
    return tr;
  }

  function matches(w) {
    if (state.status && w.status !== state.status) return false;
    if (state.type && w.workflowType !== state.type) return false;
    if (state.text && !(w.workflowId || '').includes(state.text)) return false;
    return true;
  }

  function render(results) {
    const tbl = table([t('wf.id'), t('wf.type'), t('common.status'), t('common.started'), t('common.updated')], t('wf.heading'));
    body = tbl.body;
    rows.reset(body, results);
    state.pager = newPager();
    clear(list).append(tbl.el, state.pager);
    ctx.markRendered('workflows');
  }

  async function load() {
    const conds = [];
    if (state.status) conds.push(`status = ${state.status}`);
    if (state.type) conds.push(`workflowType = '${state.type.replaceAll("'", '')}'`);
    try {
      const r = await ctx.api.get(`/api/workflow/search${query({ start: state.start, size: SIZE, sort: 'startTime:DESC',
        freeText: state.text || undefined, query: conds.join(' AND ') || undefined })}`);
      state.total = r.totalHits || 0;
      render(r.results || []);
    } catch (e) {
      clear(list).append(notice('error', t('common.error', { message: e.message })));
    }
  }

  function onEvents(batch) {
    if (!body) return;
    const latest = new Map();
    for (const { name, payload: p } of batch) {
      if (!name.startsWith('workflow_') || name === 'workflow_event' || !p.workflowId) continue;
      const prev = latest.get(p.workflowId);
      latest.set(p.workflowId, { p, started: (prev && prev.started) || name === 'workflow_started' });
    }
    const fresh = [];
    for (const [id, { p, started }] of latest) {
      if (rows.has(id)) {
        rows.update(id, { status: p.status || rows.get(id).status, updateTime: p.time });
      } else if (started && state.start === 0) {
        const w = { workflowId: id, workflowType: p.workflowType, status: p.status || 'RUNNING', startTime: p.time,
          updateTime: p.time, fresh: true };
        if (matches(w)) fresh.push(w);
      }
    }
    rows.queue(fresh);
  }

  return { el: root, load, onEvents, resync: load, destroy() { rows.cancel(); } };
}

export async function openWorkflow(ctx, id) {
  const m = modal(id);
  m.body.append(notice('info', t('common.loading')));
  let wf;
  try {
    wf = await ctx.api.get(`/api/workflow/${enc(id)}?includeTasks=true`);
  } catch (e) {
    clear(m.body).append(notice('error', t('common.error', { message: e.message })));
    return;
  }
  const msg = el('div', { class: 'messages', 'aria-live': 'polite' });
  const act = (action, label, fn, stateReason) => actionButton(ctx.me, action, label, async () => {
    try {
      await fn();
      clear(msg).append(notice('ok', t('wf.done', { action: label })));
    } catch (e) {
      clear(msg).append(notice('error', t('common.error', { message: e.message })));
    }
  }, stateReason);
  const st = wf.status;
  const ended = !['RUNNING', 'PAUSED'].includes(st);
  const notIn = t('reason.state', { state: st });
  const actions = el('div', { class: 'actions' },
    act('workflow.retry', t('wf.retry'), () => ctx.api.post(`/api/workflow/${enc(id)}/retry`), ended ? undefined : notIn),
    act('workflow.pause', t('wf.pause'), () => ctx.api.put(`/api/workflow/${enc(id)}/pause`), st === 'RUNNING' ? undefined : notIn),
    act('workflow.resume', t('wf.resume'), () => ctx.api.put(`/api/workflow/${enc(id)}/resume`), st === 'PAUSED' ? undefined : notIn),
    act('workflow.terminate', t('wf.terminate'), async () => {
      if (!window.confirm(t('wf.confirmTerminate', { id }))) return;
      await ctx.api.del(`/api/workflow/${enc(id)}?reason=${enc('terminated from the web dashboard')}`);
    }, ended ? notIn : undefined));
  const tasks = table([t('task.ref'), t('common.type'), t('common.status'), t('task.retry'), t('common.updated')], t('wf.tasks'));
  for (const task of wf.tasks || []) {
    tasks.body.append(clickableRow([task.referenceTaskName, task.taskType, statusBadge(task.status), task.retryCount ?? 0,
      fmtTime(task.updateTime || task.endTime || task.startTime)], () => openTask(ctx, task.taskId), t('task.open', { id: task.taskId })));
  }
  clear(m.body).append(
    el('dl', { class: 'facts' },
      el('dt', {}, t('wf.type')), el('dd', {}, `${wf.workflowName || wf.workflowType || ''} v${wf.workflowVersion ?? wf.version ?? ''}`),
      el('dt', {}, t('common.status')), el('dd', {}, statusBadge(st)),
      el('dt', {}, t('wf.start')), el('dd', {}, fmtTime(wf.startTime)),
      el('dt', {}, t('wf.end')), el('dd', {}, fmtTime(wf.endTime)),
      wf.reasonForIncompletion ? [el('dt', {}, t('wf.reason')), el('dd', {}, wf.reasonForIncompletion)] : null),
    actions, msg,
    el('h3', {}, t('wf.tasks')), tasks.el,
    el('details', {}, el('summary', {}, t('wf.input')), json(wf.input)),
    el('details', {}, el('summary', {}, t('wf.output')), json(wf.output)));
}
