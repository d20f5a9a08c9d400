// Renders each view of the console offscreen with realistic data and saves screenshots to
// <build>/ui-screenshots/ (the data: 400 workflows of four types in every state, their 1,200
// tasks, and 15 minutes of per-second throughput).

#include "DashboardView.h"
#include "ExecutionModels.h"
#include "ExecutionsView.h"
#include "MainWindow.h"
#include "ThroughputSeries.h"
#include "core/Clock.h"

#include <QDateTime>
#include <QDir>
#include <QImage>
#include <QRandomGenerator>
#include <QSet>
#include <QSettings>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <cmath>

using namespace orrery;

namespace {

DeltaBatch realisticBatch(qint64 nowMs)
{
    QRandomGenerator rng(42);
    const QStringList types = {QStringLiteral("health_check"), QStringLiteral("profiling"), QStringLiteral("order_fulfilment"),
                               QStringLiteral("nightly_report")};
    const QStringList wfStates = {QStringLiteral("COMPLETED"), QStringLiteral("COMPLETED"), QStringLiteral("COMPLETED"),
                                  QStringLiteral("RUNNING"), QStringLiteral("FAILED"), QStringLiteral("PAUSED"),
                                  QStringLiteral("TIMED_OUT"), QStringLiteral("TERMINATED")};
    const QStringList taskTypes = {QStringLiteral("http"), QStringLiteral("shell"), QStringLiteral("notify")};
    DeltaBatch b;
    b.resync = true;
    for (int i = 0; i < 400; ++i) {
        const QString id = QStringLiteral("%1-4c1e-4b7a-9f%2").arg(0x1000a000 + i * 7919, 8, 16, QLatin1Char('0')).arg(i, 6, 10, QLatin1Char('0'));
        const QString status = wfStates.at(int(rng.bounded(wfStates.size())));
        const qint64 start = nowMs - qint64(rng.bounded(900'000));
        QJsonObject w{{QStringLiteral("workflowId"), id},
                      {QStringLiteral("workflowType"), types.at(i % types.size())},
                      {QStringLiteral("version"), 1 + i % 2},
                      {QStringLiteral("status"), status},
                      {QStringLiteral("startTime"), QDateTime::fromMSecsSinceEpoch(start, Qt::UTC).toString(Qt::ISODateWithMs)},
                      {QStringLiteral("updateTime"), QDateTime::fromMSecsSinceEpoch(start + 1500, Qt::UTC).toString(Qt::ISODateWithMs)},
                      {QStringLiteral("correlationId"), QStringLiteral("order-%1").arg(10000 + i)}};
        if (status == QLatin1String("FAILED"))
            w.insert(QStringLiteral("reasonForIncompletion"), QStringLiteral("Task http failed: connection refused (retries exhausted)"));
        b.workflows.append(w);
        for (int t = 0; t < 3; ++t) {
            const bool last = t == 2;
            QString ts = QStringLiteral("COMPLETED");
            if (last && status == QLatin1String("RUNNING"))
                ts = QStringLiteral("IN_PROGRESS");
            else if (last && status == QLatin1String("FAILED"))
                ts = QStringLiteral("FAILED");
            b.tasks.append({{QStringLiteral("taskId"), QStringLiteral("%1-t%2").arg(id).arg(t)},
                            {QStringLiteral("taskType"), taskTypes.at(t)},
                            {QStringLiteral("referenceTaskName"), taskTypes.at(t) + QStringLiteral("_ref")},
                            {QStringLiteral("status"), ts},
                            {QStringLiteral("retryCount"), ts == QLatin1String("FAILED") ? 3 : 0},
                            {QStringLiteral("workflowInstanceId"), id},
                            {QStringLiteral("workerId"), t == 0 ? QStringLiteral("orrery-local") : QStringLiteral("python-worker-%1").arg(i % 4)},
                            {QStringLiteral("updateTime"), QDateTime::fromMSecsSinceEpoch(start + 500 * t, Qt::UTC).toString(Qt::ISODateWithMs)}});
        }
    }
    return b;
}

// Distinct colours over a grid of samples: a blank or single-colour image has very few.
int distinctColours(const QImage &img)
{
    QSet<QRgb> seen;
    for (int y = 0; y < img.height(); y += 7)
        for (int x = 0; x < img.width(); x += 7)
            seen.insert(img.pixel(x, y));
    return int(seen.size());
}

} // namespace

class TestUiScreenshots : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rendersEveryView() { render(QString()); }

    void rendersEveryViewInGerman()
    {
        QTranslator de;
        QVERIFY2(de.load(QStringLiteral(ORRERY_DE_QM)), ORRERY_DE_QM);
        QCoreApplication::installTranslator(&de);
        render(QStringLiteral("-de"));
        QCoreApplication::removeTranslator(&de);
    }

private:
    void render(const QString &suffix)
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("console.ini")), QSettings::IniFormat);
        ManualClock clock(1'764'000'000'000);
        const qint64 begin = clock.nowMs();
        MainWindow window(&clock, &settings);
        // 15 minutes of throughput: a daily-looking wave with failure bursts.
        for (int s = 0; s < 900; ++s) {
            clock.setMs(begin + s * 1000);
            const int done = int(40 + 25 * std::sin(s / 60.0) + (s % 13));
            const int failed = (s % 97 < 6) ? 4 + s % 5 : (s % 11 == 0 ? 1 : 0);
            window.throughput()->record(done, failed);
        }
        window.applyBatch(realisticBatch(clock.nowMs()));
        QCOMPARE(window.workflowModel()->rowCount(), 400);
        QCOMPARE(window.taskModel()->rowCount(), 1200);
        window.dashboard()->refresh();
        QVERIFY(window.dashboard()->countText(QStringLiteral("task"), QStringLiteral("IN_PROGRESS")).contains(QStringLiteral("<b>")));

        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        if (!suffix.isEmpty())
            QCOMPARE(window.tabs()->tabText(0), QStringLiteral("Übersicht"));
        const QString outDir = qEnvironmentVariable("ORRERY_TEST_BINARY_DIR", QDir::tempPath()) + QStringLiteral("/ui-screenshots");
        QVERIFY(QDir().mkpath(outDir));
        const QStringList names = {QStringLiteral("dashboard"), QStringLiteral("workflows"), QStringLiteral("tasks")};
        // Dashboard, Workflows and Tasks here; the other views save theirs from their own tests
        // (test_ui_jobs, test_ui_dlq, test_ui_ops_views), with data from a real engine.
        for (int i = 0; i < names.size(); ++i) {
            window.tabs()->setCurrentIndex(i);
            if (i == 1)
                window.workflowsView()->table()->selectRow(3);
            QCoreApplication::processEvents();
            const QImage img = window.grab().toImage();
            QVERIFY(img.width() >= 1000 && img.height() >= 600);
            QVERIFY2(distinctColours(img) > 20, qPrintable(names.at(i)));
            const QString path = outDir + u'/' + names.at(i) + suffix + QStringLiteral(".png");
            QVERIFY(img.save(path));
            qInfo("saved %s", qPrintable(path));
        }
        // The layout is remembered: the open tab and the geometry come back in a new window.
        window.tabs()->setCurrentIndex(2);
        window.resize(1100, 700);
        window.close();
        MainWindow again(&clock, &settings);
        QCOMPARE(again.tabs()->currentIndex(), 2);
        QCOMPARE(again.size(), QSize(1100, 700));
    }
};

QTEST_MAIN(TestUiScreenshots)
#include "test_ui_screenshots.moc"
