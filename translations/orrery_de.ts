<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>QObject</name>
    <message>
        <source>The server answered with something that is not a JSON object.</source>
        <translation>Der Server hat etwas geantwortet, das kein JSON-Objekt ist.</translation>
    </message>
</context>
<context>
    <name>TimeText</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 T %2 h</translation>
    </message>
    <message>
        <source>in %1</source>
        <translation>in %1</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>gerade eben</translation>
    </message>
    <message>
        <source>%1 s ago</source>
        <translation>vor %1 s</translation>
    </message>
    <message>
        <source>%1 min ago</source>
        <translation>vor %1 min</translation>
    </message>
    <message>
        <source>%1 h ago</source>
        <translation>vor %1 h</translation>
    </message>
    <message>
        <source>%1 d ago</source>
        <translation>vor %1 d</translation>
    </message>
</context>
<context>
    <name>orrery::AuditTableModel</name>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>Akteur</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>Route</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Token id %1, from %2</source>
        <translation>Token-ID %1, von %2</translation>
    </message>
</context>
<context>
    <name>orrery::AuditView</name>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Load more</source>
        <translation>Mehr laden</translation>
    </message>
    <message>
        <source>Actor (token name)…</source>
        <translation>Akteur (Token-Name)…</translation>
    </message>
    <message>
        <source>Route or path…</source>
        <translation>Route oder Pfad…</translation>
    </message>
    <message>
        <source>All outcomes</source>
        <translation>Alle Ergebnisse</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>ok</translation>
    </message>
    <message>
        <source>denied</source>
        <translation>verweigert</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Copy as curl</source>
        <translation>Als curl kopieren</translation>
    </message>
    <message>
        <source>List request</source>
        <translation>Listenabfrage</translation>
    </message>
    <message>
        <source>Entries of the selected target</source>
        <translation>Einträge zum ausgewählten Ziel</translation>
    </message>
    <message>
        <source>Could not load the audit log: %1</source>
        <translation>Das Audit-Protokoll konnte nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>The audit log is shown to admin tokens only. %1</source>
        <translation>Das Audit-Protokoll wird nur Admin-Tokens angezeigt. %1</translation>
    </message>
    <message>
        <source>A route pattern with {…} (e.g. /api/circuitbreaker/{name}/open) matches that route exactly; anything else matches the start of the path (e.g. /api/circuitbreaker).</source>
        <translation>Ein Routenmuster mit {…} (z. B. /api/circuitbreaker/{name}/open) trifft genau diese Route; alles andere trifft den Anfang des Pfads (z. B. /api/circuitbreaker).</translation>
    </message>
    <message>
        <source>%1 of %2 entries</source>
        <translation>%1 von %2 Einträgen</translation>
    </message>
</context>
<context>
    <name>orrery::BreakerTableModel</name>
    <message>
        <source>Breaker</source>
        <translation>Schutzschalter</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Seit</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>Aufrufe</translation>
    </message>
    <message>
        <source>Failures</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Failure rate</source>
        <translation>Fehlerquote</translation>
    </message>
    <message>
        <source>Rejections</source>
        <translation>Abweisungen</translation>
    </message>
    <message>
        <source>Trips</source>
        <translation>Auslösungen</translation>
    </message>
    <message>
        <source>Half-open in</source>
        <translation>Halboffen in</translation>
    </message>
    <message>
        <source>Last failure / transition</source>
        <translation>Letzter Fehler / Wechsel</translation>
    </message>
    <message>
        <source>%1 → %2: %3</source>
        <translation>%1 → %2: %3</translation>
    </message>
    <message>
        <source>%1 counted failures, %2 ignored (terminal errors), %3 successes; %4 in a row</source>
        <translation>%1 gezählte Fehler, %2 ignoriert (endgültige Fehler), %3 Erfolge; %4 in Folge</translation>
    </message>
    <message>
        <source>%1 of %2 calls in the sliding window failed</source>
        <translation>%1 von %2 Aufrufen im gleitenden Fenster fehlgeschlagen</translation>
    </message>
    <message>
        <source>Last transition: %1</source>
        <translation>Letzter Wechsel: %1</translation>
    </message>
    <message>
        <source>%1%</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <source>now</source>
        <translation>jetzt</translation>
    </message>
    <message>
        <source>probing (%1 in flight)</source>
        <translation>Probe läuft (%1 unterwegs)</translation>
    </message>
    <message>
        <source>until closed or reset</source>
        <translation>bis geschlossen oder zurückgesetzt</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
<context>
    <name>orrery::BreakersView</name>
    <message>
        <source>Force open</source>
        <translation>Erzwungen öffnen</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>Force close</source>
        <translation>Erzwungen schließen</translation>
    </message>
    <message>
        <source>Ctrl+Shift+L</source>
        <translation>Ctrl+Shift+L</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Zurücksetzen</translation>
    </message>
    <message>
        <source>Ctrl+Shift+R</source>
        <translation>Ctrl+Shift+R</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Breaker name, e.g. http:api.example.com</source>
        <translation>Name des Schutzschalters, z. B. http:api.example.com</translation>
    </message>
    <message>
        <source>Copy as curl</source>
        <translation>Als curl kopieren</translation>
    </message>
    <message>
        <source>List request</source>
        <translation>Listenabfrage</translation>
    </message>
    <message>
        <source>Force open (selected)</source>
        <translation>Erzwungen öffnen (Auswahl)</translation>
    </message>
    <message>
        <source>Force close (selected)</source>
        <translation>Erzwungen schließen (Auswahl)</translation>
    </message>
    <message>
        <source>Reset (selected)</source>
        <translation>Zurücksetzen (Auswahl)</translation>
    </message>
    <message>
        <source>Could not load the breakers: %1</source>
        <translation>Die Schutzschalter konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>Breakers: %1, not closed: %2</source>
        <translation>Schutzschalter: %1, nicht geschlossen: %2</translation>
    </message>
    <message>
        <source>%1 %2 failed: %3</source>
        <translation>%1 %2 fehlgeschlagen: %3</translation>
    </message>
    <message>
        <source>No breaker named %1 (Force open creates one).</source>
        <translation>Kein Schutzschalter namens %1 („Erzwungen öffnen“ legt ihn an).</translation>
    </message>
    <message>
        <source>Force the breaker open: calls fail fast and local tasks wait until it is closed or reset (admin).</source>
        <translation>Öffnet den Schutzschalter erzwungen: Aufrufe scheitern sofort und lokale Tasks warten, bis er geschlossen oder zurückgesetzt wird (Admin).</translation>
    </message>
    <message>
        <source>Close the breaker at once; counters are kept (admin).</source>
        <translation>Schließt den Schutzschalter sofort; die Zähler bleiben erhalten (Admin).</translation>
    </message>
    <message>
        <source>Close the breaker and clear its counters and failure history (operator).</source>
        <translation>Schließt den Schutzschalter und löscht Zähler und Fehlerverlauf (Operator).</translation>
    </message>
    <message>
        <source>Force open and Force close are disabled: %1</source>
        <translation>„Erzwungen öffnen“ und „Erzwungen schließen“ sind deaktiviert: %1</translation>
    </message>
    <message>
        <source>Reset is disabled: %1</source>
        <translation>„Zurücksetzen“ ist deaktiviert: %1</translation>
    </message>
    <message>
        <source>Select a breaker to see its recent failures.</source>
        <translation>Wählen Sie einen Schutzschalter, um seine letzten Fehler zu sehen.</translation>
    </message>
    <message>
        <source>No breaker named %1 yet; Force open creates it.</source>
        <translation>Noch kein Schutzschalter namens %1; „Erzwungen öffnen“ legt ihn an.</translation>
    </message>
    <message>
        <source>%1 failures in a row</source>
        <translation>%1 Fehlern in Folge</translation>
    </message>
    <message>
        <source>a failure rate of %1% over at least %2 calls</source>
        <translation>einer Fehlerquote von %1 % bei mindestens %2 Aufrufen</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; — %2; trips after %3; half-opens after %4 s</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; — %2; löst aus nach %3; halboffen nach %4 s</translation>
    </message>
    <message>
        <source>no automatic rule (forced only)</source>
        <translation>keiner automatischen Regel (nur erzwungen)</translation>
    </message>
    <message>
        <source> or </source>
        <translation> oder </translation>
    </message>
    <message>
        <source>Last transition: %1</source>
        <translation>Letzter Wechsel: %1</translation>
    </message>
    <message>
        <source>No recent failures.</source>
        <translation>Keine neueren Fehler.</translation>
    </message>
    <message>
        <source>%1  %2  %3</source>
        <translation>%1  %2  %3</translation>
    </message>
    <message>
        <source>counted</source>
        <translation>gezählt</translation>
    </message>
    <message>
        <source>ignored</source>
        <translation>ignoriert</translation>
    </message>
