// `orreryd backup` and `orreryd migrate-store` as an operator runs them: the built binary in a
// child process, its exit codes and what it prints (and never prints: passwords).

#include "PopulatedStore.h"

#include "support/PgTestServer.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace orrery;
using namespace orrery::test;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run orreryd(const QStringList &args)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &key : env.keys())
        if (key.startsWith(QLatin1String("ORRERY_")) && key != QLatin1String("ORRERY_TEST_BINARY_DIR"))
            env.remove(key); // only the arguments of the test decide the store
    p.setProcessEnvironment(env);
    p.start(qEnvironmentVariable("ORRERY_TEST_BINARY_DIR") + QStringLiteral("/app/orreryd/orreryd"), args);
    Run run;
    if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit) {
        p.kill();
        p.waitForFinished();
        run.err = QStringLiteral("orreryd did not finish: ") + p.errorString();
        return run;
    }
    run.exitCode = p.exitCode();
    run.out = QString::fromUtf8(p.readAllStandardOutput());
    run.err = QString::fromUtf8(p.readAllStandardError());
    return run;
}

QByteArray describe(const Run &run)
{
    return QStringLiteral("exit %1\n--- stdout\n%2--- stderr\n%3").arg(run.exitCode).arg(run.out, run.err).toUtf8();
}

} // namespace

