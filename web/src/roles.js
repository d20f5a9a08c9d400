// What a token may do, decided like the console (ui/common) from GET /api/token/me and the REST
// access matrix (docs/api.md §2, docs/recovery.md §9, docs/scheduling.md §10): the lowest role of
// each action and whether a project-scoped token may do it. The server checks again; this only
// disables buttons with the reason.
import { t } from './i18n.js';

const RANK = { viewer: 0, operator: 1, admin: 2 };
export const ACTIONS = {
  'workflow.retry': { role: 'operator', scoped: true },
  'workflow.pause': { role: 'operator', scoped: false },
  'workflow.resume': { role: 'operator', scoped: false },
  'workflow.terminate': { role: 'operator', scoped: false },
  'dlq.replay': { role: 'operator', scoped: true },
  'dlq.purge': { role: 'admin', scoped: true },
  'breaker.reset': { role: 'operator', scoped: false },
  'breaker.open': { role: 'admin', scoped: false },
  'breaker.close': { role: 'admin', scoped: false },
  'job.pause': { role: 'operator', scoped: false },
  'job.resume': { role: 'operator', scoped: false },
  'job.run': { role: 'operator', scoped: false },
};

// {ok: true} or {ok: false, reason} for the principal `me` ({role, projects}).
export function can(me, action) {
  const a = ACTIONS[action];
  if (!a) throw new Error(`unknown action ${action}`);
  if ((RANK[me.role] ?? -1) < RANK[a.role])
    return { ok: false, reason: t('reason.role', { needed: t(`role.${a.role}`), role: t(`role.${me.role}`) }) };
  if (!a.scoped && me.projects && me.projects.length)
    return { ok: false, reason: t('reason.scoped') };
  return { ok: true };
}
