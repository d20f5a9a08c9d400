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
        <source>Copy as curl</source>
        <translation>Als curl kopieren</translation>
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
        <source>Tasks and attempts</source>
        <translation>Tasks und Versuche</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>%1 of %2 shown</source>
        <translation>%1 von %2 angezeigt</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>%1 wird geladen…</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
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
</context>
</TS>
