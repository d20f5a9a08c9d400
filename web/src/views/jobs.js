// Scheduled jobs: next and last fire, pause / resume / run now; re-read on job_* events.
import { t } from '../i18n.js';
import { enc } from '../api.js';
import { el, clear, notice, table, statusBadge, fmtTime, actionButton, relTime } from '../dom.js';

export function createJobs(ctx) {
  const msg = el('div', { class: 'messages', 'aria-live': 'polite' });
  const list = el('div', { class: 'list' });
  const root = el('div', { class: 'view jobs' }, el('h2', {}, t('jobs.heading')), msg, list);
  let reloadTimer = null;
  let tick = null;
  let rel = [];

  async function act(id, verb) {
    try {
      const r = await ctx.api.post(`/api/scheduler/jobs/${enc(id)}/${verb}`);
      if (verb === 'run') clear(msg).append(notice('ok', t('jobs.ran', { id: r.workflowId || r.runId || id })));
      await load();
    } catch (e) {
      clear(msg).append(notice('error', t('common.error', { message: e.message })));
    }
  }

  function render(r) {
    const tbl = table([t('jobs.job'), t('jobs.trigger'), t('jobs.state'), t('jobs.next'), t('jobs.last'), t('common.actions')],
      t('jobs.heading'));
    rel = [];
    for (const j of r.results || []) {
      const next = el('span', {});
      rel.push({ node: next, ms: j.nextRunTimeMs, abs: j.nextRunTime });
      const paused = j.state === 'paused';
      tbl.body.append(el('tr', { dataset: { id: j.id, state: j.state } },
        el('th', { scope: 'row' }, j.name || j.id, j.name && j.name !== j.id ? el('small', {}, ` ${j.id}`) : null),
        el('td', {}, j.triggerDescription || ''),
        el('td', {}, statusBadge(j.state), j.error ? el('small', {}, ` ${j.error}`) : null),
        el('td', {}, next),
        el('td', {}, fmtTime(j.lastRunTimeMs || j.lastRunTime)),
        el('td', { class: 'actions' },
          actionButton(ctx.me, 'job.pause', t('jobs.pause'), () => act(j.id, 'pause'), paused || j.state === 'finished' ? t('reason.state', { state: j.state }) : undefined),
          actionButton(ctx.me, 'job.resume', t('jobs.resume'), () => act(j.id, 'resume'), paused ? undefined : t('reason.state', { state: j.state })),
          actionButton(ctx.me, 'job.run', t('jobs.run'), () => act(j.id, 'run')))));
    }
    clear(list).append(tbl.el);
    updateRel();
    ctx.markRendered('jobs');
  }

  function updateRel() {
    for (const r of rel) r.node.textContent = r.ms ? `${fmtTime(r.ms)} (${relTime(r.ms)})` : '–';
  }

  async function load() {
    try {
      render(await ctx.api.get('/api/scheduler/jobs?size=500'));
    } catch (e) {
      clear(list).append(notice('error', t('common.error', { message: e.message })));
    }
  }

  return {
    el: root,
    async load() { tick = setInterval(updateRel, 1000); await load(); },
    onEvents(batch) {
      if (batch.some((b) => b.name.startsWith('job_'))) { clearTimeout(reloadTimer); reloadTimer = setTimeout(load, 250); }
    },
    resync: load,
    destroy() { clearInterval(tick); clearTimeout(reloadTimer); },
  };
}
