#pragma once

#include "store/Store.h"
#include "support/PgTestServer.h"

#include <QObject>
#include <QTemporaryDir>
#include <memory>

// The store test suite. The same tests run against SQLite (test_store_sqlite) and PostgreSQL
// (test_store_postgres); each test gets a fresh database.
class StoreSuite : public QObject
{
    Q_OBJECT

public:
    enum class Backend { Sqlite, Postgres };
    explicit StoreSuite(Backend backend, QObject *parent = nullptr);
    ~StoreSuite() override;

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void migratesAFreshDatabase();
    void reopeningIsIdempotent();
    void appliesOnlyNewMigrationsAndRollsBackAFailedOne();
    void refusesANewerSchema();
    void openErrorsDoNotShowThePassword();
    void roundTripsWorkflowsAndTasks();
    void roundTripsDefinitionsAndRemovesThem();
    void roundTripsTokens();
    void roundTripsTaskLogsInOrder();
    void storesTextWithNulCharacters();
    void loadsOnlyActiveWorkflowsWithTasksInSeqOrder();
    void findsWorkflowsByIdempotencyKey();
    void coalescesChangesToTheSameRow();
    void commitsWhenMaxBatchIsReached();
    void whenCommittedRunsAfterTheCommitInOrder();
    void whenCommittedOnAnIdleStoreRuns();
    void changesSurviveCloseAndReopen();
    void removeWorkflowDeletesItsTasksAndLogs();
    void saveAfterRemoveInOneBatchIsKept();
    void concurrentSubmittersAllLand();
    void readerConnectionClosesWithItsThread();
    void failedBatchReportsAndIsRetriedLater();
    void recoversFromLostConnections();
    void closedStoreRejectsChanges();
    // The writer's batch path (StoreSuiteBatch.cpp).
    void batchMixesInsertsAndUpdatesOfTheSameIds();
    void batchLargerThanAStatementWritesEveryRow();
    void failingRowRollsBackTheWholeBatch();

private:
    std::unique_ptr<orrery::Store> openStore(int flushIntervalMs = 2, int maxBatch = 1000);
    // Runs SQL on the test database through a connection of its own (breaking or inspecting it).
    bool execOutside(const QString &sql, QString *error = nullptr);
    QVariant queryOutside(const QString &sql);
    int countRows(const QString &table);

    Backend m_backend;
    orrery::test::PgTestServer m_pg;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_url;
};
