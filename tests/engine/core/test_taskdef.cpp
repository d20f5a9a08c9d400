#include "core/TaskDef.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace orrery;

namespace {

// A JSON array value; a function (not a braced list) so it can sit inside QCOMPARE.
template<typename... T>
QJsonValue jarr(T... items)
{
    return QJsonArray{QJsonValue(items)...};
}

QJsonObject obj(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

// The field errors of a failed parse, as "path: message" lines (for readable failures).
QStringList problems(const Result<TaskDef> &r)
{
    QStringList out;
    if (r.ok())
        return out;
    for (const FieldError &e : r.error().fieldErrors)
        out << e.path + QStringLiteral(": ") + e.message;
    return out;
}

bool hasError(const Result<TaskDef> &r, const QString &path, const QString &messagePart = {})
{
    if (r.ok())
        return false;
    for (const FieldError &e : r.error().fieldErrors) {
        if (e.path == path && e.message.contains(messagePart))
            return true;
    }
    return false;
}

} // namespace

class TestTaskDef : public QObject
{
    Q_OBJECT

private slots:
    void defaultsAreFilled()
    {
        const auto r = TaskDef::fromJson(obj(R"({"name": "encode"})"));
        QVERIFY2(r.ok(), qPrintable(problems(r).join(u'\n')));
        const TaskDef &d = *r;
        QCOMPARE(d.name, QStringLiteral("encode"));
        QCOMPARE(d.retryCount, 3);
        QCOMPARE(d.retryLogic, QStringLiteral("FIXED"));
        QCOMPARE(d.retryDelaySeconds, 60);
        QCOMPARE(d.responseTimeoutSeconds, 3600);
        QCOMPARE(d.timeoutPolicy, QStringLiteral("TIME_OUT_WF"));
        QCOMPARE(d.jitterPercent, 10);
        QVERIFY(!d.pollTimeoutSeconds.has_value());
        // The echo carries the defaults, like Conductor's GET.
        const QJsonObject j = d.toJson();
        QCOMPARE(j.value(QStringLiteral("retryCount")), QJsonValue(3));
        QCOMPARE(j.value(QStringLiteral("retryLogic")), QJsonValue(QStringLiteral("FIXED")));
        QCOMPARE(j.value(QStringLiteral("retryDelaySeconds")), QJsonValue(60));
        QCOMPARE(j.value(QStringLiteral("responseTimeoutSeconds")), QJsonValue(3600));
        QCOMPARE(j.value(QStringLiteral("timeoutSeconds")), QJsonValue(0));
        QCOMPARE(j.value(QStringLiteral("timeoutPolicy")), QJsonValue(QStringLiteral("TIME_OUT_WF")));
        QCOMPARE(j.value(QStringLiteral("rateLimitPerFrequency")), QJsonValue(0));
        QCOMPARE(j.value(QStringLiteral("rateLimitFrequencyInSeconds")), QJsonValue(1));
        QCOMPARE(j.value(QStringLiteral("backoffScaleFactor")), QJsonValue(1));
        QCOMPARE(j.value(QStringLiteral("inputTemplate")), QJsonValue(QJsonObject()));
        QCOMPARE(j.value(QStringLiteral("inputKeys")), QJsonValue(QJsonArray()));
        QCOMPARE(j.value(QStringLiteral("jitterPercent")), QJsonValue(10));
        QVERIFY(!j.contains(QStringLiteral("pollTimeoutSeconds"))); // nullable: left out
        QVERIFY(!j.contains(QStringLiteral("concurrentExecLimit")));
        QVERIFY(!j.contains(QStringLiteral("createTime")));
        QVERIFY(!j.contains(QStringLiteral("terminalErrors"))); // extensions only when used
        QVERIFY(!j.contains(QStringLiteral("breaker")));
        QCOMPARE(d.json, j);
    }

