// StoreSchema (the tables the migrations create, with column kinds and keys) and TableScan (a
// table read page by page in key order), the two halves of what the store copier reads.

#include "store/SqliteBackend.h"
#include "store/StoreSchema.h"
#include "store/TableScan.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace orrery;

namespace {

const StoreTable *find(const QList<StoreTable> &tables, const QString &name)
{
    for (const StoreTable &t : tables)
        if (t.name == name)
            return &t;
    return nullptr;
}

const TableColumn *column(const StoreTable &table, const QString &name)
{
    for (const TableColumn &c : table.columns)
        if (c.name == name)
            return &c;
    return nullptr;
}

} // namespace

class TestStoreSchema : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void describesEveryTableOfTheMigrations()
    {
        Result<QList<StoreTable>> tables = StoreSchema::tables();
        QVERIFY2(tables.ok(), tables.ok() ? "" : qPrintable(tables.error().message));
        QStringList names;
        for (const StoreTable &t : tables.value())
            names << t.name;
        QStringList expected{QStringLiteral("schema_version"), QStringLiteral("workflows"), QStringLiteral("tasks"),
                             QStringLiteral("task_logs"), QStringLiteral("task_defs"), QStringLiteral("workflow_def_snapshots"),
                             QStringLiteral("workflow_defs"), QStringLiteral("api_tokens"), QStringLiteral("dlq_entries"),
                             QStringLiteral("dlq_counters"), QStringLiteral("scheduler_jobs"), QStringLiteral("scheduler_runs"),
                             QStringLiteral("api_audit"), QStringLiteral("breaker_states"), QStringLiteral("breaker_trips"),
                             QStringLiteral("dlq_state")};
        QCOMPARE(names.first(), QStringLiteral("schema_version"));
        names.sort();
        expected.sort();
        QCOMPARE(names, expected);

        const QList<StoreTable> &all = tables.value();
        QVERIFY(find(all, QStringLiteral("schema_version"))->isBookkeeping());
        QVERIFY(!find(all, QStringLiteral("workflows"))->isBookkeeping());
        // A column added by a later migration (ALTER TABLE) is part of its table.
        QVERIFY(column(*find(all, QStringLiteral("workflows")), QStringLiteral("idempotency_key")));
        QCOMPARE(column(*find(all, QStringLiteral("workflows")), QStringLiteral("json"))->kind, ColumnKind::Json);
        QCOMPARE(column(*find(all, QStringLiteral("api_tokens")), QStringLiteral("projects"))->kind, ColumnKind::Json);
        QCOMPARE(column(*find(all, QStringLiteral("scheduler_runs")), QStringLiteral("detail"))->kind, ColumnKind::Json);
        QCOMPARE(column(*find(all, QStringLiteral("scheduler_runs")), QStringLiteral("fired"))->kind, ColumnKind::Integer);
        QCOMPARE(column(*find(all, QStringLiteral("tasks")), QStringLiteral("status"))->kind, ColumnKind::Text);
        QVERIFY(column(*find(all, QStringLiteral("task_logs")), QStringLiteral("seq"))->serial);
        QVERIFY(column(*find(all, QStringLiteral("api_audit")), QStringLiteral("seq"))->serial);
        QVERIFY(column(*find(all, QStringLiteral("breaker_trips")), QStringLiteral("seq"))->serial);
        QCOMPARE(column(*find(all, QStringLiteral("breaker_states")), QStringLiteral("json"))->kind, ColumnKind::Json);
        QVERIFY(!column(*find(all, QStringLiteral("schema_version")), QStringLiteral("version"))->serial);
        QCOMPARE(find(all, QStringLiteral("workflow_defs"))->primaryKey, (QStringList{QStringLiteral("name"), QStringLiteral("version")}));
        QCOMPARE(find(all, QStringLiteral("task_logs"))->primaryKey, QStringList{QStringLiteral("seq")});
    }

    void refusesAColumnTypeItCannotCopy()
    {
        const Migration m{1, QStringLiteral("t"), {QStringLiteral("CREATE TABLE t (id TEXT PRIMARY KEY, ratio REAL)")}};
        Result<QList<StoreTable>> tables = StoreSchema::tables({m});
        QVERIFY(!tables.ok());
        QVERIFY2(tables.error().message.contains(QStringLiteral("t.ratio")) && tables.error().message.contains(QStringLiteral("REAL")),
                 qPrintable(tables.error().message));
    }

    void refusesATableWithoutPrimaryKey()
    {
        const Migration m{1, QStringLiteral("t"), {QStringLiteral("CREATE TABLE loose (a TEXT, b {bigint})")}};
        Result<QList<StoreTable>> tables = StoreSchema::tables({m});
        QVERIFY(!tables.ok());
        QVERIFY2(tables.error().message.contains(QStringLiteral("table loose has no primary key")), qPrintable(tables.error().message));
    }

    void scanReadsEveryRowOnceInKeyByteOrder()
    {
        QTemporaryDir dir;
        SqliteBackend backend(StoreUrl::parse(dir.filePath(QStringLiteral("scan.db"))).value());
        const QString name = QStringLiteral("scan-test");
        {
            Result<QSqlDatabase> db = backend.openConnection(name, QStringLiteral("test"));
            QVERIFY(db.ok());
            QSqlQuery q(db.value());
            QVERIFY(q.exec(QStringLiteral("CREATE TABLE t (name TEXT, version INTEGER, v TEXT, PRIMARY KEY (name, version))")));
            // Inserted out of order; byte order puts upper case before lower case and 'é' last.
            for (const char *row : {"('b', 2, 'x')", "('B', 1, 'x')", "('\u00e9', 1, 'x')", "('a', 10, 'x')", "('a', 9, 'x')",
                                    "('Z', 1, NULL)", "('b', 1, 'x')"})
                QVERIFY(q.exec(QStringLiteral("INSERT INTO t VALUES ") + QString::fromUtf8(row)));
            const StoreTable table{QStringLiteral("t"),
                                   {{QStringLiteral("name"), ColumnKind::Text, false},
                                    {QStringLiteral("version"), ColumnKind::Integer, false},
                                    {QStringLiteral("v"), ColumnKind::Text, false}},
                                   {QStringLiteral("name"), QStringLiteral("version")}};
            TableScan scan(db.value(), backend, table, 2);
            QStringList keys;
            int pages = 0;
            for (;;) {
                Result<QList<QVariantList>> page = scan.next();
                QVERIFY2(page.ok(), page.ok() ? "" : qPrintable(page.error().message));
                if (page->isEmpty())
                    break;
                QVERIFY(page->size() <= 2);
                ++pages;
                for (const QVariantList &row : page.value())
                    keys << row.at(0).toString() + QLatin1Char('/') + row.at(1).toString();
            }
            QCOMPARE(keys, (QStringList{QStringLiteral("B/1"), QStringLiteral("Z/1"), QStringLiteral("a/9"), QStringLiteral("a/10"),
                                        QStringLiteral("b/1"), QStringLiteral("b/2"), QStringLiteral("\u00e9/1")}));
            QCOMPARE(pages, 4);
        }
        SqlBackend::closeConnection(name);
    }
};

QTEST_GUILESS_MAIN(TestStoreSchema)
#include "test_store_schema.moc"