</context>
<context>
    <name>orrery::BulkWorkflowActions</name>
    <message>
        <source>Pause selected</source>
        <translation>Auswahl anhalten</translation>
    </message>
    <message>
        <source>Resume selected</source>
        <translation>Auswahl fortsetzen</translation>
    </message>
    <message>
        <source>Retry selected</source>
        <translation>Auswahl wiederholen</translation>
    </message>
    <message>
        <source>Terminate selected…</source>
        <translation>Auswahl beenden…</translation>
    </message>
    <message>
        <source>Select one or more workflows first.</source>
        <translation>Wählen Sie zuerst einen oder mehrere Workflows aus.</translation>
    </message>
    <message>
        <source>At most %1 workflows at a time; %2 are selected.</source>
        <translation>Höchstens %1 Workflows auf einmal; %2 sind ausgewählt.</translation>
    </message>
    <message>
        <source>%1 of %2 workflows %3.</source>
        <translation>%1 von %2 Workflows %3.</translation>
    </message>
    <message>
        <source>Not done: %1</source>
        <translation>Nicht ausgeführt: %1</translation>
    </message>
    <message>
        <source>Terminate workflows</source>
        <translation>Workflows beenden</translation>
    </message>
    <message numerus="yes">
        <source>Terminate %n workflow(s)? Their open tasks are canceled.
Reason:</source>
        <translation><numerusform>%n Workflow beenden? Seine offenen Tasks werden abgebrochen.
Grund:</numerusform><numerusform>%n Workflows beenden? Ihre offenen Tasks werden abgebrochen.
Grund:</numerusform></translation>
    </message>
    <message>
        <source>Terminated from the console</source>
        <translation>In der Konsole beendet</translation>
    </message>
    <message>
        <source>Apply &quot;%1&quot; to %2 workflows?</source>
        <translation>„%1“ auf %2 Workflows anwenden?</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>angehalten</translation>
    </message>
    <message>
        <source>resumed</source>
        <translation>fortgesetzt</translation>
    </message>
    <message>
        <source>retried</source>
        <translation>wiederholt</translation>
    </message>
    <message>
        <source>terminated</source>
        <translation>beendet</translation>
    </message>
    <message>
        <source>Bulk action failed: %1</source>
        <translation>Sammelaktion fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>orrery::ConnectionDialog</name>
    <message>
        <source>Run the engine in this window (local)</source>
        <translation>Engine in diesem Fenster ausführen (lokal)</translation>
    </message>
    <message>
        <source>Attach to a server (remote)</source>
        <translation>Mit einem Server verbinden (entfernt)</translation>
    </message>
    <message>
        <source>Remember this server (the token goes to the system keychain)</source>
        <translation>Diesen Server merken (das Token kommt in den Schlüsselbund des Systems)</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <source>New server…</source>
        <translation>Neuer Server…</translation>
    </message>
    <message>
        <source>Saved servers</source>
        <translation>Gespeicherte Server</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Reading the token from the keychain…</source>
        <translation>Token wird aus dem Schlüsselbund gelesen…</translation>
    </message>
    <message>
        <source>The URL must look like http://host:port or https://host:port.</source>
        <translation>Die URL muss die Form http://host:port oder https://host:port haben.</translation>
    </message>
    <message>
        <source>A token is needed: every route but /healthz asks for one.</source>
        <translation>Ein Token ist nötig: Jede Route außer /healthz verlangt eines.</translation>
    </message>
    <message>
        <source>Saving the token in the keychain…</source>
        <translation>Token wird im Schlüsselbund gespeichert…</translation>
    </message>
</context>
<context>
    <name>orrery::DashboardView</name>
    <message>
        <source>Counts by state (rows loaded in the console)</source>
        <translation>Anzahl nach Status (in der Konsole geladene Zeilen)</translation>
    </message>
    <message>
        <source>Workflows</source>
        <translation>Workflows</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Tasks</translation>
    </message>
    <message>
        <source>Completed / s</source>
        <translation>Abgeschlossen / s</translation>
    </message>
    <message>
        <source>Failed / s</source>
        <translation>Fehlgeschlagen / s</translation>
    </message>
    <message>
        <source>Tasks per second, last 15 minutes</source>
        <translation>Tasks pro Sekunde, letzte 15 Minuten</translation>
    </message>
    <message>
        <source>seconds ago</source>
        <translation>Sekunden zuvor</translation>
    </message>
    <message>
        <source>Last 15 minutes: %1 tasks completed, %2 failed; last second: %3 completed, %4 failed.</source>
        <translation>Letzte 15 Minuten: %1 Tasks abgeschlossen, %2 fehlgeschlagen; letzte Sekunde: %3 abgeschlossen, %4 fehlgeschlagen.</translation>
    </message>
</context>
<context>
    <name>orrery::DlqActionBar</name>
    <message>
        <source>Replay selected…</source>
        <translation>Ausgewählte wiederholen…</translation>
    </message>
    <message>
        <source>Replay all matching…</source>
        <translation>Alle Treffer wiederholen…</translation>
    </message>
    <message>
        <source>Purge selected…</source>
        <translation>Ausgewählte löschen…</translation>
    </message>
    <message>
        <source>Purge all matching…</source>
        <translation>Alle Treffer löschen…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Copy as curl</source>
        <translation>Als curl kopieren</translation>
    </message>
    <message>
        <source>Rate: </source>
        <translation>Rate: </translation>
    </message>
    <message>
        <source> /s</source>
        <translation> /s</translation>
    </message>
    <message>
        <source>Replays per second (0 = no limit). A selection is replayed one request per entry at this rate; everything matching the filter is a server-side job at this rate.</source>
        <translation>Wiederholungen pro Sekunde (0 = unbegrenzt). Eine Auswahl wird mit einer Anfrage pro Eintrag in dieser Rate wiederholt; alle Treffer des Filters als Auftrag auf dem Server in dieser Rate.</translation>
    </message>
    <message>
        <source>List request</source>
        <translation>Listenabfrage</translation>
    </message>
    <message>
        <source>Selected entry</source>
        <translation>Ausgewählter Eintrag</translation>
    </message>
    <message>
        <source>Replay of the selection</source>
        <translation>Wiederholung der Auswahl</translation>
    </message>
    <message>
        <source>Purge of the selection</source>
        <translation>Löschen der Auswahl</translation>
    </message>
    <message>
        <source>Replay of everything matching</source>
        <translation>Wiederholung aller Treffer</translation>
    </message>
    <message>
        <source>Purge of everything matching</source>
        <translation>Löschen aller Treffer</translation>
    </message>
    <message>
        <source>Replay the selected entries (a selected group stands for its entries); a dry run first. Ctrl+R</source>
        <translation>Die ausgewählten Einträge wiederholen (eine ausgewählte Gruppe steht für ihre Einträge); zuerst ein Probelauf. Strg+R</translation>
    </message>
    <message>
        <source>Replay every DEAD entry matching the filter; a dry run first.</source>
        <translation>Jeden DEAD-Eintrag wiederholen, der zum Filter passt; zuerst ein Probelauf.</translation>
    </message>
    <message>
        <source>Delete the selected entries for good; a dry run first. Del</source>
        <translation>Die ausgewählten Einträge endgültig löschen; zuerst ein Probelauf. Entf</translation>
    </message>
    <message>
        <source>Delete every entry matching the filter for good; a dry run first.</source>
        <translation>Jeden Eintrag, der zum Filter passt, endgültig löschen; zuerst ein Probelauf.</translation>
    </message>
