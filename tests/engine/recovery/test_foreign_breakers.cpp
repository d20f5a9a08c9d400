// Breakers held on a thread of their own (the Conductor client's server breaker), as
// GET /api/circuitbreaker/status lists them and the operator actions reach them.
#include "core/Clock.h"
#include "recovery/CircuitBreaker.h"
#include "recovery/ForeignBreakers.h"

#include <QTest>
#include <QThread>

using namespace orrery;

class TestForeignBreakers : public QObject
{
    Q_OBJECT

private slots:
    void noEntryAnswersAtOnce()
    {
        ForeignBreakers f;
        bool called = false;
        f.collect([&](QList<QJsonObject> all) {
            called = true;
            QVERIFY(all.isEmpty());
        });
        QVERIFY(called);
        QVERIFY(!f.find(QStringLiteral("conductor:h:1")));
    }

    // The breaker lives on another thread: status and actions are posted there and answered from
    // there, each status marked with its source.
    void statusAndActionsOnTheOwnersThread()
    {
        ManualClock clock;
        QThread thread;
        thread.start();
        auto *breaker = new CircuitBreaker(QStringLiteral("conductor:h:1"), BreakerConfig{}, &clock);
        breaker->moveToThread(&thread);
        ForeignBreakers f;
        ForeignBreakers::Entry e;
        e.name = breaker->name();
        e.source = QStringLiteral("conductor-client");
        e.status = [breaker](ForeignBreakers::StatusDone done) {
            QMetaObject::invokeMethod(breaker, [breaker, done] { done(breaker->toJson()); }, Qt::QueuedConnection);
        };
        e.act = [breaker](ForeignBreakers::Action a, const QString &actor, ForeignBreakers::ActDone done) {
            QMetaObject::invokeMethod(breaker, [breaker, a, actor, done] {
                if (a == ForeignBreakers::Action::Open)
                    breaker->forceOpen(QStringLiteral("forced open by %1").arg(actor));
                else if (a == ForeignBreakers::Action::Close)
                    breaker->forceClose();
                else
                    breaker->reset();
                done(breaker->toJson());
            }, Qt::QueuedConnection);
        };
        f.add(e);
        f.add(e); // same name: replaced, not listed twice
        QCOMPARE(f.entries().size(), 1);

        QList<QJsonObject> listed;
        bool got = false;
        f.collect([&](QList<QJsonObject> all) { listed = all; got = true; });
        QTRY_VERIFY(got);
        QCOMPARE(listed.size(), 1);
        QCOMPARE(listed[0].value(QStringLiteral("name")).toString(), QStringLiteral("conductor:h:1"));
        QCOMPARE(listed[0].value(QStringLiteral("source")).toString(), QStringLiteral("conductor-client"));
        QCOMPARE(listed[0].value(QStringLiteral("state")).toString(), QStringLiteral("CLOSED"));

        auto act = [&](ForeignBreakers::Action a) {
            QString state;
            f.find(QStringLiteral("conductor:h:1"))->act(a, QStringLiteral("ops"), [&](Result<QJsonObject> r) {
                state = r.ok() ? r.value().value(QStringLiteral("state")).toString() : QStringLiteral("error");
            });
            for (int i = 0; i < 500 && state.isEmpty(); ++i)
                QTest::qWait(5);
            return state;
        };
        QCOMPARE(act(ForeignBreakers::Action::Open), QStringLiteral("FORCED_OPEN"));
        QCOMPARE(act(ForeignBreakers::Action::Close), QStringLiteral("CLOSED"));
        QCOMPARE(act(ForeignBreakers::Action::Open), QStringLiteral("FORCED_OPEN"));
        QCOMPARE(act(ForeignBreakers::Action::Reset), QStringLiteral("CLOSED"));

        f.remove(QStringLiteral("conductor:h:1"));
        QVERIFY(!f.find(QStringLiteral("conductor:h:1")));
        QMetaObject::invokeMethod(breaker, [breaker] { delete breaker; }, Qt::BlockingQueuedConnection);
        thread.quit();
        thread.wait();
    }
};

QTEST_GUILESS_MAIN(TestForeignBreakers)
#include "test_foreign_breakers.moc"
