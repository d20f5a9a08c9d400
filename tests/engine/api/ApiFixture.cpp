#include "ApiFixture.h"

namespace orrery::test {

const QByteArray ApiFixture::kTwoTaskWorkflow =
    "{\"name\":\"api_wf\",\"version\":1,\"schemaVersion\":2,\"tasks\":["
    "{\"name\":\"api_t\",\"taskReferenceName\":\"t1\",\"type\":\"SIMPLE\"},"
    "{\"name\":\"api_t\",\"taskReferenceName\":\"t2\",\"type\":\"SIMPLE\"}]}";

ApiFixture::~ApiFixture()
{
    m_server.reset(); // before the engine it calls
    if (m_engine)
        m_engine->stop();
    m_engine.reset();
    if (m_store)
        m_store->close();
}

void ApiFixture::startModuleBeforeListen(ServerModule *module)
{
    setBeforeListen([this, module] {
        ServerContext context;
        context.store = store();
        context.engine = engine();
        context.tokens = tokens();
        context.api = server();
        auto started = module->start(context);
        return started.ok() ? QString() : started.error().message;
    });
}

QString ApiFixture::start(ApiServerOptions options)
{
    if (!m_dir.isValid())
        return QStringLiteral("no temporary directory");
    auto store = Store::open(StoreConfig{m_storeUrl.isEmpty() ? m_dir.filePath(QStringLiteral("orrery.db")) : m_storeUrl});
    if (!store.ok())
        return store.error().message;
    m_store = std::move(store).value();
    EngineConfig engineConfig;
    engineConfig.clock = m_engineClock;
    m_engine = std::make_unique<Engine>(m_store.get(), engineConfig);
    auto started = m_engine->start();
    if (!started.ok())
        return started.error().message;

    m_tokens = std::make_unique<TokenService>(m_store.get(), nullptr);
    if (auto loaded = m_tokens->load(); !loaded.ok())
        return loaded.error().message;
    auto v = m_tokens->create(QStringLiteral("viewer"), Role::Viewer);
    auto o = m_tokens->create(QStringLiteral("worker"), Role::Operator);
    auto a = m_tokens->create(QStringLiteral("root"), Role::Admin);
    auto sv = m_tokens->create(QStringLiteral("alpha-viewer"), Role::Viewer, {QStringLiteral("alpha")});
    auto so = m_tokens->create(QStringLiteral("alpha-operator"), Role::Operator, {QStringLiteral("alpha")});
    auto sa = m_tokens->create(QStringLiteral("alpha-admin"), Role::Admin, {QStringLiteral("alpha")});
    if (!v.ok() || !o.ok() || !a.ok() || !sv.ok() || !so.ok() || !sa.ok())
        return QStringLiteral("cannot create tokens");
    scopedViewer = {{"Authorization", "Bearer " + sv->secret.toLatin1()}};
    scopedOperator = {{"Authorization", "Bearer " + so->secret.toLatin1()}};
    scopedAdmin = {{"Authorization", "Bearer " + sa->secret.toLatin1()}};
    viewer = {{"Authorization", "Bearer " + v->secret.toLatin1()}};
    operatorSecret = o->secret.toLatin1();
    operatorAuth = {{"X-Authorization", operatorSecret}};
    admin = {{"Authorization", "Bearer " + a->secret.toLatin1()}};

    if (options.http.instance.isEmpty())
        options.http.instance = QStringLiteral("api-test");
    m_server = std::make_unique<HttpApiServer>(m_engine.get(), m_tokens.get(), options);
    if (m_beforeListen) {
        if (const QString failed = m_beforeListen(); !failed.isEmpty())
            return failed;
    }
    auto port = m_server->start(QHostAddress::LocalHost, 0);
    if (!port.ok())
        return port.error().message;
    m_port = *port;
    return {};
}

RawResponse ApiFixture::call(const QByteArray &method, const QByteArray &target, const Headers &auth,
                             const QByteArray &body) const
{
    RawHttpClient c(m_port);
    Headers h = auth;
    if (!body.isEmpty())
        h.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    return c.request(method, target, body, h);
}

QString ApiFixture::startTwoTaskWorkflow() const
{
    if (call("GET", "/api/metadata/workflow/api_wf", viewer).status == 404)
        call("POST", "/api/metadata/workflow", admin, kTwoTaskWorkflow);
    RawResponse r = call("POST", "/api/workflow/api_wf", operatorAuth, "{}");
    if (r.status != 200)
        qWarning("start failed: %d %s", r.status, r.body.constData());
    return QString::fromUtf8(r.body);
}

void ApiFixture::drain(const QByteArray &taskType) const
{
    for (int i = 0; i < 100; ++i) {
        if (arr(call("GET", "/api/tasks/poll/batch/" + taskType + "?count=100&timeout=0", operatorAuth)).isEmpty())
            return;
    }
}

} // namespace orrery::test
