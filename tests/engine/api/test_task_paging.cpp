// GET /api/tasks at depth (issue 15): keyset paging with ?after= (nextAfter of the previous page)
// gives every row exactly once in the list's order, across ties of the sort key, with or without
// filters and other sorts; a bad cursor is a 400 naming 'after'; the total is counted up to a cap
// and then reported as a lower bound (totalHitsRelation gte) unless exactTotal=true.

#include "ApiFixture.h"

#include "api/TaskQueries.h"
#include "core/Task.h"
#include "store/Store.h"

#include <QJsonArray>
#include <QTest>

#include <algorithm>

using namespace orrery;
using namespace orrery::test;

class TestTaskPaging : public QObject
{
    Q_OBJECT

private:
    ApiFixture m_api;
    QList<Task> m_tasks; // every task stored by initTestCase

    QJsonObject page(const QByteArray &query, int expectStatus = 200) const
    {
        RawResponse r = m_api.call("GET", "/api/tasks" + query, m_api.viewer);
        if (r.status != expectStatus)
            qWarning("GET /api/tasks%s: %d %s", query.constData(), r.status, r.body.constData());
        return r.status == expectStatus ? obj(r) : QJsonObject{{QStringLiteral("unexpectedStatus"), r.status}};
    }

    // Follows nextAfter from the first page; the ids in the order served.
    QStringList walk(const QByteArray &filter, int size, int *pages = nullptr) const
    {
        QStringList ids;
        QByteArray after;
        for (int n = 0; n < 1000; ++n) {
            const QJsonObject p = page("?" + filter + "&size=" + QByteArray::number(size) + (after.isEmpty() ? "" : "&after=" + after));
            const QJsonArray results = p.value(QStringLiteral("results")).toArray();
            for (const QJsonValue &v : results)
                ids << v.toObject().value(QStringLiteral("taskId")).toString();
            if (pages)
                *pages = n + 1;
            after = p.value(QStringLiteral("nextAfter")).toString().toLatin1();
            if (after.isEmpty())
                return ids;
            if (results.size() != size) {
                qWarning("a page with nextAfter is not full: %lld of %d", qlonglong(results.size()), size);
                return {};
            }
        }
        return {};
    }

    // What the list must give: `keep` tasks ordered by `less`, then by id.
    QStringList expected(const std::function<bool(const Task &)> &keep,
                         const std::function<int(const Task &, const Task &)> &compare) const
    {
        QList<Task> kept;
        for (const Task &t : m_tasks)
            if (keep(t))
                kept << t;
        std::sort(kept.begin(), kept.end(), [&](const Task &a, const Task &b) {
            const int c = compare(a, b);
            return c != 0 ? c < 0 : a.taskId < b.taskId;
        });
        QStringList ids;
        for (const Task &t : kept)
            ids << t.taskId;
        return ids;
    }

private slots:
    void initTestCase()
    {
        const QString failure = m_api.start();
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        // Few distinct times, so most rows tie on the sort key and the id has to break the ties.
        const QStringList types{QStringLiteral("page_a"), QStringLiteral("page_b"), QStringLiteral("page_c")};
        for (int i = 0; i < 240; ++i) {
            Task t;
            t.taskId = QStringLiteral("pg-%1").arg((i * 97) % 240, 3, 10, QLatin1Char('0'));
            t.taskType = t.taskDefName = types.at(i % 3);
            t.referenceTaskName = t.taskType + QStringLiteral("_ref");
            t.workflowInstanceId = QStringLiteral("pgwf-%1").arg(i / 4);
            t.status = i % 5 == 0 ? TaskStatus::Scheduled : TaskStatus::Completed;
            t.seq = 1 + i % 4;
            t.updateTime = 1'700'000'000'000 + (i % 7) * 1000;
            t.scheduledTime = 1'700'000'000'000 + (i % 4) * 500;
            m_tasks << t;
            m_api.store()->saveTask(t);
        }
        QVERIFY(m_api.store()->flush().ok());
    }

