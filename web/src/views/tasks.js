// Tasks: every attempt in the store, with filters (status, type, text), paging, live rows from
// task_* events, and the task dialog (attempts and logs).
import { t } from '../i18n.js';
import { query } from '../api.js';
import { el, clear, notice, table, clickableRow, statusBadge, setBadge, fmtTime, filterForm, pager } from '../dom.js';
import { LiveRows } from '../liveRows.js';
import { openTask } from './taskDetail.js';

const STATUSES = ['SCHEDULED', 'IN_PROGRESS', 'COMPLETED', 'FAILED', 'FAILED_WITH_TERMINAL_ERROR', 'TIMED_OUT', 'CANCELED', 'SKIPPED'];
const SIZE = 50;

export function createTasks(ctx) {
  const state = { status: '', type: '', text: '', start: 0, total: 0, pager: null };
  const form = filterForm(STATUSES, t('common.type'), (filters) => {
    Object.assign(state, filters, { start: 0 });
    load();
  });
  const newPager = () => pager(state.start, SIZE, state.total, (s) => { state.start = s; load(); });
  const list = el('div', { class: 'list' });
  const root = el('div', { class: 'view tasks' }, el('h2', {}, t('task.heading')), form, list);
  let body = null;
  const rows = new LiveRows({
    size: SIZE,
    key: (k) => k.taskId,
    build: row,
    onInserted(n) {
      state.total += n;
      const next = newPager();
      state.pager.replaceWith(next);
      state.pager = next;
    },
    update(tr, k) {
      const c = tr.cells;
      setBadge(c[3].firstChild, k.status);
      c[4].textContent = String(k.retryCount ?? 0);
      c[5].textContent = k.workerId || '–';
      c[6].textContent = fmtTime(k.updateTime);
      tr.dataset.status = k.status;
    },
  });

  function row(k) {
    const tr = clickableRow([el('code', {}, k.taskId), k.taskType || k.taskDefName || '', k.referenceTaskName || '',
      statusBadge(k.status), k.retryCount ?? 0, k.workerId || '–', fmtTime(k.updateTime)],
    () => openTask(ctx, k.taskId), t('task.open', { id: k.taskId }));
    tr.dataset.id = k.taskId;
    tr.dataset.status = k.status;
    if (k.fresh) tr.classList.add('fresh');
    return tr;
  }

  function render(results) {
    const tbl = table([t('task.id'), t('common.type'), t('task.ref'), t('common.status'), t('task.retry'), t('task.worker'),
      t('common.updated')], t('task.heading'));
    body = tbl.body;
    rows.reset(body, results);
    state.pager = newPager();
    clear(list).append(tbl.el, state.pager);
    ctx.markRendered('tasks');
  }

  async function load() {
    try {
      const r = await ctx.api.get(`/api/tasks${query({ start: state.start, size: SIZE, status: state.status,
        type: state.type, text: state.text })}`);
      state.total = r.totalHits || 0;
      render(r.results || []);
    } catch (e) {
      clear(list).append(notice('error', t('common.error', { message: e.message })));
    }
  }

  function onEvents(batch) {
    if (!body) return;
    // The last event of each task in the frame wins.
    const latest = new Map();
    for (const { name, payload: p } of batch) {
      if ((name.startsWith('task_') || name === 'progress_update') && p.taskId) {
        const prev = latest.get(p.taskId);
        latest.set(p.taskId, { p, created: (prev && prev.created) || name === 'task_created' || name === 'task_retry_scheduled' });
      }
    }
    const fresh = [];
    for (const [id, { p, created }] of latest) {
      const patch = { status: p.status, retryCount: p.retryCount, updateTime: p.time };
      if (p.workerId) patch.workerId = p.workerId;
      if (rows.has(id)) {
        rows.update(id, patch);
      } else if (created && state.start === 0 && !state.text && (!state.status || state.status === p.status)
        && (!state.type || state.type === p.taskType)) {
        fresh.push({ taskId: id, taskType: p.taskType, referenceTaskName: p.referenceTaskName, workflowInstanceId: p.workflowId,
          fresh: true, ...patch });
      }
    }
    rows.queue(fresh);
  }

  return { el: root, load, onEvents, resync: load, destroy() { rows.cancel(); } };
}
