// The recovery module's REST surface without a server: every route is registered with the right
// role, documented, scoped where its handler checks projects; bulk selections parse strictly.
#include "api/ApiRouter.h"
#include "api/HttpSettings.h"
#include "api/dlq/AttemptRoutes.h"
#include "api/dlq/BreakerRoutes.h"
#include "api/dlq/DlqRoutes.h"
#include "api/dlq/RecoveryConfig.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

using namespace orrery;

namespace {

QJsonObject obj(const char *json) { return QJsonDocument::fromJson(json).object(); }

} // namespace

class TestDlqRoutes : public QObject
{
    Q_OBJECT

private slots:
    void rolesScopesAndDocs()
    {
        ApiRouter router(nullptr, std::make_shared<HttpSettings>());
        DlqRoutes::registerRoutes(router, {});
        BreakerRoutes::registerRoutes(router, nullptr, {});
        AttemptRoutes::registerRoutes(router, nullptr, {});
        struct Expect
        {
            const char *method;
            const char *pattern;
            Access access;
            bool scoped;
        };
        const QList<Expect> expected{
            {"GET", "/api/dlq", Access::Viewer, true},
            {"GET", "/api/dlq/stats", Access::Viewer, false},
            {"GET", "/api/dlq/{id}", Access::Viewer, true},
            {"POST", "/api/dlq/{id}/replay", Access::Operator, true},
            {"POST", "/api/dlq/replay", Access::Operator, true},
            {"DELETE", "/api/dlq/{id}", Access::Admin, true},
            {"POST", "/api/dlq/purge", Access::Admin, true},
            {"GET", "/api/circuitbreaker/status", Access::Viewer, false},
            {"POST", "/api/circuitbreaker/{name}/reset", Access::Operator, false},
            {"POST", "/api/circuitbreaker/{name}/open", Access::Admin, false},
            {"POST", "/api/circuitbreaker/{name}/close", Access::Admin, false},
            {"GET", "/api/tasks/{taskId}/attempts", Access::Viewer, true},
        };
        const auto routes = router.routes();
        QCOMPARE(routes.size(), expected.size());
        for (const Expect &e : expected) {
            auto it = std::find_if(routes.cbegin(), routes.cend(), [&](const ApiRouter::RouteInfo &r) {
                return r.method == e.method && r.pattern == QLatin1String(e.pattern);
            });
            QVERIFY2(it != routes.cend(), e.pattern);
            QVERIFY2(it->access == e.access, e.pattern);
            QVERIFY2(it->doc.scopedAllowed() == e.scoped, e.pattern);
            QVERIFY2(it->doc.documented(), e.pattern);
        }
        // Literal segments beat variables: stats and replay are not entry ids.
        const auto stats = router.match("GET", {QStringLiteral("api"), QStringLiteral("dlq"), QStringLiteral("stats")});
        QCOMPARE(routes.at(stats.route).pattern, QStringLiteral("/api/dlq/stats"));
        const auto replay = router.match("POST", {QStringLiteral("api"), QStringLiteral("dlq"), QStringLiteral("replay")});
        QCOMPARE(routes.at(replay.route).pattern, QStringLiteral("/api/dlq/replay"));
    }

    void bulkSelections()
    {
        auto ids = DlqRoutes::filterFromBody(obj(R"({"ids": ["a", "b"], "dryRun": true})"));
        QVERIFY(ids.ok());
        QCOMPARE(ids->ids, (QStringList{"a", "b"}));
        auto nested = DlqRoutes::filterFromBody(obj(R"({"filter": {"taskType": "http", "reason": "TERMINAL"}, "ratePerSecond": 5})"));
        QVERIFY(nested.ok());
        QCOMPARE(nested->taskTypes, QStringList{"http"});
        auto flat = DlqRoutes::filterFromBody(obj(R"({"taskType": ["http"], "text": "503"})"));
        QVERIFY(flat.ok() && flat->text == QLatin1String("503"));
        auto status = DlqRoutes::filterFromBody(obj(R"({"status": "REPLAYED"})"));
        QVERIFY(status.ok() && status->statuses == QStringList{"REPLAYED"});
        QVERIFY(DlqRoutes::filterFromBody(obj(R"({"all": true})")).ok());

        auto nothing = DlqRoutes::filterFromBody(obj(R"({"dryRun": true})"));
        QCOMPARE(nothing.error().httpStatus(), 400);
        QVERIFY(nothing.error().message.contains(QStringLiteral("\"all\": true")));
        auto unknown = DlqRoutes::filterFromBody(obj(R"({"taskTyp": "http"})"));
        QCOMPARE(unknown.error().fieldErrors.first().path, QStringLiteral("taskTyp"));
        auto badReason = DlqRoutes::filterFromBody(obj(R"({"filter": {"reason": "NOPE"}})"));
        QCOMPARE(badReason.error().fieldErrors.first().path, QStringLiteral("filter.reason"));
        QVERIFY(!DlqRoutes::filterFromBody(obj(R"({"all": "yes"})")).ok());
    }

    void recoveryConfigFile()
    {
        QTemporaryDir dir;
        auto none = RecoveryConfig::load(dir.path());
        QVERIFY(none.ok() && none->source.isEmpty());
        QFile f(dir.filePath(QStringLiteral("recovery.json")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"breakers": {"breakers": {"http:*": {"failureThreshold": 2}}}, "dlq": {"maxEntries": 7}})");
        f.close();
        auto loaded = RecoveryConfig::load(dir.path());
        QVERIFY2(loaded.ok(), loaded.ok() ? "" : qPrintable(loaded.error().message));
        QCOMPARE(loaded->dlq.maxEntries, 7);
        QVERIFY(loaded->breakers.contains(QStringLiteral("breakers")));
        QCOMPARE(loaded->source, f.fileName());

        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(R"({"breakers": {"breakers": {"ht*p": {}}}, "dlq": {"maxEntries": -1}, "extra": 1})");
        f.close();
        auto bad = RecoveryConfig::load(dir.path());
        QVERIFY(!bad.ok());
        QVERIFY(bad.error().message.startsWith(f.fileName()));
        QCOMPARE(bad.error().fieldErrors.size(), 3);
        auto missing = RecoveryConfig::load(dir.path(), dir.filePath(QStringLiteral("nope.json")));
        QVERIFY(!missing.ok()); // an explicitly named file must exist
    }
};

QTEST_GUILESS_MAIN(TestDlqRoutes)
#include "test_dlq_routes.moc"