    void cursorPagesGiveEveryRowOnceInOrder()
    {
        const QStringList want = expected([](const Task &t) { return t.taskType.startsWith(QLatin1String("page_")); },
                                          [](const Task &a, const Task &b) { return a.updateTime == b.updateTime ? 0 : a.updateTime > b.updateTime ? -1 : 1; });
        QCOMPARE(want.size(), 240);
        int pages = 0;
        const QStringList got = walk("type=page_a,page_b,page_c", 7, &pages);
        QCOMPARE(got, want);
        QCOMPARE(pages, (240 + 6) / 7);
        // Offset paging sees the same order.
        const QJsonArray all = page("?type=page_a,page_b,page_c&size=1000").value(QStringLiteral("results")).toArray();
        QStringList byOffset;
        for (const QJsonValue &v : all)
            byOffset << v.toObject().value(QStringLiteral("taskId")).toString();
        QCOMPARE(byOffset, want);
    }

    void cursorsFollowFiltersAndOtherSorts()
    {
        // status filter, default order
        QCOMPARE(walk("status=COMPLETED&type=page_a,page_b,page_c", 10),
                 expected([](const Task &t) { return t.status == TaskStatus::Completed; },
                          [](const Task &a, const Task &b) { return a.updateTime == b.updateTime ? 0 : a.updateTime > b.updateTime ? -1 : 1; }));
        // several statuses (one ordered branch each, merged), by cursor and by offset
        const QStringList both = expected([](const Task &) { return true; },
                                          [](const Task &a, const Task &b) { return a.updateTime == b.updateTime ? 0 : a.updateTime > b.updateTime ? -1 : 1; });
        QCOMPARE(walk("status=COMPLETED,SCHEDULED&type=page_a,page_b,page_c", 13), both);
        const QJsonArray slice = page("?status=SCHEDULED,COMPLETED&type=page_a,page_b,page_c&start=17&size=20").value(QStringLiteral("results")).toArray();
        QStringList sliced;
        for (const QJsonValue &v : slice)
            sliced << v.toObject().value(QStringLiteral("taskId")).toString();
        QCOMPARE(sliced, both.mid(17, 20));
        QCOMPARE(walk("status=COMPLETED,SCHEDULED&type=page_a,page_b,page_c&sort=taskType:DESC|scheduledTime:ASC", 8),
                 expected([](const Task &) { return true; },
                          [](const Task &a, const Task &b) {
                              if (a.taskType != b.taskType)
                                  return a.taskType > b.taskType ? -1 : 1;
                              return a.scheduledTime == b.scheduledTime ? 0 : a.scheduledTime < b.scheduledTime ? -1 : 1;
                          }));
        // two keys, text then time, in opposite directions
        QCOMPARE(walk("type=page_a,page_b,page_c&sort=taskType:ASC|scheduledTime:DESC", 9),
                 expected([](const Task &) { return true; },
                          [](const Task &a, const Task &b) {
                              if (a.taskType != b.taskType)
                                  return a.taskType < b.taskType ? -1 : 1;
                              return a.scheduledTime == b.scheduledTime ? 0 : a.scheduledTime > b.scheduledTime ? -1 : 1;
                          }));
        // by id alone
        QCOMPARE(walk("type=page_b&sort=taskId:DESC", 11),
                 expected([](const Task &t) { return t.taskType == QLatin1String("page_b"); },
                          [](const Task &a, const Task &b) { return a.taskId == b.taskId ? 0 : a.taskId > b.taskId ? -1 : 1; }));
    }

    void aFullLastPageHasNoCursorAndAnEmptyListNone()
    {
        const QJsonObject exact = page("?type=page_a&size=80"); // 80 of them
        QCOMPARE(exact.value(QStringLiteral("results")).toArray().size(), 80);
        QVERIFY(!exact.contains(QStringLiteral("nextAfter")));
        QCOMPARE(exact.value(QStringLiteral("totalHits")).toInt(), 80);
        QCOMPARE(exact.value(QStringLiteral("totalHitsRelation")).toString(), QStringLiteral("eq"));
        const QJsonObject none = page("?type=no_such_type");
        QCOMPARE(none.value(QStringLiteral("results")).toArray().size(), 0);
        QVERIFY(!none.contains(QStringLiteral("nextAfter")));
    }

