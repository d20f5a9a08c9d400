// StoreCopier with PostgreSQL (ORRERY_TEST_PG_URL, or a throwaway cluster; skipped when there is
// none): SQLite -> PostgreSQL with equal counts and checksums despite JSONB and typed columns, the
// normal store code (and the DLQ and scheduler tables' own code) reading the result, sequences
// moved past the copied ids, and back to SQLite; a non-empty PostgreSQL target; a row PostgreSQL
// refuses leaves the target as it was; a bad connection names the store without its password.

#include "PopulatedStore.h"

#include "recovery/DlqTable.h"
#include "scheduler/SqlJobStore.h"
#include "store/SqlBackend.h"
#include "store/Store.h"
#include "store/StoreCopier.h"
#include "support/PgTestServer.h"

#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace orrery;
using namespace orrery::test;

class TestStoreCopierPostgres : public QObject
{
    Q_OBJECT

private:
    PgTestServer m_pg;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_sqlite;
    QString m_postgres;

    static Result<StoreCopyReport> copy(const QString &from, const QString &to, bool replace = false)
    {
        StoreCopyOptions options;
        options.replaceTarget = replace;
        options.pageRows = 16;
        return StoreCopier(StoreUrl::parse(from).value(), StoreUrl::parse(to).value(), options).run();
    }

    static std::unique_ptr<Store> open(const QString &url)
    {
        Result<std::unique_ptr<Store>> store = Store::open(StoreConfig{url});
        if (!store)
            qWarning().noquote() << store.error().message;
        return store ? std::move(store).value() : nullptr;
    }

private Q_SLOTS:
    void initTestCase() { ORRERY_REQUIRE_PG(m_pg); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_sqlite = QStringLiteral("sqlite:") + m_dir->filePath(QStringLiteral("orrery.db"));
        Result<void> filled = PopulatedStore::fill(m_sqlite, QStringLiteral("s-"));
        QVERIFY2(filled.ok(), filled.ok() ? "" : qPrintable(filled.error().message));
        m_postgres = m_pg.createDatabase();
        QVERIFY2(!m_postgres.isEmpty(), qPrintable(m_pg.errorString()));
    }

    void cleanup()
    {
        if (!m_postgres.isEmpty())
            m_pg.dropDatabase(m_postgres);
        m_dir.reset();
    }

    void sqliteToPostgresAndBack()
    {
        Result<StoreCopyReport> report = copy(m_sqlite, m_postgres);
        QVERIFY2(report.ok(), report.ok() ? "" : qPrintable(report.error().message));
        for (const TableCopyResult &t : report->tables)
            QVERIFY2(t.matches() && t.sourceRows > 0, qPrintable(t.table));

        std::unique_ptr<Store> source = open(m_sqlite);
        std::unique_ptr<Store> target = open(m_postgres);
        QVERIFY(source && target);
        QCOMPARE(target->backendName(), QStringLiteral("postgresql"));
        const QString wf = PopulatedStore::workflowId(QStringLiteral("s-"), 5);
        const auto a = source->loadWorkflow(wf).value();
        const auto b = target->loadWorkflow(wf).value();
        QVERIFY(a && b);
        QCOMPARE(b->workflow.toJson(b->tasks), a->workflow.toJson(a->tasks));
        QCOMPARE(b->workflow.input.value(QStringLiteral("zLast")).toInteger(), qint64(9007199254740993));
        const QString task = PopulatedStore::taskId(QStringLiteral("s-"), 5, 1);
        QCOMPARE(target->loadTask(task).value()->toJson(), source->loadTask(task).value()->toJson());
        QCOMPARE(target->loadTokens().value().size(), 3);
        // The task_logs sequence continues after the copied numbers (else this insert collides).
        target->appendTaskLogs({TaskLog{task, QStringLiteral("first line on PostgreSQL"), 1}});
        QVERIFY(target->flush().ok());
        QCOMPARE(target->loadTaskLogs(task).value().size(), 3);
        {
            const QString name = QStringLiteral("copier-test-dlq");
            {
                Result<QSqlDatabase> db = target->openModuleConnection(name);
                QVERIFY(db.ok());
                DlqTable dlq(db.value(), target->backend());
                const auto entry = dlq.get(QStringLiteral("s-dlq-1")).value();
                QVERIFY(entry);
                QCOMPARE(entry->workflowId, PopulatedStore::workflowId(QStringLiteral("s-"), 0));
                QCOMPARE(dlq.counters().value().value(QStringLiteral("dead_lettered")), qint64(3));
            }
            SqlBackend::closeConnection(name);
        }
        {
            SqlJobStore jobs(target.get(), QStringLiteral("copier-test-jobs"));
            QVERIFY(jobs.open().ok());
            QCOMPARE(jobs.loadJobs().value().size(), 3);
            QCOMPARE(jobs.recentRuns(QStringLiteral("s-job-2"), 10).value().size(), 1);
            jobs.close();
        }
        source->close();
        target->close();

        // ... and back again: the same digests as the original, in spite of JSONB.
        const QString back = QStringLiteral("sqlite:") + m_dir->filePath(QStringLiteral("back.db"));
        Result<StoreCopyReport> returned = copy(m_postgres, back);
        QVERIFY2(returned.ok(), returned.ok() ? "" : qPrintable(returned.error().message));
        auto original = PopulatedStore::digests(m_sqlite).value();
        auto roundTrip = PopulatedStore::digests(back).value();
        // the log line written on PostgreSQL is the one difference
        QCOMPARE(PopulatedStore::rowCount(back, QStringLiteral("task_logs")).value(),
                 PopulatedStore::rowCount(m_sqlite, QStringLiteral("task_logs")).value() + 1);
        original.remove(QStringLiteral("task_logs"));
        roundTrip.remove(QStringLiteral("task_logs"));
        QCOMPARE(roundTrip, original);
    }

