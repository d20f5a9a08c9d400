// Workers: local pool handlers and remote pollers (GET /api/conductor/workers), every 5 s.
import { t } from '../i18n.js';
import { el, clear, notice, table, relTime } from '../dom.js';

export function createWorkers(ctx) {
  const list = el('div', { class: 'list' });
  const root = el('div', { class: 'view workers' }, el('h2', {}, t('workers.heading')), list);
  let poll = null;

  async function load() {
    try {
      const r = await ctx.api.get('/api/conductor/workers?size=500');
      const tbl = table([t('workers.worker'), t('workers.kind'), t('workers.types'), t('workers.lastPoll'), t('workers.polls'),
        t('workers.inFlight')], t('workers.heading'));
      for (const w of r.results || []) {
        tbl.body.append(el('tr', { dataset: { id: w.workerId } },
          el('th', { scope: 'row' }, el('code', {}, w.workerId)), el('td', {}, w.kind || ''),
          el('td', {}, (w.taskTypes || []).join(', ')), el('td', {}, w.lastPollTime ? relTime(w.lastPollTime) : '–'),
          el('td', {}, w.pollCount ?? '–'), el('td', {}, w.inFlight ?? '–')));
      }
      clear(list).append(tbl.el);
      ctx.markRendered('workers');
    } catch (e) {
      clear(list).append(notice('error', t('common.error', { message: e.message })));
    }
  }

  return {
    el: root,
    async load() { poll = setInterval(load, 5000); await load(); },
    onEvents() {},
    resync: load,
    destroy() { clearInterval(poll); },
  };
}