    void badCursorsAreRefusedNamingAfter()
    {
        const QByteArray good = page("?type=page_a&size=5").value(QStringLiteral("nextAfter")).toString().toLatin1();
        QVERIFY(!good.isEmpty());
        const QByteArray notJson = QByteArray("hello").toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
        const QByteArray wrongKeys = QByteArray(R"({"o":"t.update_time DESC","k":["x"]})")
                                         .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
        for (const QByteArray &query : {QByteArray("?after=%%%not-base64"), "?after=" + notJson, "?after=" + wrongKeys,
                                        "?sort=taskType:ASC&after=" + good}) {
            RawResponse r = m_api.call("GET", "/api/tasks" + query, m_api.viewer);
            QCOMPARE(r.status, 400);
            QVERIFY2(r.body.contains("Query parameter 'after' is not a cursor of this list"), r.body.constData());
            QVERIFY2(r.body.contains("\"after\""), r.body.constData());
        }
        RawResponse both = m_api.call("GET", "/api/tasks?start=5&after=" + good, m_api.viewer);
        QCOMPARE(both.status, 400);
        QVERIFY2(both.body.contains("'after' and 'start' exclude each other"), both.body.constData());
        QCOMPARE(m_api.call("GET", "/api/tasks?exactTotal=maybe", m_api.viewer).status, 400);
    }

    void theTotalIsCappedUnlessExactIsAsked()
    {
        const int cap = TaskQueries::kCountCap;
        QList<Task> many;
        for (int i = 0; i < cap + 5; ++i) {
            Task t;
            t.taskId = QStringLiteral("cap-%1").arg(i, 6, 10, QLatin1Char('0'));
            t.taskType = t.taskDefName = QStringLiteral("cap_t");
            t.workflowInstanceId = QStringLiteral("capwf-%1").arg(i / 10);
            t.status = TaskStatus::Completed;
            t.updateTime = 1'600'000'000'000 + i;
            m_api.store()->saveTask(t);
        }
        QVERIFY(m_api.store()->flush().ok());
        const QJsonObject capped = page("?type=cap_t&size=3");
        QCOMPARE(capped.value(QStringLiteral("totalHits")).toInt(), cap);
        QCOMPARE(capped.value(QStringLiteral("totalHitsRelation")).toString(), QStringLiteral("gte"));
        const QJsonObject exact = page("?type=cap_t&size=3&exactTotal=true");
        QCOMPARE(exact.value(QStringLiteral("totalHits")).toInt(), cap + 5);
        QCOMPARE(exact.value(QStringLiteral("totalHitsRelation")).toString(), QStringLiteral("eq"));
        // A page beyond the cap is still served, and proves a larger lower bound.
        const QJsonObject deep = page("?type=cap_t&size=3&start=" + QByteArray::number(cap));
        QCOMPARE(deep.value(QStringLiteral("results")).toArray().size(), 3);
        QCOMPARE(deep.value(QStringLiteral("totalHits")).toInt(), cap + 4);
        QCOMPARE(deep.value(QStringLiteral("totalHitsRelation")).toString(), QStringLiteral("gte"));
        // The last page: no more rows, so the total is exact again.
        const QJsonObject last = page("?type=cap_t&size=10&start=" + QByteArray::number(cap));
        QCOMPARE(last.value(QStringLiteral("results")).toArray().size(), 5);
        QCOMPARE(last.value(QStringLiteral("totalHits")).toInt(), cap + 5);
        QCOMPARE(last.value(QStringLiteral("totalHitsRelation")).toString(), QStringLiteral("eq"));
        QVERIFY(!last.contains(QStringLiteral("nextAfter")));
        // Oldest first (ASC): the first cap-t task, and a cursor page after it.
        const QJsonObject asc = page("?type=cap_t&size=2&sort=updateTime:ASC");
        QCOMPARE(asc.value(QStringLiteral("results")).toArray().at(1).toObject().value(QStringLiteral("taskId")).toString(),
                 QStringLiteral("cap-000001"));
        const QJsonObject next = page("?type=cap_t&size=2&sort=updateTime:ASC&after=" +
                                      asc.value(QStringLiteral("nextAfter")).toString().toLatin1());
        QCOMPARE(next.value(QStringLiteral("results")).toArray().at(0).toObject().value(QStringLiteral("taskId")).toString(),
                 QStringLiteral("cap-000002"));
    }
};

QTEST_GUILESS_MAIN(TestTaskPaging)
#include "test_task_paging.moc"