</context>
<context>
    <name>orrery::DlqAttemptModel</name>
    <message>
        <source>Attempt</source>
        <translation>Versuch</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Worker</source>
        <translation>Worker</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>Geplant</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Beendet</translation>
    </message>
    <message>
        <source>Duration (ms)</source>
        <translation>Dauer (ms)</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Task id</source>
        <translation>Task-ID</translation>
    </message>
</context>
<context>
    <name>orrery::DlqDetailPane</name>
    <message>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>Replays</source>
        <translation>Wiederholungen</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>Last attempt</source>
        <translation>Letzter Versuch</translation>
    </message>
    <message>
        <source>Select an entry to see its attempts and replays.</source>
        <translation>Wählen Sie einen Eintrag, um seine Versuche und Wiederholungen zu sehen.</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>%1 wird geladen…</translation>
    </message>
    <message>
        <source>Cannot load DLQ entry %1: %2</source>
        <translation>DLQ-Eintrag %1 kann nicht geladen werden: %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; (%2) in workflow %3 &lt;tt&gt;%4&lt;/tt&gt; — &lt;b&gt;%5&lt;/b&gt;</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; (%2) im Workflow %3 &lt;tt&gt;%4&lt;/tt&gt; — &lt;b&gt;%5&lt;/b&gt;</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Dead %1×, first failure %2, last failure %3. Entry &lt;tt&gt;%4&lt;/tt&gt;.</source>
        <translation>%1× gescheitert, erster Fehler %2, letzter Fehler %3. Eintrag &lt;tt&gt;%4&lt;/tt&gt;.</translation>
    </message>
    <message>
        <source>Replays (%1)</source>
        <translation>Wiederholungen (%1)</translation>
    </message>
</context>
<context>
    <name>orrery::DlqFilterBar</name>
    <message>
        <source>All reasons</source>
        <translation>Alle Gründe</translation>
    </message>
    <message>
        <source>All task types</source>
        <translation>Alle Task-Typen</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Alle Status</translation>
    </message>
    <message>
        <source>Text in ids, message and errors…</source>
        <translation>Text in IDs, Meldung und Fehlern…</translation>
    </message>
</context>
<context>
    <name>orrery::DlqModel</name>
    <message>
        <source>Reason / task type / entry</source>
        <translation>Grund / Task-Typ / Eintrag</translation>
    </message>
    <message>
        <source>Entries</source>
        <translation>Einträge</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Workflow</source>
        <translation>Workflow</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Referenz</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>Dead count</source>
        <translation>Anzahl gescheitert</translation>
    </message>
    <message>
        <source>Last failure</source>
        <translation>Letzter Fehler</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Letzte Fehlermeldung</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keiner)</translation>
    </message>
</context>
<context>
    <name>orrery::DlqOperation</name>
    <message>
        <source>Not connected to an engine.</source>
        <translation>Nicht mit einer Engine verbunden.</translation>
    </message>
    <message>
        <source>%1 of %2 matching entries purged.</source>
        <translation>%1 von %2 passenden Einträgen gelöscht.</translation>
    </message>
    <message>
        <source>No DEAD entry matched the filter; nothing was replayed.</source>
        <translation>Kein DEAD-Eintrag passt zum Filter; nichts wurde wiederholt.</translation>
    </message>
    <message>
        <source>%1 of %2 entries replayed, %3 failed.</source>
        <translation>%1 von %2 Einträgen wiederholt, %3 fehlgeschlagen.</translation>
    </message>
    <message>
        <source>%1 of %2 entries purged, %3 failed.</source>
        <translation>%1 von %2 Einträgen gelöscht, %3 fehlgeschlagen.</translation>
    </message>
    <message>
        <source>new task %1</source>
        <translation>neuer Task %1</translation>
    </message>
    <message>
        <source>Replay job %1 is running on the server, but its progress cannot be read: %2</source>
        <translation>Der Wiederholungsauftrag %1 läuft auf dem Server, sein Fortschritt kann aber nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Replay job %1: %2 of %3 entries replayed, %4 refused (each refusal is in its entry&apos;s replay history).</source>
        <translation>Wiederholungsauftrag %1: %2 von %3 Einträgen wiederholt, %4 abgelehnt (jede Ablehnung steht im Wiederholungsverlauf ihres Eintrags).</translation>
    </message>
    <message>
        <source>cancelled before it was sent</source>
        <translation>abgebrochen, bevor die Anfrage gesendet wurde</translation>
    </message>
    <message>
        <source>sent before the cancel; its answer was not waited for</source>
        <translation>vor dem Abbruch gesendet; auf die Antwort wurde nicht gewartet</translation>
    </message>
    <message>
        <source>Cancelled: %1 done, %2 failed, %3 not sent.</source>
        <translation>Abgebrochen: %1 erledigt, %2 fehlgeschlagen, %3 nicht gesendet.</translation>
    </message>
    <message>
        <source>Stopped waiting. The server continues replay job %1; its progress is in GET /api/dlq/stats (replayJobs).</source>
        <translation>Warten beendet. Der Server setzt den Wiederholungsauftrag %1 fort; sein Fortschritt steht in GET /api/dlq/stats (replayJobs).</translation>
    </message>
    <message>
        <source>Stopped waiting. The server still completes the request that was sent.</source>
        <translation>Warten beendet. Der Server führt die gesendete Anfrage trotzdem aus.</translation>
    </message>
</context>
<context>
    <name>orrery::DlqReplayModel</name>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>Bulk job</source>
        <translation>Sammelauftrag</translation>
    </message>
    <message>
        <source>Replayed task</source>
        <translation>Wiederholter Task</translation>
    </message>
    <message>
        <source>New task</source>
        <translation>Neuer Task</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
</context>
<context>
    <name>orrery::DlqReportDialog</name>
    <message>
        <source>Copy report</source>
        <translation>Bericht kopieren</translation>
    </message>
</context>
<context>
    <name>orrery::DlqResultModel</name>
    <message>
        <source>Entry</source>
        <translation>Eintrag</translation>
    </message>
    <message>
        <source>Task type</source>
        <translation>Task-Typ</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detail</translation>
    </message>
</context>
<context>
    <name>orrery::DlqView</name>
    <message>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <source>Cannot load the dead-letter queue: %1</source>
        <translation>Die Dead-Letter-Queue kann nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>newest %1 of %2 matching</source>
        <translation>neueste %1 von %2 Treffern</translation>
    </message>
    <message>
        <source>%1 matching</source>
        <translation>%1 Treffer</translation>
    </message>
    <message>
        <source>The selected entries (%1).</source>
        <translation>Die ausgewählten Einträge (%1).</translation>
    </message>
    <message>
        <source>Everything matching the filter: %1.</source>
        <translation>Alle Treffer des Filters: %1.</translation>
    </message>
    <message>
        <source>Replay report</source>
        <translation>Bericht der Wiederholung</translation>
    </message>
    <message>
        <source>Purge report</source>
        <translation>Bericht des Löschens</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>Zähle…</translation>
    </message>
    <message>
        <source>Nothing to replay: no DEAD entry matches (only DEAD entries can be replayed).</source>
        <translation>Nichts zu wiederholen: kein DEAD-Eintrag passt (nur DEAD-Einträge können wiederholt werden).</translation>
    </message>
    <message>
        <source>Nothing to purge: no entry matches.</source>
        <translation>Nichts zu löschen: kein Eintrag passt.</translation>
    </message>
    <message>
        <source>1 entry will be replayed.</source>
        <translation>1 Eintrag wird wiederholt.</translation>
    </message>
    <message>
        <source>%1 entries will be replayed.</source>
        <translation>%1 Einträge werden wiederholt.</translation>
    </message>
    <message>
        <source>1 entry will be purged.</source>
        <translation>1 Eintrag wird gelöscht.</translation>
    </message>
    <message>
        <source>%1 entries will be purged.</source>
        <translation>%1 Einträge werden gelöscht.</translation>
    </message>
    <message>
        <source>Replay dead letters</source>
        <translation>Dead Letters wiederholen</translation>
    </message>
    <message>
        <source>Purge dead letters</source>
        <translation>Dead Letters löschen</translation>
    </message>
    <message>
        <source>at most %1 per second</source>
        <translation>höchstens %1 pro Sekunde</translation>
    </message>
    <message>
        <source>without a rate limit</source>
        <translation>ohne Ratenbegrenzung</translation>
    </message>
    <message>
        <source>Each runs again as a new attempt in its workflow, %1.</source>
        <translation>Jeder läuft erneut als neuer Versuch in seinem Workflow, %1.</translation>
    </message>
    <message>
        <source>Purged entries and their history are gone for good.</source>
        <translation>Gelöschte Einträge und ihr Verlauf sind endgültig weg.</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Purge</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Replaying %v / %m</source>
        <translation>Wiederhole %v / %m</translation>
    </message>
    <message>
        <source>Purging %v / %m</source>
        <translation>Lösche %v / %m</translation>
    </message>
