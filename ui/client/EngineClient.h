#pragma once

#include "DeltaBatch.h"
#include "core/Result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QUrlQuery>
#include <functional>

namespace orrery {

class RestApi;

// The only way the console's views reach an engine. Two implementations: LocalEngineClient (the
// engine in-process, in its own threads) and RemoteEngineClient (an orreryd over REST). Reads go
// through the REST API in both cases, so the views behave the same; live changes arrive as
// DeltaBatch signals at 10-20 Hz on the GUI thread. All callbacks run on the GUI thread.
class EngineClient : public QObject
{
    Q_OBJECT

public:
    enum class State { Disconnected, Connecting, Connected, Reconnecting };
    Q_ENUM(State)
    // What a route needs of the caller's token (the server's roles, ordered).
    enum class Access { Viewer = 1, Operator = 2, Admin = 3 };

    template<typename T>
    using Callback = std::function<void(Result<T>)>;

    explicit EngineClient(QObject *parent = nullptr);
    ~EngineClient() override;

    virtual void open() = 0;
    virtual void close() = 0;
    // "Local engine (http://127.0.0.1:8080)" / "https://host:8080"
    virtual QString description() const = 0;
    // How live updates arrive ("engine events", "REST polling every 1 s").
    virtual QString liveSource() const = 0;

    State state() const { return m_state; }

    // ---- reads (paged REST lists: {totalHits, results}) ----
    void searchWorkflows(const QUrlQuery &query, Callback<QJsonObject> cb);
    void searchTasks(const QUrlQuery &query, Callback<QJsonObject> cb);
    void workflow(const QString &workflowId, Callback<QJsonObject> cb);        // with tasks
    void task(const QString &taskId, Callback<QJsonObject> cb);                // with attempts
    // ---- remote executions (client mode: the Conductor server's, read through this engine) ----
    // Whether the engine is in Conductor client mode (GET /api/conductor/client, asked on every
    // resync); false until known and when the route is missing or says "off".
    bool clientMode() const { return m_clientMode; }
    // host:port of the Conductor server in client mode (empty otherwise).
    QString conductorServer() const { return m_conductorServer; }
    // GET /api/conductor/remote/workflow/search (start, size, sort, freeText, query): every row
    // marked "source": "remote".
    void searchRemoteWorkflows(const QUrlQuery &query, Callback<QJsonObject> cb);
    // GET /api/conductor/remote/workflow/{id} (with tasks), marked "source": "remote".
    void remoteWorkflow(const QString &workflowId, Callback<QJsonObject> cb);
    // Whether a row (summary or detail) is a remote execution ("source": "remote").
    static bool isRemote(const QJsonObject &row);
    // Why the actions on local executions are disabled for a remote one (tooltip text).
    static QString remoteActionReason();
    // The registered workflow names, each once, sorted.
    void workflowNames(Callback<QStringList> cb);
    // ---- actions ----
    void startWorkflow(const QString &name, const QJsonObject &input, Callback<QString> cb);
    // The curl line for the detail GET of a workflow or task ("Copy as curl").
    QString curlForWorkflow(const QString &workflowId) const;
    QString curlForTask(const QString &taskId) const;

    // ---- any route: GET/POST/PUT/DELETE with an optional JSON object, array or string body. The answer
    // is parsed as JSON; a text answer (a workflow id) comes back as a string, an empty one as null.
    void call(const QByteArray &method, const QString &path, const QUrlQuery &query, const QJsonValue &body,
              Callback<QJsonValue> cb);
    void get(const QString &path, const QUrlQuery &query, Callback<QJsonValue> cb) { call("GET", path, query, {}, std::move(cb)); }
    // The curl line that repeats a call (token as $ORRERY_TOKEN, never inline).
    QString curlFor(const QByteArray &method, const QString &path, const QUrlQuery &query = {}, const QJsonValue &body = {}) const;
    // One path segment, percent-encoded ("/api/dlq/" + segment(id)).
    static QString segment(const QString &value);

    // ---- the caller's role (GET /api/token/me once connected) ----
    // Empty until known; "admin", "operator" or "viewer".
    QString role() const { return m_role; }
    bool permits(Access access) const { return deniedReason(access).isEmpty(); }
    // Why an action needing `access` is disabled, in words for a tooltip; empty when allowed.
    QString deniedReason(Access access) const;

    // Loads the newest rows (up to `limit` workflows and tasks) and emits them as a resync batch.
    // In client mode the batch also holds the newest `limit` remote executions (marked remote).
    void resync(int limit = 1000);

Q_SIGNALS:
    void stateChanged(orrery::EngineClient::State state, const QString &detail);
    void deltas(const orrery::DeltaBatch &batch);
    void errorOccurred(const QString &message);
    void roleChanged(const QString &role);
    // The engine's Conductor client mode turned on or off (seen on a resync).
    void clientModeChanged(bool clientMode);

protected:
    void setState(State s, const QString &detail = {});
    RestApi *rest() const { return m_rest; }

private:
    void loadRole();

    RestApi *m_rest;
    QString m_role;
    bool m_clientMode = false;
    QString m_conductorServer;
    State m_state = State::Disconnected;
    quint64 m_resyncGeneration = 0;
};

} // namespace orrery
