// Screenshots of the Jobs view with realistic jobs on a local engine: zones, a paused job, an
// interval, runs with outcomes, the detail with its runs (jobs.png), and the editor with the
// preview of a cron rule (jobs-editor.png), saved to <build>/ui-screenshots/.

#include "JobEditorDialog.h"
#include "JobTableModel.h"
#include "JobsView.h"
#include "JsonRowModel.h"
#include "LocalEngineClient.h"
#include "UiTestSupport.h"
#include "core/Clock.h"

#include <QDir>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace orrery;
using namespace orrery::test;

class TestUiJobsScreenshots : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    SystemClock m_clock;
    LocalEngineClient *m_client = nullptr;

    static QString outDir()
    {
        const QString dir = qEnvironmentVariable("ORRERY_TEST_BINARY_DIR", QDir::tempPath()) + QStringLiteral("/ui-screenshots");
        QDir().mkpath(dir);
        return dir;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        ServerConfig config;
        config.dataDir = m_dir.filePath(QStringLiteral("data"));
        config.port = 0;
        m_client = new LocalEngineClient(config, this);
        m_client->open();
        QTRY_COMPARE_WITH_TIMEOUT(m_client->state(), EngineClient::State::Connected, 30000); // the engine starts on its host thread
        auto registered = callSync(m_client, "POST", QStringLiteral("/api/metadata/workflow"), nightlyReportDefinition());
        QVERIFY2(registered.ok(), registered.ok() ? "" : qPrintable(registered.error().message));
    }

    void cleanupTestCase()
    {
        m_client->close();
    }

    void screenshots()
    {
        // Realistic jobs next to the defaults: zones, a paused one, an interval, a one-shot.
        auto add = [this](const QJsonObject &def) {
            bool done = false;
            m_client->call("POST", QStringLiteral("/api/scheduler/jobs"), {}, def, [&done](Result<QJsonValue> r) {
                QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
                done = true;
            });
            QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
        };
        const QJsonObject wf{{QStringLiteral("type"), QStringLiteral("workflow")}, {QStringLiteral("name"), QStringLiteral("nightly_report")}};
        auto cron = [](const char *expr, const char *zone) {
            return QJsonObject{{QStringLiteral("type"), QStringLiteral("cron")}, {QStringLiteral("expression"), QLatin1String(expr)},
                               {QStringLiteral("timezone"), QLatin1String(zone)}};
        };
        add({{QStringLiteral("id"), QStringLiteral("invoice-sync")}, {QStringLiteral("name"), QStringLiteral("Invoice sync")},
             {QStringLiteral("trigger"), cron("15 8-18 * * mon-fri", "Europe/Berlin")}, {QStringLiteral("target"), wf},
             {QStringLiteral("maxInstances"), 2}, {QStringLiteral("jitterSeconds"), 30}});
        add({{QStringLiteral("id"), QStringLiteral("quarter-report")}, {QStringLiteral("name"), QStringLiteral("Quarter-end report")},
             {QStringLiteral("trigger"), cron("0 6 L 3,6,9,12 *", "America/New_York")}, {QStringLiteral("target"), wf},
             {QStringLiteral("coalesce"), QStringLiteral("earliest")}, {QStringLiteral("misfireGraceSeconds"), 3600},
             {QStringLiteral("paused"), true}});
        add({{QStringLiteral("id"), QStringLiteral("cache-warmup")}, {QStringLiteral("name"), QStringLiteral("Cache warm-up")},
             {QStringLiteral("trigger"), QJsonObject{{QStringLiteral("type"), QStringLiteral("interval")}, {QStringLiteral("intervalMs"), 300000}}},
             {QStringLiteral("target"), wf}, {QStringLiteral("misfireGraceSeconds"), QJsonValue()}});
        add({{QStringLiteral("id"), QStringLiteral("dst-check")}, {QStringLiteral("name"), QStringLiteral("Lord Howe DST check")},
             {QStringLiteral("trigger"), cron("30 2 * * sun", "Australia/Lord_Howe")}, {QStringLiteral("target"), wf},
             {QStringLiteral("coalesce"), QStringLiteral("all")}, {QStringLiteral("maxInstances"), 0}});

        JobsView view(&m_clock);
        connect(m_client, &EngineClient::deltas, &view, &JobsView::applyBatch);
        view.setClient(m_client);
        QTRY_VERIFY_WITH_TIMEOUT(view.model()->rowOf(QStringLiteral("dst-check")) >= 0, 10000);
        for (const char *id : {"invoice-sync", "dst-check", "cache-warmup"})
            m_client->call("POST", QStringLiteral("/api/scheduler/jobs/%1/run").arg(QLatin1String(id)), {}, {}, [](Result<QJsonValue> r) {
                QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
            });
        auto outcome = [&view](const char *id) {
            return view.model()->index(view.model()->rowOf(QLatin1String(id)), 0).data(JobTableModel::LastOutcomeRole).toString();
        };
        QTRY_COMPARE_WITH_TIMEOUT(outcome("invoice-sync"), QStringLiteral("COMPLETED"), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(outcome("dst-check"), QStringLiteral("COMPLETED"), 30000);
        QVERIFY(view.selectJob(QStringLiteral("cache-warmup")));
        // Its run in the detail.
        QTRY_VERIFY_WITH_TIMEOUT(view.runsModel()->rowCount() >= 1
                                     && view.model()->index(view.model()->rowOf(QStringLiteral("cache-warmup")), 0)
                                            .data(JobTableModel::LastOutcomeRole).toString() == QLatin1String("COMPLETED"),
                                 30000);
        view.resize(1400, 720);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QCoreApplication::processEvents();
        QVERIFY(view.grab().save(outDir() + QStringLiteral("/jobs.png")));

        auto *editor = new JobEditorDialog(m_client, &m_clock, view.model()->job(view.model()->rowOf(QStringLiteral("invoice-sync"))), &view);
        editor->show();
        QVERIFY(QTest::qWaitForWindowExposed(editor));
        QTRY_COMPARE_WITH_TIMEOUT(editor->previewTimes().size(), 5, 10000);
        QVERIFY(editor->isValid());
        QCOMPARE(editor->definition().value(QStringLiteral("maxInstances")).toInt(), 2);
        QCOMPARE(editor->definition().value(QStringLiteral("jitterSeconds")).toDouble(), 30.0);
        editor->adjustSize();
        QCoreApplication::processEvents();
        QVERIFY(editor->grab().save(outDir() + QStringLiteral("/jobs-editor.png")));
        delete editor;
        view.setClient(nullptr);
    }
};

QTEST_MAIN(TestUiJobsScreenshots)
#include "test_ui_jobs_screenshots.moc"