</context>
<context>
    <name>orrery::EngineClient</name>
    <message>
        <source>admin</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>Needs the %1 role; your token is a %2 token.</source>
        <translation>Erfordert die Rolle %1; Ihr Token hat die Rolle %2.</translation>
    </message>
    <message>
        <source>Remote execution: act on it on the Conductor server</source>
        <translation>Entfernte Ausführung: auf dem Conductor-Server bearbeiten</translation>
    </message>
    <message>
        <source>Remote executions: %1</source>
        <translation>Entfernte Ausführungen: %1</translation>
    </message>
</context>
<context>
    <name>orrery::ExecutionActions</name>
    <message>
        <source>Retry workflow</source>
        <translation>Workflow wiederholen</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Rerun workflow</source>
        <translation>Workflow neu ausführen</translation>
    </message>
    <message>
        <source>Rerun</source>
        <translation>Neu ausführen</translation>
    </message>
    <message>
        <source>Rerun from this task</source>
        <translation>Ab diesem Task neu ausführen</translation>
    </message>
    <message>
        <source>Pause workflow</source>
        <translation>Workflow anhalten</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Resume workflow</source>
        <translation>Workflow fortsetzen</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Terminate workflow…</source>
        <translation>Workflow beenden…</translation>
    </message>
    <message>
        <source>Terminate…</source>
        <translation>Beenden…</translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <source>Ctrl+P</source>
        <translation>Ctrl+P</translation>
    </message>
    <message>
        <source>Ctrl+Shift+P</source>
        <translation>Ctrl+Shift+P</translation>
    </message>
    <message>
        <source>Select a row first.</source>
        <translation>Wählen Sie zuerst eine Zeile aus.</translation>
    </message>
    <message>
        <source>Not possible while the %1 is %2.</source>
        <translation>Nicht möglich, solange %1 den Status %2 hat.</translation>
    </message>
    <message>
        <source>task</source>
        <translation>der Task</translation>
    </message>
    <message>
        <source>workflow</source>
        <translation>der Workflow</translation>
    </message>
    <message>
        <source>Terminated from the console</source>
        <translation>In der Konsole beendet</translation>
    </message>
    <message>
        <source>Terminate workflow</source>
        <translation>Workflow beenden</translation>
    </message>
    <message>
        <source>Terminate workflow %1? Its open tasks are canceled.
Reason:</source>
        <translation>Workflow %1 beenden? Seine offenen Tasks werden abgebrochen.
Grund:</translation>
    </message>
    <message>
        <source>Run workflow %1 again from the start? Its tasks are dropped.</source>
        <translation>Workflow %1 von vorn neu ausführen? Seine Tasks werden verworfen.</translation>
    </message>
    <message>
        <source>Rerun workflow %1 from this task? Every task after it is dropped.</source>
        <translation>Workflow %1 ab diesem Task neu ausführen? Alle späteren Tasks werden verworfen.</translation>
    </message>
    <message>
        <source>%1: done for workflow %2.</source>
        <translation>%1: für Workflow %2 erledigt.</translation>
    </message>
    <message>
        <source>%1 failed for workflow %2: %3</source>
        <translation>%1 für Workflow %2 fehlgeschlagen: %3</translation>
    </message>
</context>
<context>
    <name>orrery::ExecutionDetailPane</name>
    <message>
        <source>Copy as curl</source>
        <translation>Als curl kopieren</translation>
    </message>
    <message>
        <source>%1 as curl</source>
        <translation>%1 als curl</translation>
    </message>
    <message>
        <source>Working on workflow %1…</source>
        <translation>Workflow %1 wird bearbeitet…</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>Tasks and attempts</source>
        <translation>Tasks und Versuche</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>%1 wird geladen…</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Task graph</source>
        <translation>Task-Graph</translation>
    </message>
    <message>
        <source>Remote execution on %1 (read-only)</source>
        <translation>Entfernte Ausführung auf %1 (nur lesen)</translation>
    </message>
</context>
<context>
    <name>orrery::ExecutionsView</name>
    <message>
        <source>All statuses</source>
        <translation>Alle Status</translation>
    </message>
    <message>
        <source>All types</source>
        <translation>Alle Typen</translation>
    </message>
    <message>
        <source>Text…</source>
        <translation>Text…</translation>
    </message>
    <message>
        <source>Workflow id…</source>
        <translation>Workflow-ID…</translation>
    </message>
    <message>
        <source>Task id…</source>
        <translation>Task-ID…</translation>
    </message>
    <message>
        <source>%1 of %2 shown</source>
        <translation>%1 von %2 angezeigt</translation>
    </message>
    <message>
        <source>All projects</source>
        <translation>Alle Projekte</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>Beliebige Zeit</translation>
    </message>
    <message>
        <source>Updated in the last 15 min</source>
        <translation>In den letzten 15 Min. geändert</translation>
    </message>
    <message>
        <source>Updated in the last hour</source>
        <translation>In der letzten Stunde geändert</translation>
    </message>
    <message>
        <source>Updated in the last 24 h</source>
        <translation>In den letzten 24 Std. geändert</translation>
    </message>
    <message>
        <source>Selected</source>
        <translation>Auswahl</translation>
    </message>
</context>
<context>
    <name>orrery::JobDefinitionForm</name>
    <message>
        <source>No limit</source>
        <translation>Keine Grenze</translation>
    </message>
    <message>
        <source>Not before</source>
        <translation>Nicht vor</translation>
    </message>
    <message>
        <source>Not after</source>
        <translation>Nicht nach</translation>
    </message>
    <message>
        <source>Create paused</source>
        <translation>Pausiert anlegen</translation>
    </message>
    <message>
        <source>generated when empty</source>
        <translation>wird erzeugt, wenn leer</translation>
    </message>
    <message>
        <source>Cron rule</source>
        <translation>Cron-Regel</translation>
    </message>
    <message>
        <source>Fixed interval</source>
        <translation>Festes Intervall</translation>
    </message>
    <message>
        <source>Once, at a date</source>
        <translation>Einmalig, zu einem Zeitpunkt</translation>
    </message>
    <message>
        <source>e.g. 30 2 * * * or 0 9 * * mon-fri</source>
        <translation>z. B. 30 2 * * * oder 0 9 * * mon-fri</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>latest</source>
        <translation>neueste</translation>
    </message>
    <message>
        <source>latest — run once for the newest missed time</source>
        <translation>latest — einmal für den neuesten verpassten Zeitpunkt</translation>
    </message>
    <message>
        <source>earliest — run once for the oldest missed time</source>
        <translation>earliest — einmal für den ältesten verpassten Zeitpunkt</translation>
    </message>
    <message>
        <source>all — run every missed time</source>
        <translation>all — jeden verpassten Zeitpunkt ausführen</translation>
    </message>
    <message>
        <source>unlimited</source>
        <translation>unbegrenzt</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>Zeitzone</translation>
    </message>
    <message>
        <source>Every</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Run at (local time)</source>
        <translation>Ausführen am (Ortszeit)</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Trigger</source>
        <translation>Auslöser</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Zeitplan</translation>
    </message>
    <message>
        <source>Next 5 runs</source>
        <translation>Nächste 5 Läufe</translation>
    </message>
    <message>
        <source>Workflow</source>
        <translation>Workflow</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Input (JSON object)</source>
        <translation>Eingabe (JSON-Objekt)</translation>
    </message>
    <message>
        <source>Misfire grace</source>
        <translation>Toleranz bei Verspätung</translation>
    </message>
    <message>
        <source>Coalesce missed runs</source>
        <translation>Verpasste Läufe zusammenfassen</translation>
    </message>
    <message>
        <source>Max instances</source>
        <translation>Max. Instanzen</translation>
    </message>
    <message>
        <source>Jitter</source>
        <translation>Jitter</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Ende</translation>
    </message>
    <message>
        <source>name: is required.</source>
        <translation>name: ist erforderlich.</translation>
    </message>
    <message>
        <source>id: 1-64 letters, digits, &apos;_&apos;, &apos;.&apos;, &apos;-&apos;, starting with a letter or digit.</source>
        <translation>id: 1–64 Buchstaben, Ziffern, &apos;_&apos;, &apos;.&apos;, &apos;-&apos;, beginnend mit einem Buchstaben oder einer Ziffer.</translation>
    </message>
    <message>
        <source>trigger.expression: is required, e.g. 30 2 * * *.</source>
        <translation>trigger.expression: ist erforderlich, z. B. 30 2 * * *.</translation>
    </message>
    <message>
        <source>trigger.timezone: is required, e.g. Europe/Berlin or UTC.</source>
        <translation>trigger.timezone: ist erforderlich, z. B. Europe/Berlin oder UTC.</translation>
    </message>
    <message>
        <source>target.name: pick the workflow to start.</source>
        <translation>target.name: Wählen Sie den zu startenden Workflow.</translation>
    </message>
    <message>
        <source>target.input: %1 at line %2, column %3.</source>
        <translation>target.input: %1 in Zeile %2, Spalte %3.</translation>
    </message>
    <message>
        <source>target.input: must be a JSON object ({…}).</source>
        <translation>target.input: muss ein JSON-Objekt sein ({…}).</translation>
    </message>
    <message>
        <source>endDate: must not be before the start.</source>
        <translation>endDate: darf nicht vor dem Beginn liegen.</translation>
    </message>
