// The Jobs view against a remote orreryd process (REST + the Socket.IO hub): pausing the demo
// health-check job from the view changes its next run to "paused", resuming (catching up missed
// runs) restores it, and a job paused by another client shows up through the hub's job_* events.

#include "JobTableModel.h"
#include "JobsView.h"
#include "OrrerydProcess.h"
#include "RemoteEngineClient.h"
#include "core/Clock.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QDir>
#include <QMessageBox>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

using namespace orrery;

class TestUiJobsRemote : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pausesAndResumesOnRemoteServer()
    {
        QTemporaryDir dir;
        QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("data"))));
        test::OrrerydProcess server(dir.filePath(QStringLiteral("data")));
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        SystemClock clock;
        RemoteEngineClient client(QUrl(server.baseUrl()), QString::fromUtf8(server.token()), &clock);
        client.setPollIntervalMs(250);
        JobsView view(&clock);
        QAbstractItemModelTester tester(view.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        connect(&client, &EngineClient::deltas, &view, &JobsView::applyBatch);
        client.open();
        view.setClient(&client);
        QTRY_COMPARE_WITH_TIMEOUT(client.state(), EngineClient::State::Connected, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(client.streaming(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(view.selectJob(QStringLiteral("health-check")), 10000);

        JobTableModel *model = view.model();
        auto row = [&] { return model->rowOf(QStringLiteral("health-check")); };
        auto state = [&] { return model->index(row(), 0).data(JobTableModel::StateRole).toString(); };
        auto nextRun = [&] { return model->index(row(), JobTableModel::NextRun).data().toString(); };
        QCOMPARE(state(), QStringLiteral("scheduled"));
        QVERIFY2(nextRun().contains(QStringLiteral("(in ")), qPrintable(nextRun()));
        QCOMPARE(model->index(row(), JobTableModel::Schedule).data().toString().left(6), QStringLiteral("Every "));

        auto *pause = view.findChild<QAction *>(QStringLiteral("pauseJob"));
        auto *resume = view.findChild<QAction *>(QStringLiteral("resumeJob"));
        QTRY_VERIFY_WITH_TIMEOUT(pause->isEnabled(), 10000);
        pause->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(state(), QStringLiteral("paused"), 10000);
        QCOMPARE(nextRun(), QStringLiteral("paused"));
        // The server agrees.
        QCOMPARE(server.get(QStringLiteral("/api/scheduler/jobs/health-check")).json().object().value(QStringLiteral("state")).toString(),
                 QStringLiteral("paused"));

        QVERIFY(resume->isEnabled());
        resume->trigger();
        auto *question = view.findChild<QMessageBox *>(QStringLiteral("resumeQuestion"));
        QVERIFY(question);
        question->findChild<QPushButton *>(QStringLiteral("resumeMissed"))->click();
        QTRY_COMPARE_WITH_TIMEOUT(state(), QStringLiteral("scheduled"), 10000);
        QVERIFY(!model->index(row(), 0).data(JobTableModel::NextRunMsRole).isNull());
        QVERIFY(!nextRun().contains(QStringLiteral("paused")));

        // Paused by another client: the hub's job_paused event reloads the row.
        const int cleanup = model->rowOf(QStringLiteral("cleanup"));
        QVERIFY(cleanup >= 0);
        QCOMPARE(server.request("POST", QStringLiteral("/api/scheduler/jobs/cleanup/pause")).status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(model->index(model->rowOf(QStringLiteral("cleanup")), 0).data(JobTableModel::StateRole).toString(),
                                  QStringLiteral("paused"), 10000);
        view.setClient(nullptr);
        client.close();
    }
};

QTEST_MAIN(TestUiJobsRemote)
#include "test_ui_jobs_remote.moc"
