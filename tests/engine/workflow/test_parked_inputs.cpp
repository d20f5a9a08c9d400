// ParkedInputs (issue 15): a waiting run's inputs as one compact JSON text. Parking and
// restoring gives back equal objects — integers stay integers (full qint64), doubles round-trip,
// unicode and escapes survive, nesting and array order are kept — a bad text changes nothing and
// names the workflow, and the engine parks the runs it recovers and restores them when touched.

#include "EngineHarness.h"
#include "workflow/ParkedInputs.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <limits>

using namespace orrery;
using namespace orrery::test;

namespace {

const QByteArray kOrder = R"({
  "name": "order", "version": 1, "schemaVersion": 2,
  "tasks": [
    {"name": "reserve", "taskReferenceName": "r",
     "inputParameters": {"items": "${workflow.input.items}", "who": "${workflow.input.customer.name}", "fixed": 7}}
  ]
})";

// Every kind of value a JSON input can hold, the awkward ones included.
QJsonObject richInput()
{
    QJsonObject nested{{QStringLiteral("deeper"), QJsonObject{{QStringLiteral("deepest"), QJsonArray{1, QJsonArray{2, QJsonArray{3}}}}}},
                       {QStringLiteral("empty"), QJsonObject()},
                       {QStringLiteral("emptyList"), QJsonArray()}};
    return QJsonObject{
        {QStringLiteral("int"), 42},
        {QStringLiteral("negative"), -7},
        {QStringLiteral("zero"), 0},
        {QStringLiteral("beyondDouble"), qint64(9007199254740993)}, // 2^53 + 1: a double would lose the 1
        {QStringLiteral("int64max"), std::numeric_limits<qint64>::max()},
        {QStringLiteral("int64min"), std::numeric_limits<qint64>::min()},
        {QStringLiteral("price"), 4.99},
        {QStringLiteral("tenth"), 0.1},
        {QStringLiteral("huge"), 1e300},
        {QStringLiteral("tiny"), -2.5e-310}, // subnormal
        {QStringLiteral("third"), 1.0 / 3.0},
        {QStringLiteral("true"), true},
        {QStringLiteral("false"), false},
        {QStringLiteral("null"), QJsonValue::Null},
        {QStringLiteral("empty string"), QString()},
        {QStringLiteral("unicode"), QStringLiteral("Grüße, 東京, \U0001F680, \u00A0nbsp, \u2028ls")},
        {QStringLiteral("escapes"), QStringLiteral("quote \" backslash \\ slash / tab \t newline \n nul-ish \u0001 \u001f")},
        {QStringLiteral("ключ 🔑"), QStringLiteral("a key that is not ASCII")},
        {QStringLiteral("nested"), nested},
        {QStringLiteral("items"), QJsonArray{QJsonObject{{QStringLiteral("sku"), QStringLiteral("A-1")}, {QStringLiteral("qty"), 2}},
                                             QJsonObject{{QStringLiteral("sku"), QStringLiteral("B-2")}, {QStringLiteral("qty"), 1}},
                                             QJsonValue::Null, 3.5, QStringLiteral("last")}}};
}

// The Qt number kind of every value, by path, so "equal" cannot hide an integer turned double.
void kinds(const QJsonValue &v, const QString &path, QStringList &out)
{
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            kinds(it.value(), path + u'.' + it.key(), out);
    } else if (v.isArray()) {
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i)
            kinds(a.at(i), path + QStringLiteral("[%1]").arg(i), out);
    } else {
        out << path + u'=' + QString::fromLatin1(v.toVariant().metaType().name());
    }
}

QStringList kinds(const QJsonObject &o)
{
    QStringList out;
    kinds(o, QStringLiteral("$"), out);
    return out;
}

} // namespace

class TestParkedInputs : public QObject
{
    Q_OBJECT

private slots:
    void roundTripsExactly()
    {
        Workflow wf;
        wf.workflowId = QStringLiteral("wf-1");
        wf.input = richInput();
        std::vector<Task> tasks(3);
        tasks[0].inputData = QJsonObject{{QStringLiteral("items"), wf.input.value(QStringLiteral("items"))}, {QStringLiteral("n"), 1}};
        // tasks[1] has no input at all
        tasks[2].inputData = richInput();
        tasks[2].inputData.insert(QStringLiteral("extra"), QStringLiteral("only here"));
        const Workflow wfBefore = wf;
        const std::vector<Task> before = tasks;

        const QByteArray text = ParkedInputs::park(wf, tasks);
        QVERIFY(!text.isEmpty());
        QVERIFY(wf.input.isEmpty());
        for (const Task &t : tasks)
            QVERIFY(t.inputData.isEmpty());

        QVERIFY(ParkedInputs::restore(text, wf, tasks).ok());
        QCOMPARE(wf.input, wfBefore.input);
        QCOMPARE(kinds(wf.input), kinds(wfBefore.input));
        QCOMPARE(QJsonDocument(wf.input).toJson(), QJsonDocument(wfBefore.input).toJson());
        QCOMPARE(wf.input.value(QStringLiteral("beyondDouble")).toInteger(), qint64(9007199254740993));
        QCOMPARE(wf.input.value(QStringLiteral("int64min")).toInteger(), std::numeric_limits<qint64>::min());
        QCOMPARE(wf.input.value(QStringLiteral("tiny")).toDouble(), -2.5e-310);
        QCOMPARE(wf.input.value(QStringLiteral("third")).toDouble(), 1.0 / 3.0);
        QCOMPARE(wf.input.value(QStringLiteral("unicode")).toString(), QStringLiteral("Grüße, 東京, \U0001F680, \u00A0nbsp, \u2028ls"));
        QVERIFY(wf.input.value(QStringLiteral("null")).isNull());
        for (size_t i = 0; i < tasks.size(); ++i) {
            QCOMPARE(tasks[i].inputData, before[i].inputData);
            QCOMPARE(kinds(tasks[i].inputData), kinds(before[i].inputData));
            QCOMPARE(QJsonDocument(tasks[i].inputData).toJson(), QJsonDocument(before[i].inputData).toJson());
        }
        // Parked again after a restore: the same text.
        QCOMPARE(ParkedInputs::park(wf, tasks), text);
    }

