// TaskIndex (WorkflowRun::byTaskId): QHash's insert/value over a small vector that becomes a
// hash past kLinear entries; every id maps to its index before and after the switch.

#include "workflow/TaskIndex.h"

#include <QTest>

using namespace orrery;

class TestTaskIndex : public QObject
{
    Q_OBJECT

private slots:
    void mapsIdsBeforeAndAfterGrowing()
    {
        TaskIndex index;
        QCOMPARE(index.value(QStringLiteral("none")), 0);
        QCOMPARE(index.value(QStringLiteral("none"), -1), -1);
        QVERIFY(!index.contains(QStringLiteral("none")));
        const int n = int(TaskIndex::kLinear) * 3;
        for (int i = 0; i < n; ++i) {
            index.insert(QStringLiteral("task-%1").arg(i), i * 2);
            QCOMPARE(index.size(), qsizetype(i + 1));
            for (int j = 0; j <= i; ++j)
                QCOMPARE(index.value(QStringLiteral("task-%1").arg(j), -1), j * 2);
            QCOMPARE(index.value(QStringLiteral("task-%1").arg(i + 1), -1), -1);
        }
    }

    void insertingAnIdAgainReplacesItsIndex()
    {
        for (int count : {3, int(TaskIndex::kLinear) + 4}) {
            TaskIndex index;
            for (int i = 0; i < count; ++i)
                index.insert(QStringLiteral("t%1").arg(i), i);
            index.insert(QStringLiteral("t1"), 99);
            QCOMPARE(index.size(), qsizetype(count));
            QCOMPARE(index.value(QStringLiteral("t1")), 99);
            QCOMPARE(index.value(QStringLiteral("t0")), 0);
            QVERIFY(index.contains(QStringLiteral("t2")));
        }
    }
};

QTEST_GUILESS_MAIN(TestTaskIndex)
#include "test_task_index.moc"
