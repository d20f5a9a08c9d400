// RecoverySharing (start-up recovery, issue 15): a recovered task shares the workflow's strings
// and the input values it was resolved from, and the pool shares repeated names; what every
// object holds stays exactly as parsed.

#include "store/RecoverySharing.h"

#include <QJsonDocument>
#include <QTest>

using namespace orrery;

namespace {

QJsonObject parse(const char *json)
{
    return QJsonDocument::fromJson(json).object();
}

Task taskOf(const Workflow &wf, const char *input)
{
    Task t;
    t.taskId = QStringLiteral("t-1");
    // Equal text, separate strings (as parsed from another row).
    t.workflowInstanceId = QString::fromUtf8(wf.workflowId.toUtf8());
    t.workflowType = QString::fromUtf8(wf.workflowName.toUtf8());
    t.correlationId = QStringLiteral("other-correlation");
    t.taskType = QString::fromUtf8("charge");
    t.inputData = parse(input);
    return t;
}

} // namespace

class TestRecoverySharing : public QObject
{
    Q_OBJECT

private slots:
    void aTaskSharesWhatEqualsItsWorkflow()
    {
        Workflow wf;
        // Heap strings, as parsed (a QStringLiteral has no shared header to compare).
        wf.workflowId = QString::fromUtf8("wf-1");
        wf.workflowName = QString::fromUtf8("order");
        wf.correlationId = QString::fromUtf8("c-1");
        wf.input = parse(R"({"items":[{"sku":"A","qty":2}],"customer":{"id":"C1"},"n":3})");
        Task t = taskOf(wf, R"({"items":[{"sku":"A","qty":2}],"who":{"id":"C1"},"other":[1,2],"n":3})");
        const QByteArray before = QJsonDocument(t.inputData).toJson(QJsonDocument::Compact);
        QVERIFY(!t.workflowInstanceId.isSharedWith(wf.workflowId));
        RecoverySharing::Pool pool;
        RecoverySharing::shareWithWorkflow(wf, t, pool);
        QCOMPARE(QJsonDocument(t.inputData).toJson(QJsonDocument::Compact), before);
        QVERIFY(t.workflowInstanceId.isSharedWith(wf.workflowId));
        QVERIFY(t.workflowType.isSharedWith(wf.workflowName));
        QVERIFY(!t.correlationId.isSharedWith(wf.correlationId)); // differs: kept
        QCOMPARE(t.correlationId, QStringLiteral("other-correlation"));
    }

    void repeatedNamesShareOneString()
    {
        Workflow wf;
        wf.workflowId = QString::fromUtf8("wf-2");
        wf.input = parse(R"({"x":[1]})");
        RecoverySharing::Pool pool;
        Task a = taskOf(wf, R"({"y":[2]})");
        Task b = taskOf(wf, R"({"y":[2]})");
        QVERIFY(!a.taskType.isSharedWith(b.taskType));
        RecoverySharing::shareWithWorkflow(wf, a, pool);
        RecoverySharing::shareWithWorkflow(wf, b, pool);
        QVERIFY(a.taskType.isSharedWith(b.taskType));
        QCOMPARE(b.taskType, QStringLiteral("charge"));
        QCOMPARE(b.inputData, parse(R"({"y":[2]})")); // no equal workflow value: unchanged
        Workflow w1, w2;
        w1.workflowName = QString::fromUtf8("order");
        w2.workflowName = QString::fromUtf8("order");
        RecoverySharing::shareNames(w1, pool);
        RecoverySharing::shareNames(w2, pool);
        QVERIFY(w1.workflowName.isSharedWith(w2.workflowName));
    }
};

QTEST_GUILESS_MAIN(TestRecoverySharing)
#include "test_recovery_sharing.moc"
