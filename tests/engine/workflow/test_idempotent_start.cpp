// idempotencyKey of workflow starts (StartWorkflowRequest) is stored with the workflow, so
// RETURN_EXISTING / FAIL / FAIL_ON_RUNNING still see a key after a restart, when the workflow has
// ended and is no longer in memory. The same test on SQLite and on PostgreSQL.

#include "EngineHarness.h"
#include "support/PgTestServer.h"

#include <QJsonArray>

using namespace orrery;
using namespace orrery::test;

class IdempotentStartTest : public QObject
{
    Q_OBJECT

    PgTestServer m_pg;

    // The store URL of a row of the _data table (empty = SQLite in the harness's directory);
    // `ok` stays false when the test skipped or failed.
    void storeUrl(QString &url, bool &ok)
    {
        QFETCH(QString, backend);
        if (backend != QLatin1String("postgres")) {
            ok = true;
            return;
        }
        ORRERY_REQUIRE_PG(m_pg);
        url = m_pg.createDatabase();
        QVERIFY2(!url.isEmpty(), qPrintable(m_pg.errorString()));
        ok = true;
    }

    static Result<QString> startKeyed(EngineHarness &h, const QString &key, const QString &strategy)
    {
        StartWorkflowRequest req;
        req.name = QStringLiteral("keyed");
        req.idempotencyKey = key;
        req.idempotencyStrategy = strategy;
        return h.call<QString>([&](auto reply) { h.core->startWorkflow(req, reply); });
    }

    static bool completeOne(EngineHarness &h)
    {
        const QJsonArray got = h.poll(QStringLiteral("k"));
        return !got.isEmpty() && h.update(got.first().toObject().value(QStringLiteral("taskId")).toString(), TaskStatus::Completed).ok();
    }

    static void backends()
    {
        QTest::addColumn<QString>("backend");
        QTest::newRow("sqlite") << QStringLiteral("sqlite");
        QTest::newRow("postgres") << QStringLiteral("postgres");
    }

private Q_SLOTS:
    void keysOfEndedWorkflowsSurviveARestart_data() { backends(); }
    void keysOfEndedWorkflowsSurviveARestart()
    {
        bool ok = false;
        QString url;
        storeUrl(url, ok);
        if (!ok)
            return;
        EngineHarness h(url);
        QVERIFY(h.registerWorkflow(R"J({"name":"keyed","tasks":[{"name":"k","taskReferenceName":"k"}]})J").ok());
        auto ended = startKeyed(h, QStringLiteral("order-7"), QStringLiteral("FAIL"));
        QVERIFY(ended.ok());
        QVERIFY(completeOne(h));
        QCOMPARE(h.workflow(ended.value()).value(QStringLiteral("status")).toString(), QStringLiteral("COMPLETED"));
        auto running = startKeyed(h, QStringLiteral("order-8"), QStringLiteral("FAIL"));
        QVERIFY(running.ok());

        h.reopen(); // the ended workflow is not loaded again; its key must come from the store
        QCOMPARE(h.workflow(ended.value()).value(QStringLiteral("idempotencyKey")).toString(), QStringLiteral("order-7"));
        auto existing = startKeyed(h, QStringLiteral("order-7"), QStringLiteral("RETURN_EXISTING"));
        QVERIFY(existing.ok());
        QCOMPARE(existing.value(), ended.value());
        auto refused = startKeyed(h, QStringLiteral("order-7"), QStringLiteral("FAIL"));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().httpStatus(), 409);
        QVERIFY2(refused.error().message.contains(ended.value()), qPrintable(refused.error().message));
        // The running one came back with its key.
        QCOMPARE(startKeyed(h, QStringLiteral("order-8"), QStringLiteral("RETURN_EXISTING")).value(), running.value());
        QCOMPARE(startKeyed(h, QStringLiteral("order-8"), QStringLiteral("FAIL_ON_RUNNING")).error().httpStatus(), 409);
        // FAIL_ON_RUNNING lets a key of an ended workflow start again; the newest one answers next.
        auto again = startKeyed(h, QStringLiteral("order-7"), QStringLiteral("FAIL_ON_RUNNING"));
        QVERIFY(again.ok());
        QVERIFY(again.value() != ended.value());
        // A key never used goes ahead.
        QVERIFY(startKeyed(h, QStringLiteral("order-9"), QStringLiteral("FAIL")).ok());

        h.reopen();
        QCOMPARE(startKeyed(h, QStringLiteral("order-7"), QStringLiteral("RETURN_EXISTING")).value(), again.value());
        QCOMPARE(startKeyed(h, QStringLiteral("order-9"), QStringLiteral("FAIL")).error().httpStatus(), 409);
    }

    void aRemovedWorkflowFreesItsKey_data() { backends(); }
    void aRemovedWorkflowFreesItsKey()
    {
        bool ok = false;
        QString url;
        storeUrl(url, ok);
        if (!ok)
            return;
        EngineHarness h(url);
        QVERIFY(h.registerWorkflow(R"J({"name":"keyed","tasks":[{"name":"k","taskReferenceName":"k"}]})J").ok());
        auto first = startKeyed(h, QStringLiteral("order-1"), QStringLiteral("FAIL"));
        QVERIFY(first.ok());
        QVERIFY(completeOne(h));
        h.reopen();
        QVERIFY(h.call<void>([&](auto reply) { h.core->removeWorkflow(first.value(), reply); }).ok());
        auto second = startKeyed(h, QStringLiteral("order-1"), QStringLiteral("FAIL"));
        QVERIFY2(second.ok(), second.ok() ? "" : qPrintable(second.error().message));
        QVERIFY(second.value() != first.value());
        h.reopen();
        QCOMPARE(startKeyed(h, QStringLiteral("order-1"), QStringLiteral("RETURN_EXISTING")).value(), second.value());
    }
};

QTEST_GUILESS_MAIN(IdempotentStartTest)
#include "test_idempotent_start.moc"
