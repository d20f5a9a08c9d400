#include "workflow/DeadlineHeap.h"
#include "workflow/TaskQueues.h"

#include <QTest>

using namespace orrery;

class TestTaskQueues : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fifoWithinPriority()
    {
        TaskQueues q;
        q.push(QStringLiteral("t"), QStringLiteral("a"), 0, 0, 100);
        q.push(QStringLiteral("t"), QStringLiteral("b"), 0, 0, 100);
        q.push(QStringLiteral("t"), QStringLiteral("c"), 5, 0, 100);
        QCOMPARE(q.size(QStringLiteral("t")), 3);
        QCOMPARE(q.pop(QStringLiteral("t"), 10), (QStringList{QStringLiteral("c"), QStringLiteral("a"), QStringLiteral("b")}));
        QCOMPARE(q.size(QStringLiteral("t")), 0);
    }

    void delayedVisibility()
    {
        TaskQueues q;
        q.push(QStringLiteral("t"), QStringLiteral("late"), 0, 1500, 1000);
        q.push(QStringLiteral("t"), QStringLiteral("now"), 0, 1000, 1000);
        QCOMPARE(q.readyCount(QStringLiteral("t")), 1);
        QCOMPARE(q.size(QStringLiteral("t")), 2);
        QCOMPARE(q.nextVisibleAt(), 1500);
        QCOMPARE(q.pop(QStringLiteral("t"), 5), QStringList{QStringLiteral("now")});
        QVERIFY(q.promoteDue(1499).isEmpty());
        QCOMPARE(q.promoteDue(1500), QSet<QString>{QStringLiteral("t")});
        QCOMPARE(q.pop(QStringLiteral("t"), 5), QStringList{QStringLiteral("late")});
        QCOMPARE(q.nextVisibleAt(), -1);
    }

    void removeAndRepushAreNotDelivered()
    {
        TaskQueues q;
        q.push(QStringLiteral("t"), QStringLiteral("a"), 0, 0, 0);
        q.push(QStringLiteral("t"), QStringLiteral("b"), 0, 0, 0);
        q.remove(QStringLiteral("a"));
        QCOMPARE(q.size(QStringLiteral("t")), 1);
        // Re-pushing moves the entry; the stale one is skipped.
        q.push(QStringLiteral("t"), QStringLiteral("b"), 0, 50, 0);
        QCOMPARE(q.readyCount(QStringLiteral("t")), 0);
        QVERIFY(q.pop(QStringLiteral("t"), 5).isEmpty());
        q.promoteDue(50);
        QCOMPARE(q.pop(QStringLiteral("t"), 5), QStringList{QStringLiteral("b")});
        QVERIFY(!q.contains(QStringLiteral("b")));
    }

    void domainsAreSeparateQueues()
    {
        QCOMPARE(TaskQueues::queueName(QStringLiteral("t"), QString()), QStringLiteral("t"));
        QCOMPARE(TaskQueues::queueName(QStringLiteral("t"), QStringLiteral("d")), QStringLiteral("d:t"));
    }

    void deadlineHeapRearmAndDisarm()
    {
        DeadlineHeap h;
        h.arm(QStringLiteral("a"), 100);
        h.arm(QStringLiteral("b"), 50);
        h.arm(QStringLiteral("a"), 10); // re-armed earlier
        h.disarm(QStringLiteral("b"));
        QCOMPARE(h.next(), 10);
        QCOMPARE(h.takeDue(60), QStringList{QStringLiteral("a")});
        QCOMPARE(h.next(), -1);
        QCOMPARE(h.size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestTaskQueues)
#include "test_taskqueues.moc"