    void readsEveryField()
    {
        const auto r = TaskDef::fromJson(obj(R"({
          "name": "t", "description": "d", "retryCount": 5, "retryLogic": "EXPONENTIAL_BACKOFF",
          "retryDelaySeconds": 2, "backoffScaleFactor": 3, "maxRetryDelaySeconds": 600, "backoffJitterMs": 250,
          "jitterPercent": 50, "timeoutSeconds": 120, "totalTimeoutSeconds": 1200, "responseTimeoutSeconds": 30,
          "pollTimeoutSeconds": 0, "timeoutPolicy": "RETRY", "rateLimitPerFrequency": 10,
          "rateLimitFrequencyInSeconds": 60, "concurrentExecLimit": 4, "inputTemplate": {"k": "v"},
          "ownerEmail": "ops@example.com", "terminalErrors": ["BadRequest", 404, "http:409"], "transientErrors": ["exit:2"],
          "breaker": {"failureThreshold": 5}, "createTime": 1700000000000, "updateTime": 1700000000500
        })"));
        QVERIFY2(r.ok(), qPrintable(problems(r).join(u'\n')));
        const TaskDef &d = *r;
        QCOMPARE(d.retryCount, 5);
        QCOMPARE(d.retryLogic, QStringLiteral("EXPONENTIAL_BACKOFF"));
        QCOMPARE(d.retryDelaySeconds, 2);
        QCOMPARE(d.backoffScaleFactor, 3);
        QCOMPARE(d.maxRetryDelaySeconds, 600);
        QCOMPARE(d.backoffJitterMs, 250);
        QCOMPARE(d.jitterPercent, 50);
        QCOMPARE(d.timeoutSeconds, 120);
        QCOMPARE(d.totalTimeoutSeconds, 1200);
        QCOMPARE(d.responseTimeoutSeconds, 30);
        QCOMPARE(d.pollTimeoutSeconds, std::optional<int>(0));
        QCOMPARE(d.timeoutPolicy, QStringLiteral("RETRY"));
        QCOMPARE(d.rateLimitPerFrequency, 10);
        QCOMPARE(d.rateLimitFrequencyInSeconds, 60);
        QCOMPARE(d.concurrentExecLimit, 4);
        QCOMPARE(d.inputTemplate, obj(R"({"k":"v"})"));
        QCOMPARE(QJsonValue(d.terminalErrors), jarr("BadRequest", 404, "http:409"));
        QCOMPARE(QJsonValue(d.transientErrors), jarr("exit:2"));
        QCOMPARE(d.json.value(QStringLiteral("terminalErrors")), jarr("BadRequest", 404, "http:409"));
        QCOMPARE(d.breaker, obj(R"({"failureThreshold":5})"));
        QCOMPARE(d.createTime, Q_INT64_C(1700000000000));
        QCOMPARE(d.updateTime, Q_INT64_C(1700000000500));
        QCOMPARE(d.description, QStringLiteral("d"));
        QCOMPARE(d.json.value(QStringLiteral("createTime")).toDouble(), 1700000000000.0);
    }

    void roundTrip()
    {
        const auto first = TaskDef::fromJson(obj(R"({"name": "rt", "retryCount": 0, "pollTimeoutSeconds": 5,
            "concurrentExecLimit": 2, "someOrkesField": {"x": 1}, "inputKeys": ["a"], "breaker": {"resetTimeoutSeconds": 30}})"));
        QVERIFY2(first.ok(), qPrintable(problems(first).join(u'\n')));
        const auto second = TaskDef::fromJson(first->toJson());
        QVERIFY2(second.ok(), qPrintable(problems(second).join(u'\n')));
        QCOMPARE(second->toJson(), first->toJson());
        QVERIFY(*second == *first);
        // The ad-hoc definition round-trips too.
        const TaskDef adhoc = TaskDef::adHoc(QStringLiteral("x"));
        QVERIFY(*TaskDef::fromJson(adhoc.toJson()) == adhoc);
    }

    void typedFieldChangesShowInJson()
    {
        TaskDef d = *TaskDef::fromJson(obj(R"({"name": "t"})"));
        d.createTime = 42;
        d.retryCount = 7;
        QCOMPARE(d.toJson().value(QStringLiteral("createTime")), QJsonValue(42));
        QCOMPARE(d.toJson().value(QStringLiteral("retryCount")), QJsonValue(7));
    }