</context>
<context>
    <name>orrery::JobDetailPane</name>
    <message>
        <source>%1 (%2 runs, until %3)</source>
        <translation>%1 (%2 Läufe, bis %3)</translation>
    </message>
    <message>
        <source>manual</source>
        <translation>manuell</translation>
    </message>
    <message>
        <source>scheduled</source>
        <translation>geplant</translation>
    </message>
    <message>
        <source>Scheduled for</source>
        <translation>Geplant für</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Fired</source>
        <translation>Ausgelöst</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Beendet</translation>
    </message>
    <message>
        <source>Workflow id</source>
        <translation>Workflow-ID</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Recent runs (newest first)</source>
        <translation>Letzte Läufe (neueste zuerst)</translation>
    </message>
    <message>
        <source>Next run: %1 · Last run: %2</source>
        <translation>Nächster Lauf: %1 · Letzter Lauf: %2</translation>
    </message>
    <message>
        <source>Starts %1 · %2</source>
        <translation>Startet %1 · %2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>orrery::JobEditorDialog</name>
    <message>
        <source>Edit job %1</source>
        <translation>Job %1 bearbeiten</translation>
    </message>
    <message>
        <source>Add job</source>
        <translation>Job hinzufügen</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Could not load the workflow names: %1</source>
        <translation>Die Workflow-Namen konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <source> — skips wall times missing at a DST change</source>
        <translation> — überspringt Uhrzeiten, die bei einer Zeitumstellung fehlen</translation>
    </message>
    <message>
        <source> — this rule never fires</source>
        <translation> — diese Regel löst nie aus</translation>
    </message>
    <message>
        <source>Every %1</source>
        <translation>Alle %1</translation>
    </message>
    <message>
        <source>Once, at %1</source>
        <translation>Einmalig, am %1</translation>
    </message>
    <message>
        <source> — in the past: it runs at once if within the misfire grace, else it is recorded as missed</source>
        <translation> — in der Vergangenheit: Der Lauf startet sofort, wenn er innerhalb der Verspätungstoleranz liegt, sonst wird er als verpasst vermerkt</translation>
    </message>
</context>
<context>
    <name>orrery::JobTableModel</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 T %2 h</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1 T</translation>
    </message>
    <message>
        <source>now</source>
        <translation>jetzt</translation>
    </message>
    <message>
        <source>in %1</source>
        <translation>in %1</translation>
    </message>
    <message>
        <source>%1 ago</source>
        <translation>vor %1</translation>
    </message>
    <message>
        <source>Cron %1 (%2)</source>
        <translation>Cron %1 (%2)</translation>
    </message>
    <message>
        <source>Every %1 s</source>
        <translation>Alle %1 s</translation>
    </message>
    <message>
        <source>Once at %1</source>
        <translation>Einmal am %1</translation>
    </message>
    <message>
        <source>grace %1 s</source>
        <translation>Toleranz %1 s</translation>
    </message>
    <message>
        <source>no grace limit</source>
        <translation>keine Toleranzgrenze</translation>
    </message>
    <message>
        <source>unlimited instances</source>
        <translation>unbegrenzte Instanzen</translation>
    </message>
    <message>
        <source>max %1</source>
        <translation>max. %1</translation>
    </message>
    <message>
        <source>jitter %1 s</source>
        <translation>Jitter %1 s</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>pausiert</translation>
    </message>
    <message>
        <source>— (flagged)</source>
        <translation>— (markiert)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>scheduled</source>
        <translation>geplant</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>beendet</translation>
    </message>
    <message>
        <source>flagged</source>
        <translation>markiert</translation>
    </message>
    <message>
        <source>%1 (built-in)</source>
        <translation>%1 (eingebaut)</translation>
    </message>
    <message>
        <source>%1 v%2</source>
        <translation>%1 v%2</translation>
    </message>
    <message>
        <source>Planned with jitter: %1</source>
        <translation>Mit Jitter geplant: %1</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Zeitplan</translation>
    </message>
    <message>
        <source>Next run</source>
        <translation>Nächster Lauf</translation>
    </message>
    <message>
        <source>Last run</source>
        <translation>Letzter Lauf</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>Zeitzone</translation>
    </message>
    <message>
        <source>Workflow</source>
        <translation>Workflow</translation>
    </message>
    <message>
        <source>Misfire · coalesce · instances</source>
        <translation>Verspätung · Zusammenfassen · Instanzen</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
</context>
<context>
    <name>orrery::JobsToolBar</name>
    <message>
        <source>Add…</source>
        <translation>Hinzufügen…</translation>
    </message>
    <message>
        <source>Add a scheduled job</source>
        <translation>Einen geplanten Job hinzufügen</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Bearbeiten…</translation>
    </message>
    <message>
        <source>Change the selected job&apos;s schedule, workflow or policies</source>
        <translation>Zeitplan, Workflow oder Richtlinien des ausgewählten Jobs ändern</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausieren</translation>
    </message>
    <message>
        <source>Stop firing the selected job until it is resumed</source>
        <translation>Den ausgewählten Job nicht mehr auslösen, bis er fortgesetzt wird</translation>
    </message>
    <message>
        <source>Resume…</source>
        <translation>Fortsetzen…</translation>
    </message>
    <message>
        <source>Resume the selected job: catch up missed runs or continue from now</source>
        <translation>Den ausgewählten Job fortsetzen: verpasste Läufe nachholen oder ab jetzt weitermachen</translation>
    </message>
    <message>
        <source>Run now</source>
        <translation>Jetzt ausführen</translation>
    </message>
    <message>
        <source>Start the job&apos;s workflow once, now, without changing its schedule</source>
        <translation>Den Workflow des Jobs jetzt einmal starten, ohne den Zeitplan zu ändern</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Löschen…</translation>
    </message>
    <message>
        <source>Delete the selected job and its run history</source>
        <translation>Den ausgewählten Job und seinen Laufverlauf löschen</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <source>Load the jobs again</source>
        <translation>Die Jobs neu laden</translation>
    </message>
    <message>
        <source>Copy as curl</source>
        <translation>Als curl kopieren</translation>
    </message>
    <message>
        <source>Copy the selected job&apos;s request (or the list request) as a curl command</source>
        <translation>Die Anfrage des ausgewählten Jobs (oder die Listenanfrage) als curl-Befehl kopieren</translation>
    </message>
    <message>
        <source>List jobs</source>
        <translation>Jobs auflisten</translation>
    </message>
    <message>
        <source>Selected job with runs</source>
        <translation>Ausgewählter Job mit Läufen</translation>
    </message>
    <message>
        <source>Resume (catch up missed runs)</source>
        <translation>Fortsetzen (verpasste Läufe nachholen)</translation>
    </message>
    <message>
        <source>Update (PUT the definition)</source>
        <translation>Aktualisieren (Definition per PUT)</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
