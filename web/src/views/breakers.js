// Circuit breakers: live state (re-read on breaker_state_changed and every 2 s), a countdown to
// half-open, and reset / force open / close as the token's role allows.
import { t } from '../i18n.js';
import { enc } from '../api.js';
import { el, clear, notice, table, statusBadge, fmtTime, actionButton, fmtDuration, relTime } from '../dom.js';

export function createBreakers(ctx) {
  const msg = el('div', { class: 'messages', 'aria-live': 'polite' });
  const list = el('div', { class: 'list' });
  const root = el('div', { class: 'view breakers' }, el('h2', {}, t('br.heading')), msg, list);
  let poll = null;
  let tick = null;
  let fetchedAt = 0;
  let countdowns = [];

  async function act(name, verb) {
    try {
      await ctx.api.post(`/api/circuitbreaker/${enc(name)}/${verb}`);
      await load();
    } catch (e) {
      clear(msg).append(notice('error', t('common.error', { message: e.message })));
    }
  }

  function render(r) {
    const tbl = table([t('br.name'), t('br.state'), t('br.halfOpenIn'), t('br.failures'), t('br.trips'), t('br.lastFailure'),
      t('common.actions')], t('br.heading'));
    countdowns = [];
    for (const b of r.breakers || []) {
      const cd = el('span', { class: 'countdown' });
      if (typeof b.msUntilHalfOpen === 'number') countdowns.push({ node: cd, ms: b.msUntilHalfOpen });
      else cd.textContent = '–';
      const foreign = b.source === 'conductor-client';
      tbl.body.append(el('tr', { dataset: { name: b.name, state: b.state } },
        el('th', { scope: 'row' }, el('code', {}, b.name)),
        el('td', {}, statusBadge(b.state), ' ', el('small', {}, t('br.since', { t: fmtTime(b.stateSinceMs) }))),
        el('td', {}, cd),
        el('td', {}, `${b.failures ?? 0} (${b.consecutiveFailures ?? 0})`),
        el('td', {}, b.trips ?? 0),
        el('td', {}, b.lastFailure ? `${b.lastFailure.message} (${relTime(b.lastFailure.timeMs)})` : '–'),
        el('td', { class: 'actions' },
          actionButton(ctx.me, 'breaker.reset', t('br.reset'), () => act(b.name, 'reset'), foreign ? b.source : undefined),
          actionButton(ctx.me, 'breaker.open', t('br.open'), () => act(b.name, 'open'),
            b.state === 'FORCED_OPEN' ? t('reason.state', { state: b.state }) : (foreign ? b.source : undefined)),
          actionButton(ctx.me, 'breaker.close', t('br.close'), () => act(b.name, 'close'),
            b.state === 'CLOSED' ? t('reason.state', { state: b.state }) : (foreign ? b.source : undefined)))));
    }
    clear(list).append(tbl.el);
    updateCountdowns();
    ctx.markRendered('breakers');
  }

  function updateCountdowns() {
    const elapsed = Date.now() - fetchedAt;
    for (const c of countdowns) {
      const left = c.ms - elapsed;
      c.node.textContent = left > 0 ? fmtDuration(left) : t('br.due');
    }
  }

  async function load() {
    try {
      const r = await ctx.api.get('/api/circuitbreaker/status');
      fetchedAt = Date.now();
      render(r);
    } catch (e) {
      clear(list).append(notice('error', t('common.error', { message: e.message })));
    }
  }

  return {
    el: root,
    async load() {
      poll = setInterval(load, 2000);
      tick = setInterval(updateCountdowns, 1000);
      await load();
    },
    onEvents(batch) { if (batch.some((b) => b.name === 'breaker_state_changed')) load(); },
    resync: load,
    destroy() { clearInterval(poll); clearInterval(tick); },
  };
}
