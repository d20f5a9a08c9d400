// Small DOM helpers: elements without innerHTML (so no markup from data ever), buttons that carry
// the reason when disabled, a modal dialog, a status line.
import { t, locale } from './i18n.js';
import { can } from './roles.js';

export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

export function clear(node) { while (node.firstChild) node.firstChild.remove(); return node; }

// A button for `action` that the principal may or may not perform. When it may not, the button is
// disabled and says why (title + aria-description, and a visually hidden text for older readers).
export function actionButton(me, action, label, onClick, extraReason) {
  const verdict = can(me, action);
  const reason = !verdict.ok ? verdict.reason : extraReason;
  const b = el('button', { type: 'button', class: 'action', dataset: { action } }, label);
  if (reason) {
    b.disabled = true;
    b.title = reason;
    b.setAttribute('aria-description', reason);
    b.dataset.reason = reason;
  } else {
    b.addEventListener('click', onClick);
  }
  return b;
}

// One formatter per locale: building an Intl.DateTimeFormat per call costs more than the rest of
// a row's rendering.
const formatters = new Map();
export function fmtTime(v) {
  if (v === undefined || v === null || v === '' || v === 0) return '–';
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) return String(v);
  const loc = locale();
  let f = formatters.get(loc);
  if (!f) {
    f = new Intl.DateTimeFormat(loc, { dateStyle: 'short', timeStyle: 'medium' });
    formatters.set(loc, f);
  }
  return f.format(d);
}

export function fmtDuration(ms) {
  if (ms === undefined || ms === null || ms < 0) return '–';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  return `${h} h ${m % 60} min`;
}

export function relTime(ms, now = Date.now()) {
  if (!ms) return t('common.never');
  const d = ms - now;
  return d >= 0 ? t('common.in', { t: fmtDuration(d) }) : t('common.ago', { t: fmtDuration(-d) });
}

export function statusBadge(status) {
  const s = String(status || '–');
  return el('span', { class: `badge st-${s.toLowerCase()}` }, s);
}

// Sets an existing badge to `status` (live updates change text and class, not the element).
export function setBadge(badge, status) {
  const s = String(status || '–');
  if (badge.textContent === s) return;
  badge.textContent = s;
  badge.className = `badge st-${s.toLowerCase()}`;
}

export function json(value) {
  return el('pre', { class: 'json' }, JSON.stringify(value ?? null, null, 2));
}

// A table whose body rows are keyed, so live updates replace single rows.
export function table(columns, caption) {
  const head = el('tr', {}, columns.map((c) => el('th', { scope: 'col' }, c)));
  const body = el('tbody');
  const tableEl = el('table', { class: 'grid' }, caption ? el('caption', { class: 'sr-only' }, caption) : null,
    el('thead', {}, head), body);
  return { el: el('div', { class: 'table-wrap' }, tableEl), body };
}

// A row that opens something with click, Enter or Space.
export function clickableRow(cells, onOpen, label) {
  const tr = el('tr', { tabindex: '0', class: 'clickable', 'aria-label': label }, cells.map((c) => el('td', {}, c)));
  tr.addEventListener('click', (e) => { if (!(e.target instanceof HTMLButtonElement)) onOpen(); });
  tr.addEventListener('keydown', (e) => {
    if ((e.key === 'Enter' || e.key === ' ') && e.target === tr) { e.preventDefault(); onOpen(); }
  });
  return tr;
}

export function notice(kind, text) {
  return el('p', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

// A modal <dialog> (Esc closes it, focus is trapped by the browser). Returns {dialog, body, close}.
export function modal(title, onClose) {
  const body = el('div', { class: 'dialog-body' });
  const closeBtn = el('button', { type: 'button', class: 'close' }, t('common.close'));
  const dialog = el('dialog', { class: 'modal', 'aria-label': title },
    el('header', {}, el('h2', {}, title), closeBtn), body);
  const close = () => { if (dialog.open) dialog.close(); };
  closeBtn.addEventListener('click', close);
  dialog.addEventListener('close', () => { dialog.remove(); if (onClose) onClose(); });
  document.body.append(dialog);
  dialog.showModal();
  return { dialog, body, close };
}

export function field(label, input) {
  const id = `f-${Math.random().toString(36).slice(2, 9)}`;
  input.id = id;
  return el('div', { class: 'field' }, el('label', { for: id }, label), input);
}

export function select(options, value) {
  const s = el('select');
  for (const [v, label] of options) s.append(el('option', { value: v, selected: v === value }, label));
  return s;
}

// The search form of the Tasks and Workflows views: status (one of `statuses`, or all), type and
// free text; `apply({ status, type, text })` on submit.
export function filterForm(statuses, typeLabel, apply) {
  const statusSel = select([['', t('common.all')], ...statuses.map((s) => [s, s])], '');
  const typeIn = el('input', { type: 'search', autocomplete: 'off' });
  const textIn = el('input', { type: 'search', autocomplete: 'off' });
  const form = el('form', { class: 'filters', role: 'search' },
    field(t('common.status'), statusSel), field(typeLabel, typeIn), field(t('common.text'), textIn),
    el('button', { type: 'submit' }, t('common.apply')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    apply({ status: statusSel.value, type: typeIn.value.trim(), text: textIn.value.trim() });
  });
  return form;
}

export function pager(start, size, total, go) {
  const to = Math.min(start + size, total);
  return el('div', { class: 'pager' },
    el('button', { type: 'button', disabled: start <= 0, onclick: () => go(Math.max(0, start - size)) }, t('common.prev')),
    el('span', { 'aria-live': 'polite' }, total ? t('common.page', { from: start + 1, to, total }) : t('common.none')),
    el('button', { type: 'button', disabled: to >= total, onclick: () => go(start + size) }, t('common.next')));
}