</context>
<context>
    <name>orrery::JobsView</name>
    <message>
        <source>Loading the jobs failed: %1</source>
        <translation>Laden der Jobs fehlgeschlagen: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n job(s)</source>
        <translation>
            <numerusform>%n Job</numerusform>
            <numerusform>%n Jobs</numerusform>
        </translation>
    </message>
    <message>
        <source>Resume job</source>
        <translation>Job fortsetzen</translation>
    </message>
    <message>
        <source>Resume “%1”. What should happen to the runs that fell due while it was paused?</source>
        <translation>„%1“ fortsetzen. Was soll mit den Läufen geschehen, die während der Pause fällig wurden?</translation>
    </message>
    <message>
        <source>Catch up: the overdue runs go through the job&apos;s misfire grace and coalescing now.</source>
        <translation>Nachholen: Die überfälligen Läufe durchlaufen jetzt die Verspätungstoleranz und das Zusammenfassen des Jobs.</translation>
    </message>
    <message>
        <source>From now: they are recorded as missed, and the job continues with its next time after now.</source>
        <translation>Ab jetzt: Sie werden als verpasst vermerkt, und der Job macht mit seinem nächsten Zeitpunkt nach jetzt weiter.</translation>
    </message>
    <message>
        <source>Catch up missed runs</source>
        <translation>Verpasste Läufe nachholen</translation>
    </message>
    <message>
        <source>Continue from now</source>
        <translation>Ab jetzt weitermachen</translation>
    </message>
    <message>
        <source>Delete job</source>
        <translation>Job löschen</translation>
    </message>
    <message>
        <source>Delete “%1” (%2) and its run history? This cannot be undone.</source>
        <translation>„%1“ (%2) und seinen Laufverlauf löschen? Das kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
</context>
<context>
    <name>orrery::LocalEngineClient</name>
    <message>
        <source>Starting the local engine in %1</source>
        <translation>Lokale Engine wird in %1 gestartet</translation>
    </message>
    <message>
        <source>The local engine did not start: %1</source>
        <translation>Die lokale Engine ist nicht gestartet: %1</translation>
    </message>
    <message>
        <source>The local engine could not issue a console token: %1</source>
        <translation>Die lokale Engine konnte kein Konsolen-Token ausstellen: %1</translation>
    </message>
    <message>
        <source>Local engine (%1)</source>
        <translation>Lokale Engine (%1)</translation>
    </message>
    <message>
        <source>Local engine (stopped)</source>
        <translation>Lokale Engine (gestoppt)</translation>
    </message>
    <message>
        <source>engine events, batched</source>
        <translation>Engine-Ereignisse, gebündelt</translation>
    </message>
</context>
<context>
    <name>orrery::MainWindow</name>
    <message>
        <source>Orrery</source>
        <translation>Orrery</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Workflows</source>
        <translation>Workflows</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Tasks</translation>
    </message>
    <message>
        <source>&amp;Connect…</source>
        <translation>&amp;Verbinden…</translation>
    </message>
    <message>
        <source>Ctrl+K</source>
        <translation>Ctrl+K</translation>
    </message>
    <message>
        <source>&amp;Start workflow…</source>
        <translation>Workflow &amp;starten…</translation>
    </message>
    <message>
        <source>Ctrl+N</source>
        <translation>Ctrl+N</translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation>&amp;Neu laden</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Haupt</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Nicht verbunden</translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation>Verbindung wird aufgebaut</translation>
    </message>
    <message>
        <source>Connected: %1 (live: %2)</source>
        <translation>Verbunden: %1 (live: %2)</translation>
    </message>
    <message>
        <source>Reconnecting</source>
        <translation>Verbindung wird wiederhergestellt</translation>
    </message>
    <message>
        <source>Started workflow %1</source>
        <translation>Workflow %1 gestartet</translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>Jobs</translation>
    </message>
    <message>
        <source>Dead letters</source>
        <translation>Dead Letters</translation>
    </message>
    <message>
        <source>Breakers</source>
        <translation>Schutzschalter</translation>
    </message>
    <message>
        <source>Workers</source>
        <translation>Worker</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>Audit</translation>
    </message>
    <message>
        <source>Show Orrery</source>
        <translation>Orrery anzeigen</translation>
    </message>
    <message>
        <source>Role: %1</source>
        <translation>Rolle: %1</translation>
    </message>
    <message>
        <source>The language changes the next time Orrery starts.</source>
        <translation>Die Sprache ändert sich beim nächsten Start von Orrery.</translation>
    </message>
    <message>
        <source>Start a workflow</source>
        <translation>Einen Workflow starten</translation>
    </message>
    <message>
        <source>Start a workflow — %1</source>
        <translation>Einen Workflow starten — %1</translation>
    </message>
</context>
<context>
    <name>orrery::OperatingFiguresPanel</name>
    <message>
        <source>Task success</source>
        <translation>Erfolgsquote der Tasks</translation>
    </message>
    <message>
        <source>≥ 99 %</source>
        <translation>≥ 99 %</translation>
    </message>
    <message>
        <source>Retries per task</source>
        <translation>Wiederholungen pro Task</translation>
    </message>
    <message>
        <source>&lt; 1.5</source>
        <translation>&lt; 1,5</translation>
    </message>
    <message>
        <source>Dead-lettered tasks</source>
        <translation>Tasks in der Dead-Letter-Queue</translation>
    </message>
    <message>
        <source>&lt; 5 per day</source>
        <translation>&lt; 5 pro Tag</translation>
    </message>
    <message>
        <source>Scheduled job uptime</source>
        <translation>Verfügbarkeit geplanter Jobs</translation>
    </message>
    <message>
        <source>≥ 99.9 %</source>
        <translation>≥ 99,9 %</translation>
    </message>
    <message>
        <source>WebSocket latency p95</source>
        <translation>WebSocket-Latenz p95</translation>
    </message>
    <message>
        <source>&lt; 200 ms</source>
        <translation>&lt; 200 ms</translation>
    </message>
    <message>
        <source>Breaker trips</source>
        <translation>Auslösungen der Schutzschalter</translation>
    </message>
    <message>
        <source>&lt; 2 % of calls</source>
        <translation>&lt; 2 % der Aufrufe</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>Kennzahl</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Letzte Stunde</translation>
    </message>
    <message>
        <source>Last 24 h</source>
        <translation>Letzte 24 Std.</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Bewertung</translation>
    </message>
    <message>
        <source>no data yet</source>
        <translation>noch keine Daten</translation>
    </message>
    <message>
        <source>Live (from the event stream and the server)</source>
        <translation>Live (aus dem Ereignisstrom und vom Server)</translation>
    </message>
    <message>
        <source>Retries, 15 min</source>
        <translation>Wiederholungen, 15 Min.</translation>
    </message>
    <message>
        <source>DLQ depth</source>
        <translation>DLQ-Tiefe</translation>
    </message>
    <message>
        <source>Breakers open / trips, 15 min</source>
        <translation>Schutzschalter offen / Auslösungen, 15 Min.</translation>
    </message>
    <message>
        <source>Scheduler lateness p99 / max, 15 min</source>
        <translation>Verspätung des Schedulers p99 / max, 15 Min.</translation>
    </message>
    <message>
        <source>Jobs fired / missed, 15 min</source>
        <translation>Jobs ausgelöst / verpasst, 15 Min.</translation>
    </message>
    <message>
        <source>Event delay to the console p95, 1 min</source>
        <translation>Ereignisverzögerung bis zur Konsole p95, 1 Min.</translation>
    </message>
    <message>
        <source>Operating figures and targets</source>
        <translation>Betriebskennzahlen und Ziele</translation>
    </message>
    <message>
        <source>Operating figures unavailable: %1</source>
        <translation>Betriebskennzahlen nicht verfügbar: %1</translation>
    </message>
    <message>
        <source>the dead-letter queue is not served by this server</source>
        <translation>dieser Server stellt keine Dead-Letter-Queue bereit</translation>
    </message>
    <message>
        <source>%1 trips/h</source>
        <translation>%1 Auslösungen/h</translation>
    </message>
    <message>
        <source>no data</source>
        <translation>keine Daten</translation>
    </message>
    <message>
        <source>no data: no breaker call since the server started</source>
        <translation>keine Daten: seit dem Serverstart kein Aufruf über einen Schutzschalter</translation>
    </message>
    <message>
        <source>met: %1 of %2 calls since the server started</source>
        <translation>erreicht: %1 von %2 Aufrufen seit dem Serverstart</translation>
    </message>
    <message>
        <source>missed: %1 of %2 calls since the server started</source>
        <translation>verfehlt: %1 von %2 Aufrufen seit dem Serverstart</translation>
    </message>
    <message>
        <source>no data: %1</source>
        <translation>keine Daten: %1</translation>
    </message>
    <message>
        <source>met</source>
        <translation>erreicht</translation>
    </message>
    <message>
        <source>missed</source>
        <translation>verfehlt</translation>
    </message>
