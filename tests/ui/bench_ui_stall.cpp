// Benchmark (not a timed test): 100,000 tasks loaded into the console, then 1,000 engine events
// per second for 30 s (argv[1] overrides the seconds) delivered through the EventBatcher at
// ~15 Hz. Prints the GUI thread's longest and p99 stall, measured as the lateness of a 1 ms timer.
// Target: p99 <= 16 ms. Run: QT_QPA_PLATFORM=offscreen ./bench_ui_stall [seconds]

#include "EventBatcher.h"
#include "ExecutionModels.h"
#include "ExecutionsView.h"
#include "MainWindow.h"
#include "core/Clock.h"

#include <QApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSettings>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>

using namespace orrery;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const int seconds = argc > 1 ? std::max(1, atoi(argv[1])) : 30;
    constexpr int kTasks = 100'000;
    constexpr int kEventsPerSecond = 1000;

    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("bench.ini")), QSettings::IniFormat);
    SystemClock clock;
    MainWindow window(&clock, &settings);
    window.resize(1280, 800);
    window.show();
    window.tabs()->setCurrentWidget(window.tasksView());

    const QStringList types = {QStringLiteral("http"), QStringLiteral("shell"), QStringLiteral("notify"), QStringLiteral("profile")};
    const QStringList states = {QStringLiteral("SCHEDULED"), QStringLiteral("IN_PROGRESS"), QStringLiteral("COMPLETED"), QStringLiteral("FAILED")};
    DeltaBatch initial;
    initial.resync = true;
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    for (int i = 0; i < kTasks; ++i)
        initial.tasks.append({{QStringLiteral("taskId"), QStringLiteral("task-%1").arg(i)},
                              {QStringLiteral("taskType"), types.at(i % 4)},
                              {QStringLiteral("referenceTaskName"), types.at(i % 4) + QStringLiteral("_ref")},
                              {QStringLiteral("status"), states.at(i % 4)},
                              {QStringLiteral("retryCount"), i % 3},
                              {QStringLiteral("workflowInstanceId"), QStringLiteral("wf-%1").arg(i / 3)},
                              {QStringLiteral("workerId"), QStringLiteral("worker-%1").arg(i % 16)},
                              {QStringLiteral("updateTime"), now}});
    QElapsedTimer loadTimer;
    loadTimer.start();
    window.applyBatch(initial);
    printf("loaded %d tasks in %lld ms\n", window.taskModel()->rowCount(), loadTimer.elapsed());

    EventBatcher batcher;
    QObject::connect(&batcher, &EventBatcher::batchReady, &window, &MainWindow::applyBatch);
    batcher.start();

    std::atomic<bool> stop{false};
    std::thread producer([&] {
        QRandomGenerator rng(7);
        QElapsedTimer t;
        t.start();
        qint64 sent = 0;
        while (!stop.load()) {
            const qint64 due = t.elapsed() * kEventsPerSecond / 1000;
            for (; sent < due; ++sent) {
                const int i = int(rng.bounded(kTasks + 20'000)); // some new tasks too
                const QString status = states.at(int(rng.bounded(4)));
                batcher.add(EngineEvent{status == QLatin1String("COMPLETED") ? QStringLiteral("task_completed") : QStringLiteral("task_started"),
                                        {}, QDateTime::currentMSecsSinceEpoch(),
                                        {{QStringLiteral("taskId"), QStringLiteral("task-%1").arg(i)},
                                         {QStringLiteral("workflowId"), QStringLiteral("wf-%1").arg(i / 3)},
                                         {QStringLiteral("taskType"), types.at(i % 4)},
                                         {QStringLiteral("status"), status}}});
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    });

    std::vector<qint64> stallsUs;
    QElapsedTimer gap;
    gap.start();
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(1);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        const qint64 ns = gap.nsecsElapsed();
        gap.restart();
        stallsUs.push_back(std::max<qint64>(0, ns / 1000 - 1000));
    });
    probe.start();
    QTimer::singleShot(seconds * 1000, &app, [&] { app.quit(); });
    app.exec();
    stop = true;
    producer.join();

    std::sort(stallsUs.begin(), stallsUs.end());
    const qint64 p99 = stallsUs.empty() ? 0 : stallsUs[std::min(stallsUs.size() - 1, size_t(stallsUs.size() * 0.99))];
    const qint64 longest = stallsUs.empty() ? 0 : stallsUs.back();
    printf("rows at end: %d; %zu probe samples over %d s\n", window.taskModel()->rowCount(), stallsUs.size(), seconds);
    printf("GUI thread stall: longest %.1f ms, p99 %.1f ms (target p99 <= 16 ms)\n", longest / 1000.0, p99 / 1000.0);
    return 0;
}