    void isSmallerThanTheObjects()
    {
        Workflow wf;
        wf.input = richInput();
        std::vector<Task> tasks;
        const qsizetype objectText = QJsonDocument(wf.input).toJson(QJsonDocument::Compact).size();
        const QByteArray text = ParkedInputs::park(wf, tasks);
        QCOMPARE(text.size(), objectText + 2); // [ ... ]
        QCOMPARE(text.capacity(), text.size()); // squeezed: no growth slack kept per run
    }

    void aBadTextChangesNothingAndNamesTheWorkflow()
    {
        Workflow wf;
        wf.workflowId = QStringLiteral("wf-bad");
        wf.input = QJsonObject{{QStringLiteral("keep"), 1}};
        std::vector<Task> tasks(1);
        tasks[0].inputData = QJsonObject{{QStringLiteral("mine"), 2}};
        const Workflow wfBefore = wf;
        const QJsonObject taskBefore = tasks[0].inputData;
        for (const QByteArray &bad : {QByteArray("[{\"a\":1}"), QByteArray("{\"a\":1}"), QByteArray("[{},[]]"), QByteArray("[{},{},{}]"),
                                      QByteArray("[{}]")}) {
            const Result<void> r = ParkedInputs::restore(bad, wf, tasks);
            QVERIFY2(!r.ok(), bad.constData());
            QVERIFY2(r.error().message.contains(QStringLiteral("wf-bad")), qPrintable(r.error().message));
            QCOMPARE(wf.input, wfBefore.input);
            QCOMPARE(tasks[0].inputData, taskBefore);
        }
    }

    // Through the engine: runs recovered at start are parked, and whatever touches one (a poll,
    // a read, a second restart) sees its inputs as they were.
    void aRecoveredRunKeepsItsInputs()
    {
        EngineHarness h;
        QVERIFY(h.registerWorkflow(kOrder).ok());
        QJsonObject input = richInput();
        input.insert(QStringLiteral("customer"), QJsonObject{{QStringLiteral("name"), QStringLiteral("Zoë")}});
        const QString first = h.start(QStringLiteral("order"), input);
        const QString second = h.start(QStringLiteral("order"), input);
        QVERIFY(!first.isEmpty() && !second.isEmpty());
        const QJsonObject expectedTaskInput{{QStringLiteral("items"), input.value(QStringLiteral("items"))},
                                            {QStringLiteral("who"), QStringLiteral("Zoë")},
                                            {QStringLiteral("fixed"), 7}};

        h.reopen();
        QJsonObject wf = h.workflow(first);
        QCOMPARE(wf.value(QStringLiteral("input")).toObject(), input);
        QCOMPARE(kinds(wf.value(QStringLiteral("input")).toObject()), kinds(input));
        QCOMPARE(wf.value(QStringLiteral("tasks")).toArray().first().toObject().value(QStringLiteral("inputData")).toObject(),
                 expectedTaskInput);

        h.reopen();
        const QJsonArray polled = h.poll(QStringLiteral("reserve"), QStringLiteral("w1"), 2);
        QCOMPARE(polled.size(), 2);
        for (const QJsonValue &t : polled) {
            const QJsonObject task = t.toObject();
            QCOMPARE(task.value(QStringLiteral("inputData")).toObject(), expectedTaskInput);
            QCOMPARE(kinds(task.value(QStringLiteral("inputData")).toObject()), kinds(expectedTaskInput));
        }
        const QJsonObject done = polled.at(0).toObject();
        QVERIFY(h.update(done.value(QStringLiteral("taskId")).toString(), TaskStatus::Completed).ok());
        const QString doneId = done.value(QStringLiteral("workflowInstanceId")).toString();
        wf = h.workflow(doneId);
        QCOMPARE(wf.value(QStringLiteral("status")).toString(), QStringLiteral("COMPLETED"));
        QCOMPARE(wf.value(QStringLiteral("input")).toObject(), input);
        QCOMPARE(h.workflow(doneId == first ? second : first).value(QStringLiteral("input")).toObject(), input);
    }
};

QTEST_GUILESS_MAIN(TestParkedInputs)
#include "test_parked_inputs.moc"