</context>
<context>
    <name>orrery::PoolTypeModel</name>
    <message>
        <source>Task type</source>
        <translation>Task-Typ</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>Limit</translation>
    </message>
    <message>
        <source>In flight</source>
        <translation>In Arbeit</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Laufend</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>Wartend</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Failed (terminal)</source>
        <translation>Fehlgeschlagen (endgültig)</translation>
    </message>
</context>
<context>
    <name>orrery::RemoteEngineClient</name>
    <message>
        <source>Connecting to %1</source>
        <translation>Verbindung zu %1 wird aufgebaut</translation>
    </message>
    <message>
        <source>REST polling every %1 ms</source>
        <translation>REST-Abfrage alle %1 ms</translation>
    </message>
    <message>
        <source>Connected to %1 (server %2)</source>
        <translation>Verbunden mit %1 (Server %2)</translation>
    </message>
    <message>
        <source>%1 — retrying in %2 s</source>
        <translation>%1 — neuer Versuch in %2 s</translation>
    </message>
    <message>
        <source>live events from the Socket.IO hub (%1)</source>
        <translation>Live-Ereignisse vom Socket.IO-Hub (%1)</translation>
    </message>
    <message>
        <source>%1 Polling the REST API instead.</source>
        <translation>%1 Stattdessen wird die REST-API abgefragt.</translation>
    </message>
    <message>
        <source>Socket.IO hub %1, batched</source>
        <translation>Socket.IO-Hub %1, gebündelt</translation>
    </message>
</context>
<context>
    <name>orrery::RestApi</name>
    <message>
        <source>Cannot reach %1: %2</source>
        <translation>%1 ist nicht erreichbar: %2</translation>
    </message>
    <message>
        <source>The server refused the token (401): %1</source>
        <translation>Der Server hat das Token abgelehnt (401): %1</translation>
    </message>
    <message>
        <source>%1 %2 failed with HTTP %3: %4</source>
        <translation>%1 %2 ist mit HTTP %3 fehlgeschlagen: %4</translation>
    </message>
</context>
<context>
    <name>orrery::SettingsDialog</name>
    <message>
        <source>Show tray notifications for DLQ alerts and breaker trips</source>
        <translation>Benachrichtigungen im Infobereich für DLQ-Warnungen und ausgelöste Schutzschalter</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Wie das System</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>The language changes the next time Orrery starts.</source>
        <translation>Die Sprache ändert sich beim nächsten Start von Orrery.</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Sprache:</translation>
    </message>
    <message>
        <source>Colours:</source>
        <translation>Farben:</translation>
    </message>
</context>
<context>
    <name>orrery::SocketIoEventStream</name>
    <message>
        <source>The live event stream closed (%1).</source>
        <translation>Der Live-Ereignisstrom wurde geschlossen (%1).</translation>
    </message>
    <message>
        <source>The live event stream could not be opened: %1</source>
        <translation>Der Live-Ereignisstrom konnte nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>The live event stream refused the token: %1</source>
        <translation>Der Live-Ereignisstrom hat das Token abgelehnt: %1</translation>
    </message>
    <message>
        <source>The server closed the live event stream.</source>
        <translation>Der Server hat den Live-Ereignisstrom geschlossen.</translation>
    </message>
</context>
<context>
    <name>orrery::StartWorkflowDialog</name>
    <message>
        <source>Start workflow</source>
        <translation>Workflow starten</translation>
    </message>
    <message>
        <source>Workflow</source>
        <translation>Workflow</translation>
    </message>
    <message>
        <source>Input (JSON object)</source>
        <translation>Eingabe (JSON-Objekt)</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Choose a workflow.</source>
        <translation>Bitte einen Workflow wählen.</translation>
    </message>
    <message>
        <source>The input is not valid JSON: %1 at offset %2.</source>
        <translation>Die Eingabe ist kein gültiges JSON: %1 an Position %2.</translation>
    </message>
    <message>
        <source>The input must be a JSON object.</source>
        <translation>Die Eingabe muss ein JSON-Objekt sein.</translation>
    </message>
    <message>
        <source>Starting %1…</source>
        <translation>%1 wird gestartet…</translation>
    </message>
</context>
<context>
    <name>orrery::TaskTableModel</name>
    <message>
        <source>Task id</source>
        <translation>Task-ID</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Referenz</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Wiederholung</translation>
    </message>
    <message>
        <source>Workflow id</source>
        <translation>Workflow-ID</translation>
    </message>
    <message>
        <source>Worker</source>
        <translation>Worker</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Aktualisiert</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
</context>
<context>
    <name>orrery::TaskTreeModel</name>
    <message>
        <source>Branch %1</source>
        <translation>Zweig %1</translation>
    </message>
    <message>
        <source>Case %1</source>
        <translation>Fall %1</translation>
    </message>
    <message>
        <source>Default case</source>
        <translation>Standardfall</translation>
    </message>
    <message>
        <source>Iteration %1</source>
        <translation>Durchlauf %1</translation>
    </message>
    <message>
        <source>Other tasks</source>
        <translation>Weitere Tasks</translation>
    </message>
    <message>
        <source>not scheduled</source>
        <translation>nicht eingeplant</translation>
    </message>
    <message>
        <source>%1 has not been scheduled.</source>
        <translation>%1 wurde noch nicht eingeplant.</translation>
    </message>
    <message>
        <source>%1 (%2): %3, task %4</source>
        <translation>%1 (%2): %3, Task %4</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Task</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
</context>
<context>
    <name>orrery::TokenVault</name>
    <message>
        <source>No system keychain is available (%1). The token is kept for this session only and will have to be entered again next time.</source>
        <translation>Kein Schlüsselbund des Systems verfügbar (%1). Das Token wird nur für diese Sitzung behalten und muss beim nächsten Mal erneut eingegeben werden.</translation>
    </message>
    <message>
        <source>The token is stored in the system keychain.</source>
        <translation>Das Token ist im Schlüsselbund des Systems gespeichert.</translation>
    </message>
    <message>
        <source>No token is saved for %1.</source>
        <translation>Für %1 ist kein Token gespeichert.</translation>
    </message>
