// English and German for every visible string. Language: the user's choice (localStorage), else
// navigator.language ("de*" gives German), else English.
const en = {
  'app.title': 'Orrery',
  'login.heading': 'Sign in to Orrery',
  'login.intro': 'Paste an API token (orr_…). It is kept in this tab only (sessionStorage) and sent in the Authorization header, never in a URL.',
  'login.token': 'API token',
  'login.submit': 'Sign in',
  'login.checking': 'Checking the token…',
  'login.refused': 'The token was refused: {message}',
  'login.unreachable': 'The server could not be reached: {message}',
  'login.empty': 'Enter a token.',
  'nav.overview': 'Overview', 'nav.workflows': 'Workflows', 'nav.tasks': 'Tasks', 'nav.dlq': 'Dead letters',
  'nav.breakers': 'Breakers', 'nav.jobs': 'Jobs', 'nav.workers': 'Workers',
  'nav.label': 'Views',
  'shell.logout': 'Sign out', 'shell.language': 'Language', 'shell.user': '{name} ({role})',
  'shell.projects': 'projects: {projects}', 'shell.allProjects': 'all projects', 'shell.skip': 'Skip to content',
  'conn.connecting': 'Connecting…', 'conn.live': 'Live', 'conn.reconnecting': 'Reconnecting (attempt {n})…',
  'conn.offline': 'Offline', 'conn.refused': 'Live updates refused: {message}', 'conn.resynced': 'Resynchronised after a gap',
  'conn.label': 'Connection',
  'role.viewer': 'viewer', 'role.operator': 'operator', 'role.admin': 'admin',
  'reason.role': 'Needs role {needed}; your token has role {role}.',
  'reason.scoped': 'Acts on every project: needs a token without project scopes.',
  'reason.state': 'Not possible in state {state}.',
  'common.loading': 'Loading…', 'common.refresh': 'Refresh', 'common.close': 'Close', 'common.cancel': 'Cancel',
  'common.none': 'Nothing to show.', 'common.error': 'Error: {message}', 'common.prev': 'Previous page', 'common.next': 'Next page',
  'common.page': '{from}–{to} of {total}', 'common.all': 'All', 'common.apply': 'Apply', 'common.status': 'Status',
  'common.type': 'Type', 'common.text': 'Search text', 'common.id': 'Id', 'common.time': 'Time', 'common.actions': 'Actions',
  'common.details': 'Details', 'common.updated': 'Updated', 'common.started': 'Started', 'common.never': 'never',
  'common.in': 'in {t}', 'common.ago': '{t} ago', 'common.done': 'Done', 'common.confirm': 'Confirm',
  'common.new': 'new',
  'overview.figures': 'Operating figures and targets', 'overview.figure': 'Figure', 'overview.hour': 'Last hour',
  'overview.day': 'Last 24 h', 'overview.target': 'Target', 'overview.verdict': 'Verdict',
  'overview.meets': 'meets target', 'overview.misses': 'misses target', 'overview.nodata': 'no data',
  'overview.chart': 'Tasks finished per second (live, from the event stream)',
  'overview.chartNote': 'Counted from task_completed and task_failed events of the projects this token sees.',
  'overview.completed': 'completed/s', 'overview.failed': 'failed/s',
  'fig.taskSuccessRate': 'Task success', 'fig.averageRetriesPerTask': 'Retries per task', 'fig.dlqDepth': 'Dead letters',
  'fig.scheduledJobUptime': 'Scheduled job uptime', 'fig.websocketP95LatencyMs': 'WebSocket latency p95',
  'fig.breakerTripRate': 'Breaker trips',
  'target.taskSuccessRate': '≥ 99 %', 'target.averageRetriesPerTask': '< 1.5', 'target.dlqDepth': '< 5 dead-lettered per day',
  'target.scheduledJobUptime': '≥ 99.9 %', 'target.websocketP95LatencyMs': '< 200 ms', 'target.breakerTripRate': '< 2 % of calls',
  'unit.entries': '{v} entries', 'unit.perHour': '{v} per hour',
  'wf.heading': 'Workflows', 'wf.type': 'Workflow type', 'wf.id': 'Workflow id', 'wf.start': 'Start', 'wf.end': 'End',
  'wf.retry': 'Retry', 'wf.pause': 'Pause', 'wf.resume': 'Resume', 'wf.terminate': 'Terminate',
  'wf.tasks': 'Tasks of this workflow', 'wf.input': 'Input', 'wf.output': 'Output', 'wf.reason': 'Reason',
  'wf.confirmTerminate': 'Terminate workflow {id}? Its open tasks are canceled.',
  'wf.done': '{action}: done.',
  'task.heading': 'Tasks', 'task.id': 'Task id', 'task.ref': 'Reference', 'task.worker': 'Worker', 'task.retry': 'Retry #',
  'task.attempts': 'Attempts', 'task.logs': 'Logs', 'task.noLogs': 'No log lines.', 'task.attempt': 'Attempt',
  'task.error': 'Error', 'task.duration': 'Duration', 'task.open': 'Open task {id}',
  'dlq.heading': 'Dead letters', 'dlq.group': '{reason}: {n} entries', 'dlq.replay': 'Replay', 'dlq.purge': 'Purge',
  'dlq.replayGroup': 'Replay group…', 'dlq.purgeGroup': 'Purge group…', 'dlq.rate': 'Replays per second (0 = at once)',
  'dlq.dryRun': 'Dry run: {n} entries would be {action}.', 'dlq.estimate': 'Estimated time: {s} s.',
  'dlq.runNow': '{action} {n} entries', 'dlq.progress': 'Replaying: {issued} of {total} issued, {ok} succeeded, {failed} failed',
  'dlq.report': 'Report: {ok} replayed, {failed} failed, of {total}.', 'dlq.purged': 'Report: {n} entries purged.',
  'dlq.nothing': 'Nothing matches: no entry would change.', 'dlq.message': 'Message', 'dlq.lastFailure': 'Last failure',
  'dlq.replayed': 'Replayed: new attempt {id}.', 'dlq.progressUnavailable': 'Progress needs /api/dlq/stats, which a project-scoped token may not read; the list refreshes instead.',
  'dlq.statusFilter': 'Entry status', 'dlq.replayedAction': 'replayed', 'dlq.purgedAction': 'purged',
  'br.heading': 'Circuit breakers', 'br.name': 'Breaker', 'br.state': 'State', 'br.halfOpenIn': 'Half-open in',
  'br.failures': 'Failures', 'br.trips': 'Trips', 'br.lastFailure': 'Last failure', 'br.reset': 'Reset',
  'br.open': 'Force open', 'br.close': 'Close', 'br.due': 'due now', 'br.since': 'since {t}',
  'jobs.heading': 'Scheduled jobs', 'jobs.job': 'Job', 'jobs.trigger': 'Schedule', 'jobs.state': 'State',
  'jobs.next': 'Next fire', 'jobs.last': 'Last fire', 'jobs.pause': 'Pause', 'jobs.resume': 'Resume', 'jobs.run': 'Run now',
  'jobs.ran': 'Run started: {id}.',
  'workers.heading': 'Workers', 'workers.worker': 'Worker', 'workers.kind': 'Kind', 'workers.types': 'Task types',
  'workers.lastPoll': 'Last poll', 'workers.inFlight': 'In flight', 'workers.polls': 'Polls',
};

