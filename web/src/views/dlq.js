// Dead letters grouped by reason, with replay (one entry, or a group: dry run, then progress,
// then a report) and purge (dry run, then a report).
import { t } from '../i18n.js';
import { query, enc } from '../api.js';
import { el, clear, notice, table, statusBadge, fmtTime, actionButton, modal, field, select } from '../dom.js';

const STATUSES = ['ALL', 'DEAD', 'REPLAYING', 'REPLAYED'];

export function createDlq(ctx) {
  const state = { status: 'ALL', entries: [], total: 0 };
  const statusSel = select(STATUSES.map((s) => [s, s === 'ALL' ? t('common.all') : s]), 'ALL');
  statusSel.addEventListener('change', () => { state.status = statusSel.value; load(); });
  const msg = el('div', { class: 'messages', 'aria-live': 'polite' });
  const list = el('div', { class: 'list' });
  const root = el('div', { class: 'view dlq' }, el('h2', {}, t('dlq.heading')),
    el('div', { class: 'filters' }, field(t('dlq.statusFilter'), statusSel),
      el('button', { type: 'button', onclick: () => load() }, t('common.refresh'))), msg, list);
  let reloadTimer = null;

  function entryRow(e) {
    const replay = actionButton(ctx.me, 'dlq.replay', t('dlq.replay'), async () => {
      try {
        const r = await ctx.api.post(`/api/dlq/${enc(e.id)}/replay`);
        clear(msg).append(notice('ok', t('dlq.replayed', { id: r.newTaskId || '–' })));
        Object.assign(e, r.entry || { status: 'REPLAYING' });
        tr.replaceWith(entryRow(e));
      } catch (err) {
        clear(msg).append(notice('error', t('common.error', { message: err.message })));
      }
    }, e.status === 'DEAD' ? undefined : t('reason.state', { state: e.status }));
    const tr = el('tr', { dataset: { id: e.id, status: e.status } },
      el('td', {}, e.taskType || ''), el('td', {}, el('code', {}, e.workflowId || '')), el('td', {}, e.referenceTaskName || ''),
      el('td', {}, statusBadge(e.status)), el('td', { class: 'msg' }, e.message || ''), el('td', {}, fmtTime(e.lastFailureTime)),
      el('td', {}, replay));
    return tr;
  }

  function render() {
    const groups = new Map();
    for (const e of state.entries) {
      const k = e.reasonClass || '–';
      if (!groups.has(k)) groups.set(k, []);
      groups.get(k).push(e);
    }
    clear(list);
    if (!groups.size) list.append(notice('info', t('common.none')));
    for (const [reason, entries] of groups) {
      const dead = entries.filter((e) => e.status === 'DEAD').length;
      const none = dead ? undefined : t('dlq.nothing');
      const tbl = table([t('common.type'), t('wf.id'), t('task.ref'), t('common.status'), t('dlq.message'), t('dlq.lastFailure'),
        t('common.actions')], reason);
      for (const e of entries) tbl.body.append(entryRow(e));
      list.append(el('section', { class: 'card group', dataset: { reason } },
        el('header', { class: 'group-head' }, el('h3', {}, t('dlq.group', { reason, n: entries.length })),
          el('div', { class: 'actions' },
            actionButton(ctx.me, 'dlq.replay', t('dlq.replayGroup'), () => bulk('replay', reason), none),
            actionButton(ctx.me, 'dlq.purge', t('dlq.purgeGroup'), () => bulk('purge', reason)))),
        tbl.el));
    }
    ctx.markRendered('dlq');
  }

  async function load() {
    try {
      const r = await ctx.api.get(`/api/dlq${query({ status: state.status, size: 500 })}`);
      state.entries = r.results || [];
      state.total = r.totalHits || 0;
      render();
    } catch (e) {
      clear(list).append(notice('error', t('common.error', { message: e.message })));
    }
  }

  // Dry run first; the dialog shows what would happen and asks before doing it.
  async function bulk(kind, reason) {
    const filter = { reason: [reason], status: kind === 'replay' ? 'DEAD' : (state.status === 'ALL' ? 'ALL' : state.status) };
    const path = kind === 'replay' ? '/api/dlq/replay' : '/api/dlq/purge';
    const action = kind === 'replay' ? t('dlq.replayedAction') : t('dlq.purgedAction');
    const m = modal(kind === 'replay' ? t('dlq.replayGroup') : t('dlq.purgeGroup'), () => load());
    const out = el('div', { 'aria-live': 'polite' });
    m.body.append(out);
    const rateIn = el('input', { type: 'number', min: '0', max: '1000', value: '0', inputmode: 'numeric' });
    let dry;
    try {
      dry = await ctx.api.post(path, { filter, dryRun: true });
    } catch (e) {
      out.append(notice('error', t('common.error', { message: e.message })));
      return;
    }
    out.append(notice('info', t('dlq.dryRun', { n: dry.matched, action })));
    if (!dry.matched) { out.append(notice('info', t('dlq.nothing'))); return; }
    if (kind === 'replay') out.append(field(t('dlq.rate'), rateIn));
    const go = el('button', { type: 'button', class: 'primary' }, t('dlq.runNow', { action: kind === 'replay' ? t('dlq.replay') : t('dlq.purge'), n: dry.matched }));
    out.append(el('div', { class: 'actions' }, go));
    go.focus();
    go.addEventListener('click', async () => {
      go.disabled = true;
      rateIn.disabled = true;
      try {
        if (kind === 'purge') {
          const r = await ctx.api.post(path, { filter });
          out.append(notice('ok', t('dlq.purged', { n: r.purged ?? r.matched })));
          return;
        }
        const rate = Math.max(0, Math.min(1000, Number(rateIn.value) || 0));
        const r = await ctx.api.post(path, { filter, ratePerSecond: rate });
        if (rate > 0) out.append(notice('info', t('dlq.estimate', { s: r.estimatedSeconds ?? '–' })));
        await progress(r.jobId, r.matched, out);
      } catch (e) {
        out.append(notice('error', t('common.error', { message: e.message })));
      }
    });
  }

  async function progress(jobId, total, out) {
    const bar = el('progress', { max: String(total || 1), value: '0' });
    const line = el('p', { role: 'status' });
    out.append(bar, line);
    for (;;) {
      let job = null;
      try {
        const stats = await ctx.api.get('/api/dlq/stats');
        job = (stats.replayJobs || []).find((j) => j.jobId === jobId) || null;
      } catch (e) {
        if (e.status === 403) { out.append(notice('info', t('dlq.progressUnavailable'))); return; }
        throw e;
      }
      if (!job) { out.append(notice('ok', t('common.done'))); return; }
      bar.value = job.issued;
      line.textContent = t('dlq.progress', { issued: job.issued, total: job.total, ok: job.succeeded, failed: job.failed });
      if (job.finished) {
        out.append(notice(job.failed ? 'error' : 'ok', t('dlq.report', { ok: job.succeeded, failed: job.failed, total: job.total })));
        return;
      }
      await new Promise((r) => setTimeout(r, 400));
    }
  }

  function onEvents(batch) {
    if (batch.some((b) => b.name === 'task_dead_lettered' || b.name === 'dlq_alert')) {
      clearTimeout(reloadTimer);
      reloadTimer = setTimeout(load, 300);
    }
  }

  return { el: root, load, onEvents, resync: load, destroy() { clearTimeout(reloadTimer); } };
}