</context>
<context>
    <name>orrery::TrayNotifier</name>
    <message>
        <source>Orrery</source>
        <translation>Orrery</translation>
    </message>
    <message>
        <source>%1 entries in the dead-letter queue (alert threshold %2).</source>
        <translation>%1 Einträge in der Dead-Letter-Queue (Warnschwelle %2).</translation>
    </message>
    <message>
        <source>Dead-letter queue alert: %1</source>
        <translation>Warnung der Dead-Letter-Queue: %1</translation>
    </message>
    <message>
        <source>Circuit breaker %1 opened.</source>
        <translation>Schutzschalter %1 hat ausgelöst.</translation>
    </message>
    <message>
        <source>Circuit breaker %1 opened: %2</source>
        <translation>Schutzschalter %1 hat ausgelöst: %2</translation>
    </message>
    <message numerus="yes">
        <source>Orrery: %n alerts</source>
        <translation>
            <numerusform>Orrery: %n Warnung</numerusform>
            <numerusform>Orrery: %n Warnungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(and %n more)</source>
        <translation>
            <numerusform>(und %n weitere)</numerusform>
            <numerusform>(und %n weitere)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>orrery::WorkerTableModel</name>
    <message>
        <source>Worker</source>
        <translation>Worker</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Task types</source>
        <translation>Task-Typen</translation>
    </message>
    <message>
        <source>In flight</source>
        <translation>In Arbeit</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Laufend</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>Wartend</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>Kapazität</translation>
    </message>
    <message>
        <source>Last poll</source>
        <translation>Letzte Abfrage</translation>
    </message>
    <message>
        <source>Polls</source>
        <translation>Abfragen</translation>
    </message>
    <message>
        <source>Handed out</source>
        <translation>Ausgegeben</translation>
    </message>
    <message>
        <source>Local workers are handed tasks directly; they never poll.</source>
        <translation>Lokale Worker erhalten Tasks direkt; sie fragen nie ab.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Domains: %1</source>
        <translation>Domänen: %1</translation>
    </message>
    <message>
        <source>local pool</source>
        <translation>lokaler Pool</translation>
    </message>
    <message>
        <source>remote poller</source>
        <translation>entfernter Abfrager</translation>
    </message>
    <message>
        <source>(handed directly)</source>
        <translation>(direkt übergeben)</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
</context>
<context>
    <name>orrery::WorkersView</name>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Copy as curl</source>
        <translation>Als curl kopieren</translation>
    </message>
    <message>
        <source>Copies the list request (GET /api/conductor/workers) with the token as $ORRERY_TOKEN.</source>
        <translation>Kopiert die Listenabfrage (GET /api/conductor/workers) mit dem Token als $ORRERY_TOKEN.</translation>
    </message>
    <message>
        <source>Local pool by task type</source>
        <translation>Lokaler Pool nach Task-Typ</translation>
    </message>
    <message>
        <source>Could not load the workers: %1</source>
        <translation>Die Worker konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>Showing %1 of %2 workers.</source>
        <translation>%1 von %2 Workern angezeigt.</translation>
    </message>
    <message>
        <source>No local worker pool on this server (only remote pollers run tasks).</source>
        <translation>Kein lokaler Worker-Pool auf diesem Server (nur entfernte Abfrager führen Tasks aus).</translation>
    </message>
    <message>
        <source>&lt;b&gt;Local pool&lt;/b&gt; %1: %2 of %3 slots busy (%4 running), %5 queued; %6 completed, %7 failed; %8 blocking threads</source>
        <translation>&lt;b&gt;Lokaler Pool&lt;/b&gt; %1: %2 von %3 Plätzen belegt (%4 laufend), %5 wartend; %6 abgeschlossen, %7 fehlgeschlagen; %8 blockierende Threads</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>gestoppt</translation>
    </message>
</context>
<context>
    <name>orrery::WorkflowControlActions</name>
    <message>
        <source>Skip task</source>
        <translation>Task überspringen</translation>
    </message>
    <message>
        <source>Signal workflow…</source>
        <translation>Workflow signalisieren…</translation>
    </message>
    <message>
        <source>Signal…</source>
        <translation>Signalisieren…</translation>
    </message>
    <message>
        <source>Reset callbacks</source>
        <translation>Callbacks zurücksetzen</translation>
    </message>
    <message>
        <source>Terminate and remove workflow…</source>
        <translation>Workflow beenden und entfernen…</translation>
    </message>
    <message>
        <source>Terminate and remove…</source>
        <translation>Beenden und entfernen…</translation>
    </message>
    <message>
        <source>Pick a task in the task tree first.</source>
        <translation>Wählen Sie zuerst einen Task im Task-Graph aus.</translation>
    </message>
    <message>
        <source>Only a SCHEDULED or IN_PROGRESS task can be skipped; this one is %1.</source>
        <translation>Nur ein Task im Status SCHEDULED oder IN_PROGRESS kann übersprungen werden; dieser ist %1.</translation>
    </message>
    <message>
        <source>Tasks can be skipped only while the workflow is RUNNING; it is %1.</source>
        <translation>Tasks können nur übersprungen werden, solange der Workflow RUNNING ist; er ist %1.</translation>
    </message>
    <message>
        <source>Only a WAIT or HUMAN task is signaled; this one is %1.</source>
        <translation>Nur ein WAIT- oder HUMAN-Task wird signalisiert; dieser ist %1.</translation>
    </message>
    <message>
        <source>Not possible while the %1 is %2.</source>
        <translation>Nicht möglich, solange %1 %2 ist.</translation>
    </message>
    <message>
        <source>task</source>
        <translation>der Task</translation>
    </message>
    <message>
        <source>workflow</source>
        <translation>der Workflow</translation>
    </message>
    <message>
        <source>A COMPLETED workflow cannot be terminated; remove it instead.</source>
        <translation>Ein COMPLETED-Workflow kann nicht beendet werden; entfernen Sie ihn stattdessen.</translation>
    </message>
    <message>
        <source>Select a row first.</source>
        <translation>Wählen Sie zuerst eine Zeile aus.</translation>
    </message>
    <message>
        <source>Skip task %1 of workflow %2? It is recorded as SKIPPED and the workflow goes on.</source>
        <translation>Task %1 von Workflow %2 überspringen? Er wird als SKIPPED vermerkt und der Workflow läuft weiter.</translation>
    </message>
    <message>
        <source>Signal workflow</source>
        <translation>Workflow signalisieren</translation>
    </message>
    <message>
        <source>Complete the waiting WAIT or HUMAN task of workflow %1 with this output (a JSON object):</source>
        <translation>Den wartenden WAIT- oder HUMAN-Task von Workflow %1 mit dieser Ausgabe (ein JSON-Objekt) abschließen:</translation>
    </message>
    <message>
        <source>The output is not valid JSON at character %1: %2.</source>
        <translation>Die Ausgabe ist bei Zeichen %1 kein gültiges JSON: %2.</translation>
    </message>
    <message>
        <source>The output must be a JSON object ({…}).</source>
        <translation>Die Ausgabe muss ein JSON-Objekt sein ({…}).</translation>
    </message>
    <message>
        <source>Terminate and remove workflow</source>
        <translation>Workflow beenden und entfernen</translation>
    </message>
    <message>
        <source>Terminate workflow %1 and remove it with its tasks? This cannot be undone.
Reason:</source>
        <translation>Workflow %1 beenden und mit seinen Tasks entfernen? Das lässt sich nicht rückgängig machen.
Grund:</translation>
    </message>
    <message>
        <source>Removed from the console</source>
        <translation>In der Konsole entfernt</translation>
    </message>
    <message>
        <source>Signal not sent: the output must be a JSON object.</source>
        <translation>Signal nicht gesendet: Die Ausgabe muss ein JSON-Objekt sein.</translation>
    </message>
    <message>
        <source>%1: done for workflow %2.</source>
        <translation>%1: für Workflow %2 erledigt.</translation>
    </message>
    <message>
        <source>%1 failed for workflow %2: %3</source>
        <translation>%1 für Workflow %2 fehlgeschlagen: %3</translation>
    </message>
</context>
<context>
    <name>orrery::WorkflowTableModel</name>
    <message>
        <source>Workflow id</source>
        <translation>Workflow-ID</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Aktualisiert</translation>
    </message>
    <message>
        <source>Correlation id</source>
        <translation>Korrelations-ID</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Remote</source>
        <translation>Entfernt</translation>
    </message>
    <message>
        <source>Local</source>
        <translation>Lokal</translation>
    </message>
    <message>
        <source>Remote execution on the Conductor server, read through its API</source>
        <translation>Entfernte Ausführung auf dem Conductor-Server, über dessen API gelesen</translation>
    </message>
</context>
</TS>