class TestStoreCommands : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_dataDir;
    QString m_store;

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_dataDir = m_dir->filePath(QStringLiteral("data"));
        m_store = QStringLiteral("sqlite:") + m_dataDir + QStringLiteral("/orrery.db");
        Result<void> filled = PopulatedStore::fill(m_store, QStringLiteral("s-"));
        QVERIFY2(filled.ok(), qPrintable(filled.error().message));
    }

    void backupFindsTheStoreThroughTheConfigFile()
    {
        const QString config = m_dir->filePath(QStringLiteral("orreryd.conf"));
        {
            QFile f(config);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QStringLiteral(R"J({"data-dir": "%1"})J").arg(m_dataDir).toUtf8());
        }
        const QString file = m_dir->filePath(QStringLiteral("backup.db"));
        const Run run = orreryd({QStringLiteral("backup"), QStringLiteral("--config"), config, QStringLiteral("--to"), file});
        QVERIFY2(run.exitCode == 0, describe(run));
        QVERIFY2(run.out.contains(QStringLiteral("Backed up ") + m_store) && run.out.contains(QStringLiteral("integrity ok"))
                     && run.out.contains(QStringLiteral("to ") + file + QStringLiteral(": %1 bytes").arg(QFileInfo(file).size())),
                 describe(run));
        QVERIFY2(run.out.contains(QRegularExpression(QStringLiteral("\\ntasks +60\\n"))), describe(run));
        QCOMPARE(PopulatedStore::digests(QStringLiteral("sqlite:") + file).value(), PopulatedStore::digests(m_store).value());

        const qint64 size = QFileInfo(file).size();
        const Run again = orreryd({QStringLiteral("backup"), QStringLiteral("--data-dir"), m_dataDir, QStringLiteral("--to"), file});
        QVERIFY2(again.exitCode == 1 && again.err.contains(file + QStringLiteral(" already exists")), describe(again));
        QCOMPARE(QFileInfo(file).size(), size);

        const Run usage = orreryd({QStringLiteral("backup"), QStringLiteral("--data-dir"), m_dataDir});
        QVERIFY2(usage.exitCode == 2 && usage.err.contains(QStringLiteral("--to FILE is required")), describe(usage));
    }

    void backupOfPostgresPrintsPostgresTools()
    {
        const QString file = m_dir->filePath(QStringLiteral("orrery.dump"));
        const Run run = orreryd({QStringLiteral("backup"), QStringLiteral("--db"),
                                 QStringLiteral("postgresql://orrery:pw-never-shown@db.example:5432/orrery?sslmode=require"),
                                 QStringLiteral("--to"), file});
        QVERIFY2(run.exitCode == 3, describe(run));
        QVERIFY2(run.out.contains(QStringLiteral("PGPASSWORD='<password>' pg_dump --format=custom --file='%1' "
                                                 "'postgresql://orrery@db.example:5432/orrery?sslmode=require'").arg(file))
                     && run.out.contains(QStringLiteral("pg_restore --clean --if-exists --no-owner")),
                 describe(run));
        QVERIFY(!(run.out + run.err).contains(QStringLiteral("pw-never-shown")));
        QVERIFY(!QFile::exists(file));
    }

    void migrateStoreRefusesThenReplacesANonEmptyTarget()
    {
        const QString target = QStringLiteral("sqlite:") + m_dir->filePath(QStringLiteral("moved/orrery.db"));
        const QStringList args{QStringLiteral("migrate-store"), QStringLiteral("--from"), m_store, QStringLiteral("--to"), target};
        const Run run = orreryd(args);
        QVERIFY2(run.exitCode == 0, describe(run));
        QVERIFY2(run.out.contains(QStringLiteral("Copied %1 to %2").arg(m_store, target))
                     && run.out.contains(QRegularExpression(QStringLiteral("\\ntasks +60  [0-9a-f]{16}  yes\\n")))
                     && run.err.contains(QStringLiteral("copying tasks (60 rows)")),
                 describe(run));
        QCOMPARE(PopulatedStore::digests(target).value(), PopulatedStore::digests(m_store).value());

        const Run refused = orreryd(args);
        QVERIFY2(refused.exitCode == 1 && refused.err.contains(QStringLiteral("is not empty"))
                     && refused.err.contains(QStringLiteral("run again with --force")),
                 describe(refused));
        const Run forced = orreryd(args + QStringList{QStringLiteral("--force")});
        QVERIFY2(forced.exitCode == 0 && forced.out.contains(QStringLiteral("replacing the target's")), describe(forced));
    }

    void migrateStoreExplainsBadArguments()
    {
        const Run scheme = orreryd({QStringLiteral("migrate-store"), QStringLiteral("--from"), m_store, QStringLiteral("--to"),
                                    QStringLiteral("mysql://root:pw-never-shown@db/orrery")});
        QVERIFY2(scheme.exitCode == 2 && scheme.err.contains(QStringLiteral("--to: store URL"))
                     && scheme.err.contains(QStringLiteral("unsupported scheme 'mysql'")),
                 describe(scheme));
        QVERIFY(!scheme.err.contains(QStringLiteral("pw-never-shown")));
        const Run missing = orreryd({QStringLiteral("migrate-store"), QStringLiteral("--to"), m_store});
        QVERIFY2(missing.exitCode == 2 && missing.err.contains(QStringLiteral("--from URL is required")), describe(missing));
        const Run unknown = orreryd({QStringLiteral("migrate-stores")});
        QVERIFY2(unknown.exitCode == 2 && unknown.err.contains(QStringLiteral("backup, migrate-store")), describe(unknown));
    }

    void migrateStoreToPostgres()
    {
        PgTestServer pg;
        ORRERY_REQUIRE_PG(pg);
        QUrl url(pg.createDatabase());
        QVERIFY2(!url.isEmpty(), qPrintable(pg.errorString()));
        const QString password = url.password();
        const Run run = orreryd({QStringLiteral("migrate-store"), QStringLiteral("--from"), m_store, QStringLiteral("--to"),
                                 url.toString()});
        QVERIFY2(run.exitCode == 0, describe(run));
        QVERIFY2(run.out.contains(QRegularExpression(QStringLiteral("\\nworkflows +12  [0-9a-f]{16}  yes\\n"))), describe(run));
        if (!password.isEmpty())
            QVERIFY2(!(run.out + run.err).contains(QLatin1Char(':') + password + QLatin1Char('@')), describe(run));
        QCOMPARE(PopulatedStore::rowCount(url.toString(), QStringLiteral("tasks")).value(), qint64(60));
        pg.dropDatabase(url.toString());
    }
};

QTEST_GUILESS_MAIN(TestStoreCommands)
#include "test_store_commands.moc"