    void aNonEmptyTargetIsRefusedOrReplaced()
    {
        QVERIFY(PopulatedStore::fill(m_postgres, QStringLiteral("t-"), {3, 1, 1}).ok());
        const auto before = PopulatedStore::digests(m_postgres).value();
        Result<StoreCopyReport> refused = copy(m_sqlite, m_postgres);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().message.contains(QStringLiteral("workflows: 3")), qPrintable(refused.error().message));
        QCOMPARE(PopulatedStore::digests(m_postgres).value(), before);

        Result<StoreCopyReport> replaced = copy(m_sqlite, m_postgres, true);
        QVERIFY2(replaced.ok(), replaced.ok() ? "" : qPrintable(replaced.error().message));
        QVERIFY(replaced->replacedRows > 0);
        QCOMPARE(PopulatedStore::rowCount(m_postgres, QStringLiteral("workflows")).value(), qint64(12));
        std::unique_ptr<Store> target = open(m_postgres);
        QVERIFY(target);
        QVERIFY(!target->loadWorkflow(PopulatedStore::workflowId(QStringLiteral("t-"), 0)).value());
        QVERIFY(target->loadWorkflow(PopulatedStore::workflowId(QStringLiteral("s-"), 0)).value());
        target->close();
    }

    void aRowPostgresRefusesLeavesTheTargetAsItWas()
    {
        QVERIFY(PopulatedStore::fill(m_postgres, QStringLiteral("t-"), {3, 1, 1}).ok());
        const auto before = PopulatedStore::digests(m_postgres).value();
        // SQLite keeps text in an INTEGER column; PostgreSQL's integer column refuses it.
        const QString bad = PopulatedStore::taskId(QStringLiteral("s-"), 9, 2);
        QVERIFY(PopulatedStore::execSql(m_sqlite, QStringLiteral("UPDATE tasks SET seq = 'not-a-number' WHERE id = '%1'").arg(bad)).ok());
        Result<StoreCopyReport> report = copy(m_sqlite, m_postgres, true);
        QVERIFY(!report.ok());
        const QString message = report.error().message;
        QVERIFY2(message.contains(QStringLiteral("copying table tasks failed")) && message.contains(QStringLiteral("not-a-number"))
                     && message.contains(QStringLiteral("rolled back")),
                 qPrintable(message));
        QCOMPARE(PopulatedStore::digests(m_postgres).value(), before);
    }

    void textPostgresCannotHoldArrivesAsItWouldBeStored()
    {
        std::unique_ptr<Store> source = open(m_sqlite);
        QVERIFY(source);
        const QString task = PopulatedStore::taskId(QStringLiteral("s-"), 1, 1);
        source->appendTaskLogs({TaskLog{task, QStringLiteral("nul") + QChar(0) + QStringLiteral("byte"), 5}});
        QVERIFY(source->flush().ok());
        source->close();
        Result<StoreCopyReport> report = copy(m_sqlite, m_postgres);
        QVERIFY2(report.ok(), report.ok() ? "" : qPrintable(report.error().message));
        std::unique_ptr<Store> target = open(m_postgres);
        QVERIFY(target);
        QStringList lines;
        const QList<TaskLog> logs = target->loadTaskLogs(task).value();
        for (const TaskLog &log : logs)
            lines << log.log;
        QVERIFY2(lines.contains(QStringLiteral("nul\ufffdbyte")), qPrintable(lines.join(u'|')));
        target->close();
    }

    void aBadConnectionNamesTheStoreNotThePassword()
    {
        QUrl url(m_postgres);
        url.setPassword(QStringLiteral("s3cret-pw"));
        url.setPath(QStringLiteral("/no_such_database_here"));
        Result<StoreCopyReport> report = copy(m_sqlite, url.toString());
        QVERIFY(!report.ok());
        const QString message = report.error().message;
        QVERIFY2(message.startsWith(QStringLiteral("target store: cannot open postgresql://")) && message.contains(QStringLiteral("no_such_database_here"))
                     && !message.contains(QStringLiteral("s3cret-pw")),
                 qPrintable(message));
    }
};

QTEST_GUILESS_MAIN(TestStoreCopierPostgres)
#include "test_store_copier_postgres.moc"