    void lenientReading()
    {
        // Unknown fields are kept; null for a primitive means the default; nulls are not echoed.
        const auto r = TaskDef::fromJson(obj(R"({"name": "t", "retryCount": null, "timeoutPolicy": null,
            "isolationGroupId": "g", "futureField": [1, 2], "description": null, "pollTimeoutSeconds": null})"));
        QVERIFY2(r.ok(), qPrintable(problems(r).join(u'\n')));
        QCOMPARE(r->retryCount, 3);
        QCOMPARE(r->timeoutPolicy, QStringLiteral("TIME_OUT_WF"));
        QVERIFY(!r->pollTimeoutSeconds);
        QCOMPARE(r->json.value(QStringLiteral("isolationGroupId")), QJsonValue(QStringLiteral("g")));
        QCOMPARE(r->json.value(QStringLiteral("futureField")), jarr(1, 2));
        QCOMPARE(r->json.value(QStringLiteral("retryCount")), QJsonValue(3));
        QVERIFY(!r->json.contains(QStringLiteral("description")));
        // An integral double is an integer.
        QVERIFY(TaskDef::fromJson(obj(R"({"name": "t", "retryCount": 2.0})")).ok());
    }

    void adHoc()
    {
        const TaskDef d = TaskDef::adHoc(QStringLiteral("worker_x"));
        QCOMPARE(d.name, QStringLiteral("worker_x"));
        QCOMPARE(d.retryCount, 3);
        QCOMPARE(d.retryLogic, QStringLiteral("FIXED"));
        QCOMPARE(d.retryDelaySeconds, 60);
        QCOMPARE(d.responseTimeoutSeconds, 3600);
        QCOMPARE(d.timeoutSeconds, 0);
        QCOMPARE(d.json.value(QStringLiteral("name")), QJsonValue(QStringLiteral("worker_x")));
    }

