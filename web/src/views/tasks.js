// Tasks: every attempt in the store, with filters (status, type, text), paging, live rows from
// task_* events, and the task dialog (attempts and logs).
import { t } from '../i18n.js';
import { query } from '../api.js';
import { el, clear, notice, table, clickableRow, statusBadge, fmtTime, field, select, pager } from '../dom.js';
import { openTask } from './taskDetail.js';

const STATUSES = ['SCHEDULED', 'IN_PROGRESS', 'COMPLETED', 'FAILED', 'FAILED_WITH_TERMINAL_ERROR', 'TIMED_OUT', 'CANCELED', 'SKIPPED'];
const SIZE = 50;

export function createTasks(ctx) {
  const state = { status: '', type: '', text: '', start: 0, total: 0, rows: new Map() };
  const statusSel = select([['', t('common.all')], ...STATUSES.map((s) => [s, s])], '');
  const typeIn = el('input', { type: 'search', autocomplete: 'off' });
  const textIn = el('input', { type: 'search', autocomplete: 'off' });
  const form = el('form', { class: 'filters', role: 'search' },
    field(t('common.status'), statusSel), field(t('common.type'), typeIn), field(t('common.text'), textIn),
    el('button', { type: 'submit' }, t('common.apply')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    Object.assign(state, { status: statusSel.value, type: typeIn.value.trim(), text: textIn.value.trim(), start: 0 });
    load();
  });
  const list = el('div', { class: 'list' });
  const root = el('div', { class: 'view tasks' }, el('h2', {}, t('task.heading')), form, list);
  let body = null;

  function row(k) {
    const tr = clickableRow([el('code', {}, k.taskId), k.taskType || k.taskDefName || '', k.referenceTaskName || '',
      statusBadge(k.status), k.retryCount ?? 0, k.workerId || '–', fmtTime(k.updateTime)],
    () => openTask(ctx, k.taskId), t('task.open', { id: k.taskId }));
    tr.dataset.id = k.taskId;
    tr.dataset.status = k.status;
    if (k.fresh) tr.classList.add('fresh');
    return tr;
  }

  function render() {
    const tbl = table([t('task.id'), t('common.type'), t('task.ref'), t('common.status'), t('task.retry'), t('task.worker'),
      t('common.updated')], t('task.heading'));
    body = tbl.body;
    const frag = document.createDocumentFragment();
    for (const k of state.rows.values()) frag.append(row(k));
    body.append(frag);
    clear(list).append(tbl.el, pager(state.start, SIZE, state.total, (s) => { state.start = s; load(); }));
    ctx.markRendered('tasks');
  }

  async function load() {
    try {
      const r = await ctx.api.get(`/api/tasks${query({ start: state.start, size: SIZE, status: state.status,
        type: state.type, text: state.text })}`);
      state.total = r.totalHits || 0;
      state.rows = new Map((r.results || []).map((k) => [k.taskId, k]));
      render();
    } catch (e) {
      clear(list).append(notice('error', t('common.error', { message: e.message })));
    }
  }

  function onEvents(batch) {
    if (!body) return;
    // Last event per task wins within a frame: one DOM change per task per frame.
    const latest = new Map();
    for (const { name, payload: p } of batch) {
      if ((name.startsWith('task_') || name === 'progress_update') && p.taskId) latest.set(p.taskId, { name, p });
    }
    for (const [id, { name, p }] of latest) {
      const existing = state.rows.get(id);
      const k = { ...(existing || {}), taskId: id, taskType: p.taskType, referenceTaskName: p.referenceTaskName,
        status: p.status || (existing && existing.status), retryCount: p.retryCount, workerId: p.workerId || (existing && existing.workerId),
        updateTime: p.time, workflowInstanceId: p.workflowId };
      if (existing) {
        state.rows.set(id, k);
        const old = body.querySelector(`tr[data-id="${CSS.escape(id)}"]`);
        if (old) old.replaceWith(row(k));
      } else if ((name === 'task_created' || name === 'task_retry_scheduled') && state.start === 0 && !state.text
        && (!state.status || state.status === k.status) && (!state.type || state.type === k.taskType)) {
        k.fresh = true;
        state.rows = new Map([[id, k], ...state.rows]);
        state.total += 1;
        body.prepend(row(k));
        while (state.rows.size > SIZE) {
          const lastId = [...state.rows.keys()].pop();
          state.rows.delete(lastId);
          const tr = body.querySelector(`tr[data-id="${CSS.escape(lastId)}"]`);
          if (tr) tr.remove();
        }
      }
    }
  }

  return { el: root, load, onEvents, resync: load, destroy() {} };
}
