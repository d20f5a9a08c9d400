// GET /api/workflow/search?source=all: how the local and remote pages merge (order across both
// sides with ISO and epoch times, ties, the page cut from the merge, totals) and the remote query.
#include "api/MergedWorkflowSearch.h"

#include <QJsonArray>
#include <QTest>
#include <QUrlQuery>

using namespace orrery;

namespace {

QJsonObject row(const QString &id, const QJsonValue &startTime, const QString &source = {})
{
    QJsonObject o{{QStringLiteral("workflowId"), id}, {QStringLiteral("startTime"), startTime}};
    if (!source.isEmpty())
        o.insert(QStringLiteral("source"), source);
    return o;
}

QJsonObject page(qint64 total, const QList<QJsonObject> &rows)
{
    QJsonArray a;
    for (const QJsonObject &r : rows)
        a.append(r);
    return {{QStringLiteral("totalHits"), total}, {QStringLiteral("results"), a}};
}

QStringList ids(const QJsonObject &answer)
{
    QStringList out;
    for (const QJsonValue &v : answer.value(QStringLiteral("results")).toArray())
        out.append(v.toObject().value(QStringLiteral("workflowId")).toString());
    return out;
}

} // namespace

class TestMergedWorkflowSearch : public QObject
{
    Q_OBJECT

private slots:
    void mergesByStartTimeDescendingByDefault()
    {
        const QJsonObject local = page(3, {row("l3", "2026-12-07T10:00:03.000Z"), row("l2", "2026-12-07T10:00:02.000Z"),
                                           row("l1", "2026-12-07T10:00:01.000Z")});
        // A server that answers epoch milliseconds (as some Conductor versions do), already marked.
        const qint64 t = QDateTime::fromString(QStringLiteral("2026-12-07T10:00:02.500Z"), Qt::ISODateWithMs).toMSecsSinceEpoch();
        const QJsonObject remote = page(40, {row("r1", double(t), "remote"), row("r0", double(t - 5000), "remote")});
        const QJsonObject answer = MergedWorkflowSearch::merge(local, remote, {}, Paging{0, 10}, {});
        QCOMPARE(ids(answer), (QStringList{"l3", "r1", "l2", "l1", "r0"}));
        QCOMPARE(answer.value(QStringLiteral("totalHits")).toInt(), 43); // both sides' totals
        const QJsonArray rows = answer.value(QStringLiteral("results")).toArray();
        QCOMPARE(rows.at(0).toObject().value(QStringLiteral("source")).toString(), QStringLiteral("local"));
        QCOMPARE(rows.at(1).toObject().value(QStringLiteral("source")).toString(), QStringLiteral("remote"));
    }

    void pageIsCutFromTheMergeAndTiesGoByWorkflowId()
    {
        const QJsonObject local = page(2, {row("b", "2026-12-07T10:00:00.000Z"), row("d", "2026-12-07T09:00:00.000Z")});
        const QJsonObject remote = page(2, {row("a", "2026-12-07T10:00:00.000Z", "remote"), row("c", "2026-12-07T09:30:00.000Z", "remote")});
        QCOMPARE(ids(MergedWorkflowSearch::merge(local, remote, {}, Paging{1, 2}, {})), (QStringList{"b", "c"}));
        QCOMPARE(ids(MergedWorkflowSearch::merge(local, remote, QStringLiteral("startTime:ASC"), Paging{0, 4}, {})),
                 (QStringList{"d", "c", "a", "b"}));
        QCOMPARE(ids(MergedWorkflowSearch::merge(local, remote, QStringLiteral("workflowId:ASC"), Paging{0, 4}, {})),
                 (QStringList{"a", "b", "c", "d"}));
        QVERIFY(ids(MergedWorkflowSearch::merge(local, remote, {}, Paging{8, 2}, {})).isEmpty()); // past the end
    }

    void remoteSideMissing()
    {
        const QJsonObject local = page(1, {row("l", "2026-12-07T10:00:00.000Z")});
        const QJsonObject sources{{QStringLiteral("remote"), QJsonObject{{QStringLiteral("error"), QStringLiteral("down")}}}};
        const QJsonObject answer = MergedWorkflowSearch::merge(local, {}, {}, Paging{0, 10}, sources);
        QCOMPARE(ids(answer), QStringList{"l"});
        QCOMPARE(answer.value(QStringLiteral("totalHits")).toInt(), 1);
        QCOMPARE(answer.value(QStringLiteral("sources")).toObject(), sources);
    }

    void remoteQueryCarriesTheFilters()
    {
        const QUrlQuery q(MergedWorkflowSearch::remoteQuery(Paging{20, 30}, QStringLiteral("updateTime:DESC"), QStringLiteral("etl"),
                                                            QStringLiteral("version = 2"), {QStringLiteral("FAILED"), QStringLiteral("TIMED_OUT")},
                                                            {QStringLiteral("nightly")}));
        QCOMPARE(q.queryItemValue(QStringLiteral("start")), QStringLiteral("0"));
        QCOMPARE(q.queryItemValue(QStringLiteral("size")), QStringLiteral("50")); // start + size of the merged page
        QCOMPARE(q.queryItemValue(QStringLiteral("sort"), QUrl::FullyDecoded), QStringLiteral("updateTime:DESC"));
        QCOMPARE(q.queryItemValue(QStringLiteral("freeText"), QUrl::FullyDecoded), QStringLiteral("etl"));
        QCOMPARE(q.queryItemValue(QStringLiteral("query"), QUrl::FullyDecoded),
                 QStringLiteral("version = 2 AND status IN (FAILED,TIMED_OUT) AND workflowType IN (nightly)"));
        QVERIFY(!QUrlQuery(MergedWorkflowSearch::remoteQuery(Paging{0, 10}, {}, {}, {}, {}, {})).hasQueryItem(QStringLiteral("query")));
    }
};

QTEST_GUILESS_MAIN(TestMergedWorkflowSearch)
#include "test_merged_workflow_search.moc"
