#pragma once

#include "RawHttpClient.h"

#include "api/HttpApiServer.h"
#include "api/ServerModule.h"
#include "api/TokenService.h"

#include "store/Store.h"
#include "workflow/Engine.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <functional>
#include <memory>

namespace orrery::test {

using Headers = QList<QPair<QByteArray, QByteArray>>;

// A real Engine on a temporary SQLite store, a TokenService with one token per role, and an
// HttpApiServer on a free loopback port (instance "api-test").
class ApiFixture
{
public:
    ~ApiFixture();

    // Empty on success, else what failed. `options.http.instance` defaults to "api-test".
    QString start(ApiServerOptions options = {});
    // Before start(): the engine's clock (default: the system clock; must outlive the fixture),
    // and what runs after the server is made and before it listens, e.g. a server module adding
    // its routes (returns empty on success, else what failed).
    void setEngineClock(Clock *clock) { m_engineClock = clock; }
    // Before start(): the store's URL (default: orrery.db in the fixture's temporary directory),
    // e.g. a PostgreSQL database, or a file that a later fixture opens again (restart tests).
    void setStoreUrl(const QString &url) { m_storeUrl = url; }
    void setBeforeListen(std::function<QString()> beforeListen) { m_beforeListen = std::move(beforeListen); }
    // Before start(): starts `module` (not owned) on the fixture's store, engine, tokens and
    // server before the server listens; the caller stops it.
    void startModuleBeforeListen(ServerModule *module);

    quint16 port() const { return m_port; }
    // Auth headers: viewer and admin as "Authorization: Bearer", operator as the Conductor SDK's
    // "X-Authorization" header. The scoped* tokens are limited to project "alpha".
    Headers viewer, operatorAuth, admin;
    Headers scopedViewer, scopedOperator, scopedAdmin;
    QByteArray operatorSecret;

    Store *store() const { return m_store.get(); }
    Engine *engine() const { return m_engine.get(); }
    TokenService *tokens() const { return m_tokens.get(); }
    HttpApiServer *server() const { return m_server.get(); }
    QString dataDir() const { return m_dir.path(); }

    RawResponse call(const QByteArray &method, const QByteArray &target, const Headers &auth,
                     const QByteArray &body = {}) const;
    // Registers (once) and starts api_wf, two SIMPLE tasks of type api_t; returns its id.
    QString startTwoTaskWorkflow() const;
    // Polls api_t until its queue is empty.
    void drain(const QByteArray &taskType) const;

    static const QByteArray kTwoTaskWorkflow;

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<TokenService> m_tokens;
    std::unique_ptr<HttpApiServer> m_server;
    Clock *m_engineClock = nullptr;
    QString m_storeUrl;
    std::function<QString()> m_beforeListen;
    quint16 m_port = 0;
};

inline QJsonObject obj(const RawResponse &r) { return r.json().object(); }
inline QJsonArray arr(const RawResponse &r) { return r.json().array(); }

} // namespace orrery::test