    void validationRules_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("message");
        QTest::newRow("name missing") << R"({})" << "name" << "TaskDef name cannot be null or empty";
        QTest::newRow("name empty") << R"({"name": ""})" << "name" << "cannot be null or empty";
        QTest::newRow("retryCount < 0") << R"({"name": "t", "retryCount": -1})" << "retryCount" << "TaskDef retryCount: -1 must be >= 0";
        QTest::newRow("responseTimeout < 1") << R"({"name": "t", "responseTimeoutSeconds": 0})" << "responseTimeoutSeconds" << "should be minimum 1 second";
        QTest::newRow("responseTimeout > timeout") << R"({"name": "t", "timeoutSeconds": 60})" << "responseTimeoutSeconds"
                                                   << "responseTimeoutSeconds: 3600 must be less than timeoutSeconds: 60";
        QTest::newRow("timeout > total") << R"({"name": "t", "timeoutSeconds": 100, "responseTimeoutSeconds": 10, "totalTimeoutSeconds": 50})"
                                         << "timeoutSeconds" << "must be less than or equal to totalTimeoutSeconds: 50";
        QTest::newRow("pollTimeout < 0") << R"({"name": "t", "pollTimeoutSeconds": -1})" << "pollTimeoutSeconds" << "must be >= 0";
        QTest::newRow("backoffScaleFactor < 1") << R"({"name": "t", "backoffScaleFactor": 0})" << "backoffScaleFactor" << "must be >= 1";
        QTest::newRow("maxRetryDelay < 0") << R"({"name": "t", "maxRetryDelaySeconds": -5})" << "maxRetryDelaySeconds" << "must be >= 0";
        QTest::newRow("backoffJitterMs < 0") << R"({"name": "t", "backoffJitterMs": -1})" << "backoffJitterMs" << "must be >= 0";
        QTest::newRow("jitterPercent > 50") << R"({"name": "t", "jitterPercent": 51})" << "jitterPercent" << "jitterPercent must be between 0 and 50";
        QTest::newRow("jitterPercent < 0") << R"({"name": "t", "jitterPercent": -1})" << "jitterPercent" << "jitterPercent must be between 0 and 50";
        QTest::newRow("retryLogic enum") << R"({"name": "t", "retryLogic": "RANDOM"})" << "retryLogic" << "'RANDOM' is not one of FIXED, LINEAR_BACKOFF, EXPONENTIAL_BACKOFF";
        QTest::newRow("timeoutPolicy enum") << R"({"name": "t", "timeoutPolicy": "IGNORE"})" << "timeoutPolicy" << "is not one of RETRY, TIME_OUT_WF, ALERT_ONLY";
        QTest::newRow("int as string") << R"({"name": "t", "retryCount": "3"})" << "retryCount" << "retryCount must be an integer";
        QTest::newRow("fractional int") << R"({"name": "t", "retryDelaySeconds": 1.5})" << "retryDelaySeconds" << "must be an integer";
        QTest::newRow("int overflow") << R"({"name": "t", "retryCount": 3000000000})" << "retryCount" << "must be an integer between";
        QTest::newRow("name not string") << R"({"name": 5})" << "name" << "name must be a string";
        QTest::newRow("inputTemplate not object") << R"({"name": "t", "inputTemplate": []})" << "inputTemplate" << "inputTemplate must be an object";
        QTest::newRow("terminalErrors not array") << R"({"name": "t", "terminalErrors": "E1"})" << "terminalErrors" << "must be an array";
        QTest::newRow("terminalErrors item") << R"({"name": "t", "terminalErrors": ["E1", true]})" << "terminalErrors[1]" << "must be an integer (HTTP status or exit code) or a non-empty string";
        QTest::newRow("transientErrors item") << R"({"name": "t", "transientErrors": [1.5]})" << "transientErrors[0]" << "must be an integer";
        QTest::newRow("terminalErrors empty string") << R"({"name": "t", "terminalErrors": [" "]})" << "terminalErrors[0]" << "non-empty string";
        QTest::newRow("breaker not object") << R"({"name": "t", "breaker": true})" << "breaker" << "breaker must be an object";
        QTest::newRow("ownerEmail") << R"({"name": "t", "ownerEmail": "nobody"})" << "ownerEmail" << "valid email";
        QTest::newRow("concurrentExecLimit < 0") << R"({"name": "t", "concurrentExecLimit": -1})" << "concurrentExecLimit" << "must be >= 0";
    }

    void validationRules()
    {
        QFETCH(QString, json);
        QFETCH(QString, path);
        QFETCH(QString, message);
        const auto r = TaskDef::fromJson(QJsonDocument::fromJson(json.toUtf8()).object());
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::Invalid);
        QCOMPARE(r.error().httpStatus(), 400);
        QCOMPARE(r.error().message, QStringLiteral("Validation failed, check below errors for detail."));
        QVERIFY2(hasError(r, path, message), qPrintable(problems(r).join(u'\n')));
        // With a prefix (element of a POSTed array) the path carries it.
        const auto prefixed = TaskDef::fromJson(QJsonDocument::fromJson(json.toUtf8()).object(), QStringLiteral("[2]"));
        QVERIFY2(hasError(prefixed, QStringLiteral("[2].") + path, message), qPrintable(problems(prefixed).join(u'\n')));
    }

    void allProblemsReported()
    {
        QList<FieldError> errors;
        TaskDef::validate(obj(R"({"retryCount": -1, "jitterPercent": 90, "retryLogic": "X"})"), QStringLiteral("[0]"), errors);
        QCOMPARE(errors.size(), 4);
        QStringList paths;
        for (const FieldError &e : errors)
            paths << e.path;
        paths.sort();
        QCOMPARE(paths, (QStringList{"[0].jitterPercent", "[0].name", "[0].retryCount", "[0].retryLogic"}));
        // The invalid value is reported.
        for (const FieldError &e : errors) {
            if (e.path == u"[0].jitterPercent")
                QCOMPARE(e.invalidValue, QJsonValue(90));
        }
    }
};

QTEST_GUILESS_MAIN(TestTaskDef)
#include "test_taskdef.moc"
