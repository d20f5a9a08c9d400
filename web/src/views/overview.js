// Overview: the six operating figures of GET /api/stats against their targets, and a live chart
// of tasks finished per second, counted from the event stream (uPlot).
import uPlot from 'uplot';
import { t, locale } from '../i18n.js';
import { el, clear, notice, table } from '../dom.js';

const FIGURES = ['taskSuccessRate', 'averageRetriesPerTask', 'dlqDepth', 'scheduledJobUptime',
  'websocketP95LatencyMs', 'breakerTripRate'];

const pct = (v, d) => `${(v * 100).toLocaleString(locale(), { maximumFractionDigits: d, minimumFractionDigits: d })} %`;
const num = (v, d = 2) => v.toLocaleString(locale(), { maximumFractionDigits: d });

function format(name, w) {
  if (!w || w.value === null || w.value === undefined) return null;
  const v = w.value;
  switch (name) {
    case 'taskSuccessRate': return pct(v, 2);
    case 'scheduledJobUptime': return pct(v, 3);
    case 'averageRetriesPerTask': return num(v, 2);
    case 'dlqDepth': return t('unit.entries', { v: num(v, 0) });
    case 'websocketP95LatencyMs': return `${num(v, 1)} ms`;
    case 'breakerTripRate': return t('unit.perHour', { v: num(v, 2) });
    default: return String(v);
  }
}

// true / false against the target, or null when the figure has no data.
function verdict(name, fig) {
  const day = fig && fig['24h'];
  if (!day || day.value === null || day.value === undefined) return null;
  const v = day.value;
  switch (name) {
    case 'taskSuccessRate': return v >= 0.99;
    case 'averageRetriesPerTask': return v < 1.5;
    case 'scheduledJobUptime': return v >= 0.999;
    case 'websocketP95LatencyMs': return v < 200;
    case 'dlqDepth': {
      const inflow = day.detail && day.detail.inflow;
      return typeof inflow === 'number' ? inflow < 5 : null;
    }
    case 'breakerTripRate': {
      // the target is a share of calls: trips and calls both since the server started
      const since = (day.detail || {}).sinceStart;
      if (!since || typeof since.trips !== 'number' || !since.calls) return null;
      return since.trips / since.calls < 0.02;
    }
    default: return null;
  }
}

export function createOverview(ctx) {
  const figuresBox = el('section', { class: 'card', 'aria-labelledby': 'fig-h' }, el('h2', { id: 'fig-h' }, t('overview.figures')));
  const figuresBody = el('div');
  figuresBox.append(figuresBody);
  const chartHost = el('div', { class: 'chart', role: 'img', 'aria-label': t('overview.chart') });
  const chartBox = el('section', { class: 'card', 'aria-labelledby': 'chart-h' },
    el('h2', { id: 'chart-h' }, t('overview.chart')), chartHost, el('p', { class: 'hint' }, t('overview.chartNote')));
  const root = el('div', { class: 'view overview' }, figuresBox, chartBox);
  let plot = null;
  let timer = null;
  let statsTimer = null;
  let resizeObserver = null;

  async function loadFigures() {
    try {
      const stats = await ctx.api.get('/api/stats');
      renderFigures(stats);
    } catch (e) {
      clear(figuresBody).append(notice('error', t('common.error', { message: e.message })));
    }
  }

  function renderFigures(stats) {
    const { el: wrap, body } = table([t('overview.figure'), t('overview.hour'), t('overview.day'), t('overview.target'),
      t('overview.verdict')], t('overview.figures'));
    for (const name of FIGURES) {
      const fig = (stats.figures || {})[name];
      const cell = (w) => {
        const s = format(name, w);
        if (s !== null) return s;
        return el('span', { class: 'nodata', title: (w && w.reason) || '' }, t('overview.nodata'));
      };
      const v = verdict(name, fig);
      body.append(el('tr', { dataset: { figure: name } },
        el('th', { scope: 'row' }, t(`fig.${name}`)),
        el('td', {}, cell(fig && fig['1h'])),
        el('td', {}, cell(fig && fig['24h'])),
        el('td', {}, t(`target.${name}`)),
        el('td', {}, v === null ? el('span', { class: 'nodata' }, t('overview.nodata'))
          : el('span', { class: v ? 'ok' : 'bad' }, v ? t('overview.meets') : t('overview.misses')))));
    }
    clear(figuresBody).append(wrap);
    ctx.markRendered('overview');
  }

  function makePlot() {
    const width = Math.max(260, chartHost.clientWidth || 600);
    const opts = {
      width, height: 220,
      scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(5, max * 1.2)] } },
      series: [{}, { label: t('overview.completed'), stroke: '#2f7d32', width: 2 },
        { label: t('overview.failed'), stroke: '#c62828', width: 2 }],
      axes: [{ incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300], values: (u, splits) => splits.map((v) => new Date(v * 1000).toLocaleTimeString(locale(),
        { hour: '2-digit', minute: '2-digit', second: '2-digit' })) }, { label: '1/s' }],
      legend: { live: false },
    };
    plot = new uPlot(opts, ctx.live.rate.series(120), chartHost);
    resizeObserver = new ResizeObserver(() => {
      if (plot) plot.setSize({ width: Math.max(260, chartHost.clientWidth), height: 220 });
    });
    resizeObserver.observe(chartHost);
  }

  return {
    el: root,
    async load() {
      makePlot();
      timer = setInterval(() => plot && plot.setData(ctx.live.rate.series(120)), 1000);
      statsTimer = setInterval(loadFigures, 30000);
      await loadFigures();
    },
    onEvents() { /* the chart reads the live counter every second */ },
    resync: loadFigures,
    destroy() {
      clearInterval(timer); clearInterval(statsTimer);
      if (resizeObserver) resizeObserver.disconnect();
      if (plot) plot.destroy();
    },
  };
}