const de = {
  'app.title': 'Orrery',
  'login.heading': 'Bei Orrery anmelden',
  'login.intro': 'API-Token (orr_…) einfügen. Es bleibt nur in diesem Tab (sessionStorage) und wird im Authorization-Header gesendet, nie in einer URL.',
  'login.token': 'API-Token',
  'login.submit': 'Anmelden',
  'login.checking': 'Token wird geprüft…',
  'login.refused': 'Das Token wurde abgelehnt: {message}',
  'login.unreachable': 'Der Server ist nicht erreichbar: {message}',
  'login.empty': 'Bitte ein Token eingeben.',
  'nav.overview': 'Übersicht', 'nav.workflows': 'Workflows', 'nav.tasks': 'Tasks', 'nav.dlq': 'Dead Letters',
  'nav.breakers': 'Breaker', 'nav.jobs': 'Jobs', 'nav.workers': 'Worker',
  'nav.label': 'Ansichten',
  'shell.logout': 'Abmelden', 'shell.language': 'Sprache', 'shell.user': '{name} ({role})',
  'shell.projects': 'Projekte: {projects}', 'shell.allProjects': 'alle Projekte', 'shell.skip': 'Zum Inhalt springen',
  'conn.connecting': 'Verbinde…', 'conn.live': 'Live', 'conn.reconnecting': 'Verbinde neu (Versuch {n})…',
  'conn.offline': 'Offline', 'conn.refused': 'Live-Updates abgelehnt: {message}', 'conn.resynced': 'Nach einer Lücke neu geladen',
  'conn.label': 'Verbindung',
  'role.viewer': 'Betrachter', 'role.operator': 'Operator', 'role.admin': 'Admin',
  'reason.role': 'Braucht die Rolle {needed}; Ihr Token hat die Rolle {role}.',
  'reason.scoped': 'Wirkt auf alle Projekte: braucht ein Token ohne Projektbeschränkung.',
  'reason.state': 'Im Zustand {state} nicht möglich.',
  'common.loading': 'Lade…', 'common.refresh': 'Aktualisieren', 'common.close': 'Schließen', 'common.cancel': 'Abbrechen',
  'common.none': 'Nichts anzuzeigen.', 'common.error': 'Fehler: {message}', 'common.prev': 'Vorige Seite', 'common.next': 'Nächste Seite',
  'common.page': '{from}–{to} von {total}', 'common.all': 'Alle', 'common.apply': 'Anwenden', 'common.status': 'Status',
  'common.type': 'Typ', 'common.text': 'Suchtext', 'common.id': 'Id', 'common.time': 'Zeit', 'common.actions': 'Aktionen',
  'common.details': 'Details', 'common.updated': 'Aktualisiert', 'common.started': 'Gestartet', 'common.never': 'nie',
  'common.in': 'in {t}', 'common.ago': 'vor {t}', 'common.done': 'Fertig', 'common.confirm': 'Bestätigen',
  'common.new': 'neu',
  'overview.figures': 'Betriebskennzahlen und Ziele', 'overview.figure': 'Kennzahl', 'overview.hour': 'Letzte Stunde',
  'overview.day': 'Letzte 24 h', 'overview.target': 'Ziel', 'overview.verdict': 'Bewertung',
  'overview.meets': 'Ziel erreicht', 'overview.misses': 'Ziel verfehlt', 'overview.nodata': 'keine Daten',
  'overview.chart': 'Beendete Tasks pro Sekunde (live, aus dem Ereignisstrom)',
  'overview.chartNote': 'Gezählt aus task_completed- und task_failed-Ereignissen der Projekte, die dieses Token sieht.',
  'overview.completed': 'erfolgreich/s', 'overview.failed': 'fehlgeschlagen/s',
  'fig.taskSuccessRate': 'Task-Erfolg', 'fig.averageRetriesPerTask': 'Wiederholungen pro Task', 'fig.dlqDepth': 'Dead Letters',
  'fig.scheduledJobUptime': 'Verfügbarkeit geplanter Jobs', 'fig.websocketP95LatencyMs': 'WebSocket-Latenz p95',
  'fig.breakerTripRate': 'Breaker-Auslösungen',
  'target.taskSuccessRate': '≥ 99 %', 'target.averageRetriesPerTask': '< 1,5', 'target.dlqDepth': '< 5 Dead Letters pro Tag',
  'target.scheduledJobUptime': '≥ 99,9 %', 'target.websocketP95LatencyMs': '< 200 ms', 'target.breakerTripRate': '< 2 % der Aufrufe',
  'unit.entries': '{v} Einträge', 'unit.perHour': '{v} pro Stunde',
  'wf.heading': 'Workflows', 'wf.type': 'Workflow-Typ', 'wf.id': 'Workflow-Id', 'wf.start': 'Start', 'wf.end': 'Ende',
  'wf.retry': 'Wiederholen', 'wf.pause': 'Pausieren', 'wf.resume': 'Fortsetzen', 'wf.terminate': 'Beenden',
  'wf.tasks': 'Tasks dieses Workflows', 'wf.input': 'Eingabe', 'wf.output': 'Ausgabe', 'wf.reason': 'Grund',
  'wf.confirmTerminate': 'Workflow {id} beenden? Seine offenen Tasks werden abgebrochen.',
  'wf.done': '{action}: erledigt.',
  'task.heading': 'Tasks', 'task.id': 'Task-Id', 'task.ref': 'Referenz', 'task.worker': 'Worker', 'task.retry': 'Versuch #',
  'task.attempts': 'Versuche', 'task.logs': 'Protokoll', 'task.noLogs': 'Keine Protokollzeilen.', 'task.attempt': 'Versuch',
  'task.error': 'Fehler', 'task.duration': 'Dauer', 'task.open': 'Task {id} öffnen',
  'dlq.heading': 'Dead Letters', 'dlq.group': '{reason}: {n} Einträge', 'dlq.replay': 'Erneut ausführen', 'dlq.purge': 'Löschen',
  'dlq.replayGroup': 'Gruppe erneut ausführen…', 'dlq.purgeGroup': 'Gruppe löschen…', 'dlq.rate': 'Ausführungen pro Sekunde (0 = sofort)',
  'dlq.dryRun': 'Probelauf: {n} Einträge würden {action}.', 'dlq.estimate': 'Geschätzte Dauer: {s} s.',
  'dlq.runNow': '{n} Einträge: {action}', 'dlq.progress': 'Ausführung: {issued} von {total} angestoßen, {ok} erfolgreich, {failed} fehlgeschlagen',
  'dlq.report': 'Bericht: {ok} erneut ausgeführt, {failed} fehlgeschlagen, von {total}.', 'dlq.purged': 'Bericht: {n} Einträge gelöscht.',
  'dlq.nothing': 'Nichts passt: kein Eintrag würde sich ändern.', 'dlq.message': 'Meldung', 'dlq.lastFailure': 'Letzter Fehler',
  'dlq.replayed': 'Erneut ausgeführt: neuer Versuch {id}.', 'dlq.progressUnavailable': 'Der Fortschritt braucht /api/dlq/stats, das ein projektbeschränktes Token nicht lesen darf; stattdessen wird die Liste aktualisiert.',
  'dlq.statusFilter': 'Eintragsstatus', 'dlq.replayedAction': 'erneut ausgeführt', 'dlq.purgedAction': 'gelöscht',
  'br.heading': 'Circuit Breaker', 'br.name': 'Breaker', 'br.state': 'Zustand', 'br.halfOpenIn': 'Halb offen in',
  'br.failures': 'Fehler', 'br.trips': 'Auslösungen', 'br.lastFailure': 'Letzter Fehler', 'br.reset': 'Zurücksetzen',
  'br.open': 'Zwangsweise öffnen', 'br.close': 'Schließen', 'br.due': 'jetzt fällig', 'br.since': 'seit {t}',
  'jobs.heading': 'Geplante Jobs', 'jobs.job': 'Job', 'jobs.trigger': 'Zeitplan', 'jobs.state': 'Zustand',
  'jobs.next': 'Nächster Lauf', 'jobs.last': 'Letzter Lauf', 'jobs.pause': 'Pausieren', 'jobs.resume': 'Fortsetzen', 'jobs.run': 'Jetzt ausführen',
  'jobs.ran': 'Lauf gestartet: {id}.',
  'workers.heading': 'Worker', 'workers.worker': 'Worker', 'workers.kind': 'Art', 'workers.types': 'Task-Typen',
  'workers.lastPoll': 'Letzte Abfrage', 'workers.inFlight': 'In Arbeit', 'workers.polls': 'Abfragen',
};

export const dictionaries = { en, de };
const listeners = new Set();
let current = 'en';

export function detectLanguage() {
  let stored = null;
  try { stored = localStorage.getItem('orrery.lang'); } catch { /* storage may be off */ }
  if (stored && dictionaries[stored]) return stored;
  const nav = (navigator.languages && navigator.languages[0]) || navigator.language || 'en';
  return nav.toLowerCase().startsWith('de') ? 'de' : 'en';
}

export function setLanguage(lang, remember = true) {
  if (!dictionaries[lang]) return;
  current = lang;
  document.documentElement.lang = lang;
  if (remember) { try { localStorage.setItem('orrery.lang', lang); } catch { /* ignore */ } }
  for (const l of listeners) l(lang);
}

export function language() { return current; }
export function onLanguageChange(fn) { listeners.add(fn); return () => listeners.delete(fn); }

export function t(key, params = {}) {
  const s = dictionaries[current][key] ?? en[key];
  if (s === undefined) return key;
  return s.replace(/\{(\w+)\}/g, (_, k) => (params[k] === undefined ? `{${k}}` : String(params[k])));
}

export function locale() { return current === 'de' ? 'de-DE' : 'en-GB'; }
