// The task dialog: the task, every attempt of its reference and its log lines.
import { t } from '../i18n.js';
import { enc } from '../api.js';
import { el, clear, notice, table, statusBadge, fmtTime, json, modal } from '../dom.js';

export async function openTask(ctx, id) {
  const m = modal(id);
  m.body.append(notice('info', t('common.loading')));
  let task;
  try {
    task = await ctx.api.get(`/api/tasks/${enc(id)}?include=attempts,logs`);
  } catch (e) {
    clear(m.body).append(notice('error', t('common.error', { message: e.message })));
    return;
  }
  const attempts = table([t('task.attempt'), t('task.id'), t('common.status'), t('task.worker'), t('common.started'),
    t('task.duration'), t('task.error')], t('task.attempts'));
  const list = Array.isArray(task.attempts) ? task.attempts : (task.attempts && task.attempts.attempts) || [];
  for (const a of list) {
    attempts.body.append(el('tr', {},
      el('td', {}, a.attempt ?? (a.retryCount ?? 0) + 1), el('td', {}, el('code', {}, a.taskId || '')),
      el('td', {}, statusBadge(a.status)), el('td', {}, a.workerId || '–'), el('td', {}, fmtTime(a.startTime)),
      el('td', {}, a.startTime && a.endTime ? `${a.endTime - a.startTime} ms` : '–'),
      el('td', {}, a.error || a.reasonForIncompletion || '')));
  }
  const logs = Array.isArray(task.logs) ? task.logs : [];
  clear(m.body).append(
    el('dl', { class: 'facts' },
      el('dt', {}, t('task.ref')), el('dd', {}, task.referenceTaskName || ''),
      el('dt', {}, t('common.type')), el('dd', {}, task.taskType || task.taskDefName || ''),
      el('dt', {}, t('common.status')), el('dd', {}, statusBadge(task.status)),
      el('dt', {}, t('wf.id')), el('dd', {}, el('code', {}, task.workflowInstanceId || '')),
      el('dt', {}, t('task.worker')), el('dd', {}, task.workerId || '–'),
      task.reasonForIncompletion ? [el('dt', {}, t('wf.reason')), el('dd', {}, task.reasonForIncompletion)] : null),
    el('h3', {}, t('task.attempts')), list.length ? attempts.el : notice('info', t('common.none')),
    el('h3', {}, t('task.logs')),
    logs.length ? el('ol', { class: 'logs' }, logs.map((l) => el('li', {}, el('time', {}, fmtTime(l.createdTime)), ' ', l.log)))
      : notice('info', t('task.noLogs')),
    el('details', {}, el('summary', {}, t('wf.input')), json(task.inputData)),
    el('details', {}, el('summary', {}, t('wf.output')), json(task.outputData)));
}
