// StoreCopier between two SQLite stores: every table arrives with equal counts and checksums and
// the normal store code reads the copy; a non-empty target is refused unless replaced; a refused
// row mid-copy, a checksum mismatch, a newer source schema or a bad location leave the target as
// it was. The PostgreSQL directions are in test_store_copier_postgres.

#include "PopulatedStore.h"
#include "StoreTestData.h"

#include "store/Migrations.h"
#include "store/StoreCopier.h"
#include "store/StoreSchema.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace orrery;
using namespace orrery::test;

class TestStoreCopier : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_source;
    QString m_target;

    Result<StoreCopyReport> copy(bool replace = false, StoreCopyOptions options = {})
    {
        options.replaceTarget = replace;
        return StoreCopier(StoreUrl::parse(m_source).value(), StoreUrl::parse(m_target).value(), options).run();
    }

    static QMap<QString, QString> digests(const QString &url)
    {
        Result<QMap<QString, QString>> d = PopulatedStore::digests(url);
        if (!d)
            qWarning().noquote() << d.error().message;
        return d ? d.value() : QMap<QString, QString>{};
    }

    static std::unique_ptr<Store> open(const QString &url)
    {
        Result<std::unique_ptr<Store>> store = Store::open(StoreConfig{url});
        if (!store)
            qWarning().noquote() << store.error().message;
        return store ? std::move(store).value() : nullptr;
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_source = QStringLiteral("sqlite:") + m_dir->filePath(QStringLiteral("source.db"));
        m_target = QStringLiteral("sqlite:") + m_dir->filePath(QStringLiteral("target/orrery.db"));
        Result<void> filled = PopulatedStore::fill(m_source, QStringLiteral("s-"));
        QVERIFY2(filled.ok(), filled.ok() ? "" : qPrintable(filled.error().message));
    }

    void copiesEveryTableAndTheCopyIsAStore()
    {
        QList<std::tuple<QString, qint64, qint64>> progress;
        StoreCopyOptions options;
        options.pageRows = 7; // several pages per table
        options.progress = [&](const QString &table, qint64 copied, qint64 total) { progress.append({table, copied, total}); };
        Result<StoreCopyReport> report = copy(false, options);
        QVERIFY2(report.ok(), report.ok() ? "" : qPrintable(report.error().message));
        QCOMPARE(report->schemaVersion, Migrations::latestVersion());
        QCOMPARE(report->replacedRows, qint64(0));
        QCOMPARE(report->tables.size(), StoreSchema::tables().value().size());
        for (const TableCopyResult &t : report->tables) {
            QVERIFY2(t.matches(), qPrintable(t.table));
            QVERIFY2(t.sourceRows > 0, qPrintable(t.table + QStringLiteral(" is empty: the fixture misses it")));
        }
        QCOMPARE(digests(m_target), digests(m_source));
        QVERIFY(progress.contains({QStringLiteral("tasks"), 0, 60}));
        QVERIFY(progress.contains({QStringLiteral("tasks"), 7, 60}));
        QVERIFY(progress.contains({QStringLiteral("tasks"), 60, 60}));

        std::unique_ptr<Store> source = open(m_source);
        std::unique_ptr<Store> target = open(m_target);
        QVERIFY(source && target);
        const QString wf = PopulatedStore::workflowId(QStringLiteral("s-"), 4);
        const auto a = source->loadWorkflow(wf).value();
        const auto b = target->loadWorkflow(wf).value();
        QVERIFY(a && b);
        QCOMPARE(b->workflow.toJson(b->tasks), a->workflow.toJson(a->tasks));
        QCOMPARE(b->tasks.size(), 5);
        const QString task = PopulatedStore::taskId(QStringLiteral("s-"), 4, 2);
        QCOMPARE(target->loadTask(task).value()->toJson(), source->loadTask(task).value()->toJson());
        // New rows get fresh serial numbers after the copied ones.
        target->appendTaskLogs({TaskLog{task, QStringLiteral("after the move"), 1}});
        QVERIFY(target->flush().ok());
        QCOMPARE(target->loadTaskLogs(task).value().size(), 3);
        source->close();
        target->close();
    }

    void refusesANonEmptyTarget()
    {
        QVERIFY(PopulatedStore::fill(m_target, QStringLiteral("t-"), {2, 1, 1}).ok());
        const auto before = digests(m_target);
        Result<StoreCopyReport> report = copy();
        QVERIFY(!report.ok());
        QCOMPARE(report.error().kind, Error::Kind::Conflict);
        QVERIFY2(report.error().message.contains(QStringLiteral("is not empty")) && report.error().message.contains(QStringLiteral("workflows: 2"))
                     && report.error().message.contains(QStringLiteral("nothing was copied")),
                 qPrintable(report.error().message));
        QCOMPARE(digests(m_target), before);
    }

    void replaceTargetReplacesItsRows()
    {
        QVERIFY(PopulatedStore::fill(m_target, QStringLiteral("t-"), {2, 1, 1}).ok());
        const qint64 held = PopulatedStore::rowCount(m_target, QStringLiteral("workflows")).value();
        Result<StoreCopyReport> report = copy(true);
        QVERIFY2(report.ok(), report.ok() ? "" : qPrintable(report.error().message));
        QVERIFY(report->replacedRows > held);
        QCOMPARE(digests(m_target), digests(m_source));
        std::unique_ptr<Store> target = open(m_target);
        QVERIFY(target);
        QVERIFY(!target->loadWorkflow(PopulatedStore::workflowId(QStringLiteral("t-"), 0)).value());
        target->close();
    }

    void aRowRefusedMidCopyLeavesTheTargetAsItWas()
    {
        QVERIFY(PopulatedStore::fill(m_target, QStringLiteral("t-"), {2, 1, 1}).ok());
        const QString victim = PopulatedStore::taskId(QStringLiteral("s-"), 7, 3);
        QVERIFY(PopulatedStore::execSql(m_target, QStringLiteral("CREATE TRIGGER refuse BEFORE INSERT ON tasks WHEN NEW.id = '%1' "
                                                                 "BEGIN SELECT RAISE(ABORT, 'provoked refusal'); END").arg(victim))
                    .ok());
        const auto before = digests(m_target);
        Result<StoreCopyReport> report = copy(true);
        QVERIFY(!report.ok());
        const QString message = report.error().message;
        QVERIFY2(message.contains(QStringLiteral("copying table tasks failed")) && message.contains(QStringLiteral("provoked refusal"))
                     && message.contains(QStringLiteral("rolled back")),
                 qPrintable(message));
        // The tables copied before (workflows, ...) and the deleted rows are all back as they were.
        QCOMPARE(digests(m_target), before);
    }

    void aChecksumMismatchRollsBack()
    {
        QVERIFY(PopulatedStore::fill(m_target, QStringLiteral("t-"), {1, 1, 1}).ok());
        QVERIFY(PopulatedStore::execSql(m_target, QStringLiteral(R"J(CREATE TRIGGER tamper AFTER INSERT ON task_defs BEGIN
                UPDATE task_defs SET json = '{"tampered":true}' WHERE name = NEW.name; END)J"))
                    .ok());
        const auto before = digests(m_target);
        Result<StoreCopyReport> report = copy(true);
        QVERIFY(!report.ok());
        const QString message = report.error().message;
        QVERIFY2(message.contains(QStringLiteral("verification")) && message.contains(QStringLiteral("table task_defs: source 2 rows"))
                     && message.contains(QStringLiteral("rolled back")) && !message.contains(QStringLiteral("table tasks")),
                 qPrintable(message));
        QCOMPARE(digests(m_target), before);
    }

    void refusesASourceNewerThanThisBuild()
    {
        QVERIFY(PopulatedStore::execSql(m_source, QStringLiteral("INSERT INTO schema_version VALUES (9999, 'from the future', 0)")).ok());
        Result<StoreCopyReport> report = copy();
        QVERIFY(!report.ok());
        QVERIFY2(report.error().message.startsWith(QStringLiteral("source store: "))
                     && report.error().message.contains(QStringLiteral("9999 is newer than this build")),
                 qPrintable(report.error().message));
        QVERIFY(!QFile::exists(m_dir->filePath(QStringLiteral("target/orrery.db"))));
    }

    void refusesBadLocations()
    {
        Result<StoreCopyReport> same = StoreCopier(StoreUrl::parse(m_source).value(), StoreUrl::parse(m_source).value()).run();
        QVERIFY(!same.ok());
        QVERIFY2(same.error().message.contains(QStringLiteral("are the same store")), qPrintable(same.error().message));

        const QString missing = m_dir->filePath(QStringLiteral("missing.db"));
        Result<StoreCopyReport> none = StoreCopier(StoreUrl::parse(missing).value(), StoreUrl::parse(m_target).value()).run();
        QVERIFY(!none.ok());
        QCOMPARE(none.error().kind, Error::Kind::NotFound);
        QVERIFY2(none.error().message.contains(missing + QStringLiteral(" does not exist")), qPrintable(none.error().message));
        QVERIFY(!QFile::exists(missing));
        QVERIFY(!QFile::exists(m_dir->filePath(QStringLiteral("target/orrery.db"))));
    }
};

QTEST_GUILESS_MAIN(TestStoreCopier)
#include "test_store_copier.moc"
