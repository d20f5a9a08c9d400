// The console's pieces that need no engine: live operating counters and tray notifications in
// virtual time, project/time filters, settings (theme applied at once, language kept for the
// next start), and remembered table layouts.

#include "DeltaBatch.h"
#include "ExecutionModels.h"
#include "ExecutionsView.h"
#include "LiveOpsCounters.h"
#include "MainWindow.h"
#include "RowFilterProxy.h"
#include "SettingsDialog.h"
#include "Theme.h"
#include "TrayNotifier.h"
#include "core/Clock.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace orrery;

namespace {

QJsonObject otherEvent(const QString &name, const QJsonObject &fields)
{
    QJsonObject e = fields;
    e.insert(QStringLiteral("event"), name);
    return e;
}

} // namespace

class TestUiConsoleUnits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void liveCountersSlideInVirtualTime()
    {
        ManualClock clock(1'700'000'000'000);
        LiveOpsCounters c(&clock);
        QCOMPARE(c.latenessPercentile(0.99), -1);
        QCOMPARE(c.eventDelayPercentile(0.95), -1);
        DeltaBatch b;
        b.tasksRetried = 3;
        b.timeMs = clock.nowMs() - 40; // the newest event of the tick is 40 ms old
        for (int i = 1; i <= 100; ++i)
            b.otherEvents << otherEvent(QStringLiteral("job_fired"), {{QStringLiteral("latenessMs"), i}});
        b.otherEvents << otherEvent(QStringLiteral("job_missed"), {});
        b.otherEvents << otherEvent(QStringLiteral("breaker_state_changed"), {{QStringLiteral("to"), QStringLiteral("OPEN")}});
        b.otherEvents << otherEvent(QStringLiteral("breaker_state_changed"), {{QStringLiteral("to"), QStringLiteral("HALF_OPEN")}});
        c.record(b);
        QCOMPARE(c.retries(), 3);
        QCOMPARE(c.jobsFired(), 100);
        QCOMPARE(c.jobsMissed(), 1);
        QCOMPARE(c.breakerTrips(), 1); // only transitions to OPEN count
        QCOMPARE(c.latenessPercentile(0.99), 99);
        QCOMPARE(c.latenessPercentile(0.5), 50);
        QCOMPARE(c.latenessMax(), 100);
        QCOMPARE(c.eventDelayPercentile(0.95), 40);

        clock.advanceMs(61 * 1000); // the delay window (1 min) has passed, the 15 min one has not
        QCOMPARE(c.eventDelayPercentile(0.95), -1);
        QCOMPARE(c.retries(), 3);
        clock.advanceMs(14 * 60 * 1000);
        QCOMPARE(c.retries(), 0);
        QCOMPARE(c.breakerTrips(), 0);
        QCOMPARE(c.latenessMax(), -1);
    }

    void trayMergesAStormAndKeepsTheGap()
    {
        ManualClock clock(1'700'000'000'000);
        TrayNotifier tray(&clock);
        tray.setMinGapMs(10000);
        QSignalSpy notified(&tray, &TrayNotifier::notified);
        DeltaBatch b;
        b.otherEvents << otherEvent(QStringLiteral("breaker_state_changed"),
                               {{QStringLiteral("name"), QStringLiteral("http:api.example.com")}, {QStringLiteral("to"), QStringLiteral("OPEN")},
                                {QStringLiteral("reason"), QStringLiteral("5 consecutive failures")}});
        b.otherEvents << otherEvent(QStringLiteral("task_completed"), {});
        tray.applyBatch(b);
        QCOMPARE(notified.count(), 1);
        QVERIFY(notified.at(0).at(1).toString().contains(QStringLiteral("http:api.example.com opened: 5 consecutive failures")));

        // Within the gap: held, then merged into one notification.
        DeltaBatch storm;
        storm.otherEvents << otherEvent(QStringLiteral("dlq_alert"), {{QStringLiteral("message"), QStringLiteral("12 entries")}});
        storm.otherEvents << otherEvent(QStringLiteral("breaker_state_changed"),
                                   {{QStringLiteral("name"), QStringLiteral("redis")}, {QStringLiteral("to"), QStringLiteral("OPEN")}});
        tray.applyBatch(storm);
        QCOMPARE(notified.count(), 1);
        clock.advanceMs(10000);
        tray.flush();
        QCOMPARE(notified.count(), 2);
        QVERIFY(notified.at(1).at(0).toString().contains(QStringLiteral("2")));
        QVERIFY(notified.at(1).at(1).toString().contains(QStringLiteral("redis")));
        QCOMPARE(tray.history().size(), 2);

        tray.setEnabled(false);
        clock.advanceMs(60000);
        tray.applyBatch(storm);
        tray.flush();
        QCOMPARE(notified.count(), 2);
    }

    void projectAndTimeFiltersCombine()
    {
        TaskTableModel model;
        RowFilterProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        auto task = [](const QString &id, const QString &project, const QJsonValue &updated) {
            return QJsonObject{{QStringLiteral("taskId"), id}, {QStringLiteral("taskType"), QStringLiteral("t")},
                               {QStringLiteral("status"), QStringLiteral("COMPLETED")}, {QStringLiteral("projectId"), project},
                               {QStringLiteral("updateTime"), updated}};
        };
        model.applyRows({task(QStringLiteral("a"), QStringLiteral("shop"), double(now - 1000)),
                         task(QStringLiteral("b"), QStringLiteral("shop"),
                              QDateTime::fromMSecsSinceEpoch(now - 2 * 3600 * 1000, Qt::UTC).toString(Qt::ISODateWithMs)),
                         task(QStringLiteral("c"), QStringLiteral("billing"), double(now - 1000))});
        proxy.setProject(QStringLiteral("shop"));
        QCOMPARE(proxy.rowCount(), 2);
        proxy.setUpdatedSince(now - 3600 * 1000); // ISO and ms times both compare
        QCOMPARE(proxy.rowCount(), 1);
        QCOMPARE(proxy.index(0, 0).data(JsonRowModel::IdRole).toString(), QStringLiteral("a"));
        proxy.setProject(QString());
        QCOMPARE(proxy.rowCount(), 2);
        proxy.setUpdatedSince(0);
        QCOMPARE(proxy.rowCount(), 3);
    }

    void executionsViewOffersProjectsSeenInRows()
    {
        TaskTableModel model;
        ExecutionsView view(ExecutionsView::Kind::Tasks, &model, nullptr);
        model.applyRows({{{QStringLiteral("taskId"), "a"}, {QStringLiteral("projectId"), "shop"}},
                         {{QStringLiteral("taskId"), "b"}, {QStringLiteral("projectId"), "billing"}}});
        auto *projects = view.findChild<QComboBox *>(QStringLiteral("projectFilter"));
        QVERIFY(projects);
        QCOMPARE(projects->count(), 3);
        projects->setCurrentIndex(projects->findText(QStringLiteral("billing")));
        QCOMPARE(view.proxy()->rowCount(), 1);
    }

    void settingsApplyThemeAndKeepLanguage()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("console.ini")), QSettings::IniFormat);
        SettingsDialog dialog(&settings);
        QSignalSpy theme(&dialog, &SettingsDialog::themeChanged);
        QSignalSpy language(&dialog, &SettingsDialog::languageChanged);
        auto *lang = dialog.findChild<QComboBox *>(QStringLiteral("language"));
        auto *colours = dialog.findChild<QComboBox *>(QStringLiteral("theme"));
        auto *note = dialog.findChild<QLabel *>(QStringLiteral("restartNote"));
        QVERIFY(note->isHidden());
        lang->setCurrentIndex(lang->findData(QStringLiteral("de")));
        QVERIFY(!note->isHidden());
        colours->setCurrentIndex(colours->findData(QStringLiteral("dark")));
        dialog.accept();
        QCOMPARE(settings.value(QStringLiteral("language")).toString(), QStringLiteral("de"));
        QCOMPARE(settings.value(QStringLiteral("theme")).toString(), QStringLiteral("dark"));
        QCOMPARE(theme.count(), 1);
        QCOMPARE(language.count(), 1);

        auto &app = static_cast<QApplication &>(*QCoreApplication::instance());
        const bool wasDark = Theme::isDark(app.palette());
        Theme::apply(app, Theme::Mode::Dark);
        QVERIFY(Theme::isDark(QApplication::palette()));
        Theme::apply(app, Theme::Mode::Light);
        QVERIFY(!Theme::isDark(QApplication::palette()));
        Theme::apply(app, Theme::Mode::System); // back to the platform's own palette
        QCOMPARE(Theme::isDark(QApplication::palette()), wasDark);
        QCOMPARE(Theme::parse(QStringLiteral("DARK")), Theme::Mode::Dark);
        QCOMPARE(Theme::parse(QStringLiteral("purple")), Theme::Mode::System);
    }

    void tableLayoutsAreRemembered()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("console.ini")), QSettings::IniFormat);
        ManualClock clock(1'700'000'000'000);
        {
            MainWindow window(&clock, &settings);
            auto *table = window.workflowsView()->table();
            table->horizontalHeader()->resizeSection(1, 333);
            table->horizontalHeader()->moveSection(2, 0);
            window.close();
        }
        MainWindow again(&clock, &settings);
        auto *header = again.workflowsView()->table()->horizontalHeader();
        QCOMPARE(header->sectionSize(1), 333);
        QCOMPARE(header->logicalIndex(0), 2);
    }
};

QTEST_MAIN(TestUiConsoleUnits)
#include "test_ui_console_units.moc"
