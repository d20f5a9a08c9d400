// Every registered route x every role x project scope: the route answers (anything but 401/403)
// exactly for the tokens that may call it, 401 without a token, 403 below its role and, for
// routes that act on every project, 403 for tokens limited to projects. The route list comes
// from the server's own OpenAPI document, which is generated from the router's registrations,
// so a new route is covered as soon as it is registered.

#include "ApiFixture.h"

#include <QRegularExpression>
#include <array>
#include <QTest>

using namespace orrery;
using namespace orrery::test;

namespace {

int rank(const QString &access)
{
    if (access == QLatin1String("anonymous"))
        return 0;
    if (access == QLatin1String("viewer"))
        return 1;
    if (access == QLatin1String("operator"))
        return 2;
    return 3;
}

} // namespace

class TestAccessMatrix : public QObject
{
    Q_OBJECT

private:
    ApiFixture m_api;
    QJsonObject m_paths;

    struct Caller
    {
        const char *name;
        Headers auth;
        int role;     // 0 = no token
        bool scoped;
    };
    QList<Caller> callers() const
    {
        return {{"none", {}, 0, false},
                {"viewer", m_api.viewer, 1, false},
                {"operator", m_api.operatorAuth, 2, false},
                {"admin", m_api.admin, 3, false},
                {"alpha-viewer", m_api.scopedViewer, 1, true},
                {"alpha-operator", m_api.scopedOperator, 2, true},
                {"alpha-admin", m_api.scopedAdmin, 3, true}};
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_api.start().isEmpty());
        m_paths = obj(m_api.call("GET", "/api/openapi.json", m_api.admin)).value(QStringLiteral("paths")).toObject();
        QVERIFY(m_paths.size() > 30);
    }

    void routeRoleScope_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<int>("callerIndex");
        QTest::addColumn<bool>("allowed");
        QTest::addColumn<int>("refusal"); // 401 or 403 when not allowed
        const QList<Caller> list = callers();
        for (auto p = m_paths.begin(); p != m_paths.end(); ++p) {
            QString concrete = p.key();
            concrete.replace(QRegularExpression(QStringLiteral("\\{[^}]+\\}")), QStringLiteral("x-1"));
            const QJsonObject item = p.value().toObject();
            for (auto op = item.begin(); op != item.end(); ++op) {
                const QJsonObject o = op.value().toObject();
                const int needed = rank(o.value(QStringLiteral("x-orrery-access")).toString());
                const bool scopedOk = o.value(QStringLiteral("x-orrery-scoped-tokens")).toBool();
                for (int i = 0; i < list.size(); ++i) {
                    const Caller &c = list[i];
                    bool allowed = true;
                    int refusal = 0;
                    if (needed > 0 && c.role == 0) {
                        allowed = false;
                        refusal = 401;
                    } else if (needed > 0 && c.role < needed) {
                        allowed = false;
                        refusal = 403;
                    } else if (needed > 0 && c.scoped && !scopedOk) {
                        allowed = false;
                        refusal = 403;
                    }
                    const QByteArray method = op.key().toUpper().toLatin1();
                    QTest::addRow("%s %s as %s", method.constData(), qPrintable(p.key()), c.name)
                        << method << concrete.toLatin1() << i << allowed << refusal;
                }
            }
        }
    }

    void routeRoleScope()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, path);
        QFETCH(int, callerIndex);
        QFETCH(bool, allowed);
        QFETCH(int, refusal);
        const Caller caller = callers().at(callerIndex);
        RawResponse r = m_api.call(method, path + (path.contains("/poll/") ? "?timeout=0" : ""), caller.auth);
        const QByteArray detail = QByteArray::number(r.status) + ' ' + r.body.left(300);
        if (allowed) {
            QVERIFY2(r.status != 401 && r.status != 403 && r.status != 405 && r.status > 0, detail.constData());
        } else {
            QVERIFY2(r.status == refusal, detail.constData());
            QCOMPARE(obj(r).value(QStringLiteral("status")).toInt(), refusal);
            QVERIFY(!obj(r).value(QStringLiteral("message")).toString().isEmpty());
            if (refusal == 401)
                QCOMPARE(r.header("WWW-Authenticate"), QByteArray("Bearer realm=\"orrery\""));
        }
    }

    void onlyHealthAndTokenExchangeAreAnonymous()
    {
        QStringList anonymous;
        for (auto p = m_paths.begin(); p != m_paths.end(); ++p) {
            const QJsonObject item = p.value().toObject();
            for (auto op = item.begin(); op != item.end(); ++op) {
                if (op.value().toObject().value(QStringLiteral("x-orrery-access")).toString() == QLatin1String("anonymous"))
                    anonymous << op.key().toUpper() + u' ' + p.key();
            }
        }
        anonymous.sort();
        QCOMPARE(anonymous, (QStringList{QStringLiteral("GET /api/health"), QStringLiteral("GET /health"),
                                         QStringLiteral("GET /healthz"), QStringLiteral("POST /api/token")}));
    }

    // The workflow and task actions: viewers read, operators act, removing needs an admin; none
    // accepts tokens limited to projects (they act on executions of any project).
    void actionRoutesHaveTheirRoles_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("access");
        const QList<std::array<const char *, 3>> rows = {
            {"delete", "/api/workflow/{workflowId}/terminate-remove", "admin"},
            {"put", "/api/workflow/{workflowId}/skiptask/{taskReferenceName}", "operator"},
            {"post", "/api/workflow/{workflowId}/resetcallbacks", "operator"},
            {"put", "/api/workflow/decide/{workflowId}", "operator"},
            {"put", "/api/workflow/bulk/pause", "operator"},
            {"put", "/api/workflow/bulk/resume", "operator"},
            {"post", "/api/workflow/bulk/retry", "operator"},
            {"post", "/api/workflow/bulk/restart", "operator"},
            {"post", "/api/workflow/bulk/terminate", "operator"},
            {"post", "/api/tasks/{workflowId}/{taskRefName}/{status}", "operator"},
            {"post", "/api/tasks/{workflowId}/{taskRefName}/{status}/sync", "operator"},
            {"post", "/api/tasks/{workflowId}/{status}/signal", "operator"},
            {"post", "/api/tasks/{workflowId}/{status}/signal/sync", "operator"},
            {"get", "/api/tasks/queue/size", "viewer"},
            {"get", "/api/tasks/queue/all", "viewer"},
            {"get", "/api/tasks/queue/sizes", "viewer"},
            {"get", "/api/tasks/queue/polldata", "viewer"},
            {"get", "/api/tasks/queue/polldata/all", "viewer"},
        };
        for (const auto &r : rows)
            QTest::addRow("%s %s", r[0], r[1]) << QString::fromLatin1(r[0]) << QString::fromLatin1(r[1]) << QString::fromLatin1(r[2]);
    }

    void actionRoutesHaveTheirRoles()
    {
        QFETCH(QString, method);
        QFETCH(QString, path);
        QFETCH(QString, access);
        const QJsonObject op = m_paths.value(path).toObject().value(method).toObject();
        QVERIFY2(!op.isEmpty(), qPrintable(path + QStringLiteral(" is not registered")));
        QCOMPARE(op.value(QStringLiteral("x-orrery-access")).toString(), access);
        QCOMPARE(op.value(QStringLiteral("x-orrery-scoped-tokens")).toBool(), false);
        QVERIFY(!op.value(QStringLiteral("summary")).toString().isEmpty());
    }

    void bothHeadersAreAccepted()
    {
        const QByteArray secret = m_api.admin.first().second.mid(7);
        QCOMPARE(m_api.call("GET", "/api/tokens", {{"X-Authorization", secret}}).status, 200);
        QCOMPARE(m_api.call("GET", "/api/tokens", {{"Authorization", "Bearer " + secret}}).status, 200);
        QCOMPARE(m_api.call("GET", "/api/tokens", {{"Authorization", "Basic " + secret}}).status, 401);
    }
};

QTEST_GUILESS_MAIN(TestAccessMatrix)
#include "test_access_matrix.moc"
