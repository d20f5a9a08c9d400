// The Orrery web dashboard: login with a token (sessionStorage, never a URL), a shell with the
// views, the connection state, the language switch; live updates over the Socket.IO hub.
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { Api, ApiError } from './api.js';
import { Live } from './live.js';
import { t, detectLanguage, setLanguage, language, onLanguageChange } from './i18n.js';
import { el, clear, notice, select } from './dom.js';
import { createOverview } from './views/overview.js';
import { createWorkflows } from './views/workflows.js';
import { createTasks } from './views/tasks.js';
import { createDlq } from './views/dlq.js';
import { createBreakers } from './views/breakers.js';
import { createJobs } from './views/jobs.js';
import { createWorkers } from './views/workers.js';

const VIEWS = {
  overview: createOverview, workflows: createWorkflows, tasks: createTasks, dlq: createDlq,
  breakers: createBreakers, jobs: createJobs, workers: createWorkers,
};
const TOKEN_KEY = 'orrery.token';
const app = document.getElementById('app');
let session = null; // {api, me, live, view, viewName}

function storedToken() {
  try { return sessionStorage.getItem(TOKEN_KEY); } catch { return null; }
}

function markRendered(name) {
  if (!window.__orrery.rendered[name]) {
    window.__orrery.rendered[name] = performance.now();
    performance.mark(`orrery:first-render:${name}`);
  }
  document.body.dataset.rendered = name;
}

window.__orrery = { rendered: {}, state: 'signed-out' };

function showLogin(message) {
  if (session) { session.live.stop(); if (session.view) session.view.destroy(); session = null; }
  window.__orrery.state = 'signed-out';
  const input = el('input', { id: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true,
    'aria-describedby': 'login-intro' });
  const out = el('div', { 'aria-live': 'assertive' }, message ? notice('error', message) : null);
  const form = el('form', { class: 'login card', 'aria-labelledby': 'login-h' },
    el('h1', { id: 'login-h' }, t('login.heading')),
    el('p', { id: 'login-intro' }, t('login.intro')),
    el('label', { for: 'token' }, t('login.token')), input,
    el('button', { type: 'submit', class: 'primary' }, t('login.submit')), out);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const token = input.value.trim();
    if (!token) { clear(out).append(notice('error', t('login.empty'))); return; }
    clear(out).append(notice('info', t('login.checking')));
    await signIn(token, (m) => clear(out).append(notice('error', m)));
  });
  clear(app).append(el('main', { class: 'login-page' }, languageSwitch(), form));
  input.focus();
}

async function signIn(token, fail) {
  const api = new Api(token);
  let me;
  try {
    me = await api.get('/api/token/me');
  } catch (e) {
    try { sessionStorage.removeItem(TOKEN_KEY); } catch { /* ignore */ }
    const key = e instanceof ApiError && e.status ? 'login.refused' : 'login.unreachable';
    fail(t(key, { message: e.message }));
    return;
  }
  try { sessionStorage.setItem(TOKEN_KEY, token); } catch { /* the session still works in memory */ }
  api.onUnauthorized = (m) => showLogin(t('login.refused', { message: m }));
  startShell(api, me, token);
}

function languageSwitch() {
  const s = select([['en', 'English'], ['de', 'Deutsch']], language());
  s.setAttribute('aria-label', t('shell.language'));
  s.id = 'lang';
  s.addEventListener('change', () => setLanguage(s.value));
  return el('div', { class: 'lang' }, s);
}

function startShell(api, me, token, existingLive) {
  const connection = el('span', { id: 'conn', class: 'conn connecting', role: 'status', 'aria-label': t('conn.label') }, t('conn.connecting'));
  const nav = el('nav', { 'aria-label': t('nav.label') },
    el('ul', {}, Object.keys(VIEWS).map((name) => el('li', {}, el('a', { href: `#/${name}`, id: `nav-${name}`, dataset: { view: name } }, t(`nav.${name}`))))));
  const projects = me.projects && me.projects.length ? t('shell.projects', { projects: me.projects.join(', ') }) : t('shell.allProjects');
  const logout = el('button', { type: 'button', id: 'logout' }, t('shell.logout'));
  logout.addEventListener('click', () => {
    try { sessionStorage.removeItem(TOKEN_KEY); } catch { /* ignore */ }
    showLogin();
  });
  const main = el('main', { id: 'content', tabindex: '-1' });
  const header = el('header', { class: 'top' },
    el('a', { class: 'skip', href: '#content', onclick: (e) => { e.preventDefault(); main.focus(); } }, t('shell.skip')),
    el('h1', {}, t('app.title')), nav,
    el('div', { class: 'who' }, connection,
      el('span', { id: 'whoami', dataset: { role: me.role } }, t('shell.user', { name: me.name, role: t(`role.${me.role}`) }), ' · ', projects),
      languageSwitch(), logout));
  clear(app).append(header, main);

  const setConn = (state, detail = {}) => {
    connection.className = `conn ${state}`;
    connection.dataset.state = state;
    window.__orrery.state = state;
    connection.textContent = state === 'reconnecting' ? t('conn.reconnecting', { n: detail.attempt || 1 })
      : state === 'refused' ? t('conn.refused', { message: detail.message || '' }) : t(`conn.${state}`);
  };
  const handlers = {
    onState: setConn,
    onBatch: (batch) => { if (session && session.view) session.view.onEvents(batch); },
    onResync: (why) => {
      window.__orrery.resyncs = (window.__orrery.resyncs || 0) + 1;
      window.__orrery.lastResync = why;
      if (session && session.view) session.view.resync();
    },
  };
  const live = existingLive || new Live(token, me, handlers);
  Object.assign(live, handlers);
  window.__orrery.events = live.stats;
  session = { api, me, live, view: null, viewName: null, main, nav };
  if (existingLive) setConn(live.state); else live.start();
  route();
}

function route() {
  if (!session) return;
  const name = (location.hash.match(/^#\/(\w+)/) || [])[1];
  const viewName = VIEWS[name] ? name : 'overview';
  if (session.view) session.view.destroy();
  for (const a of session.nav.querySelectorAll('a')) {
    if (a.dataset.view === viewName) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  const ctx = { api: session.api, me: session.me, live: session.live, markRendered };
  const view = VIEWS[viewName](ctx);
  session.view = view;
  session.viewName = viewName;
  clear(session.main).append(view.el);
  document.title = `${t(`nav.${viewName}`)} · ${t('app.title')}`;
  view.load();
}

window.addEventListener('hashchange', route);
onLanguageChange(() => {
  // Re-render everything in the new language (the session, the socket and the token stay).
  if (session) {
    const { api, me, live } = session;
    if (session.view) session.view.destroy();
    session = null;
    startShell(api, me, live.token, live);
  } else {
    showLogin();
  }
});

setLanguage(detectLanguage(), false);
const token = storedToken();
if (token) signIn(token, (m) => showLogin(m)); else showLogin();
