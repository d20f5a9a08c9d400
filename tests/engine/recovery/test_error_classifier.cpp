#include "recovery/ErrorClassifier.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using namespace orrery;

namespace {

QJsonObject obj(const char *json)
{
    return QJsonDocument::fromJson(json).object();
}

ErrorClassifier parse(const char *json)
{
    auto r = ErrorClassifier::fromJson(obj(json));
    if (!r.ok())
        qFatal("unexpected parse error: %s", qPrintable(r.error().message));
    return r.value();
}

} // namespace

class TestErrorClassifier : public QObject
{
    Q_OBJECT

private slots:
    void builtInHttp_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("terminal");
        QTest::newRow("no response") << 0 << false;
        QTest::newRow("500") << 500 << false;
        QTest::newRow("502") << 502 << false;
        QTest::newRow("503") << 503 << false;
        QTest::newRow("599") << 599 << false;
        QTest::newRow("408") << 408 << false;
        QTest::newRow("429") << 429 << false;
        QTest::newRow("400") << 400 << true;
        QTest::newRow("401") << 401 << true;
        QTest::newRow("403") << 403 << true;
        QTest::newRow("404") << 404 << true;
        QTest::newRow("409") << 409 << true;
        QTest::newRow("422") << 422 << true;
        QTest::newRow("499") << 499 << true;
        QTest::newRow("302 unexpected") << 302 << false;
    }
    void builtInHttp()
    {
        QFETCH(int, status);
        QFETCH(bool, terminal);
        const auto c = ErrorClassifier().classify(FailureFacts::http(status));
        QCOMPARE(c.isTerminal(), terminal);
        QVERIFY(c.rule.startsWith(QStringLiteral("built-in")));
    }

    void builtInNetworkAndCodes()
    {
        ErrorClassifier c;
        QVERIFY(!c.isTerminal(FailureFacts::network(QStringLiteral("ConnectionRefusedError"))));
        QVERIFY(!c.isTerminal(FailureFacts::network(QStringLiteral("TimeoutError"))));
        QVERIFY(!c.isTerminal(FailureFacts::network(QStringLiteral("SomethingNew"))));
        QVERIFY(!c.isTerminal(FailureFacts::other(QStringLiteral("econnrefused"))));
        QVERIFY(c.classify(FailureFacts::other(QStringLiteral("ETIMEDOUT"))).rule.contains(QStringLiteral("connection failure")));
        QVERIFY(c.isTerminal(FailureFacts::network(QStringLiteral("SslHandshakeFailedError"))));
        QVERIFY(c.isTerminal(FailureFacts::other(QStringLiteral("TooManyRedirectsError"))));
        // A transient error code wins over the HTTP class (e.g. a proxy's 403 carried with it).
        FailureFacts f = FailureFacts::http(404);
        f.errorCode = QStringLiteral("ProxyTimeoutError");
        QVERIFY(!c.isTerminal(f));
    }

    void builtInShellAndMessages()
    {
        ErrorClassifier c;
        QVERIFY(!c.isTerminal(FailureFacts::shell(1)));
        QVERIFY(!c.isTerminal(FailureFacts::shell(137)));
        QVERIFY(c.isTerminal(FailureFacts::shell(126)));
        QVERIFY(c.isTerminal(FailureFacts::shell(127)));
        QVERIFY(c.classify(FailureFacts::shell(127)).rule.contains(QStringLiteral("not found")));
        const auto refused = c.classify(FailureFacts::other(QString(), QStringLiteral("Connection Refused by peer")));
        QVERIFY(!refused.isTerminal());
        QVERIFY(refused.rule.contains(QStringLiteral("connection refused")));
        const auto unknown = c.classify(FailureFacts::other(QString(), QStringLiteral("division by zero")));
        QVERIFY(!unknown.isTerminal());
        QVERIFY(unknown.rule.contains(QStringLiteral("unknown")));
    }

    void terminalErrorsOverride()
    {
        const ErrorClassifier c = parse(R"({"terminalErrors":[2, "http:503", "INVALID_SKU", "exit:100"]})");
        const auto exit2 = c.classify(FailureFacts::shell(2));
        QVERIFY(exit2.isTerminal());
        QCOMPARE(exit2.rule, QStringLiteral("terminalErrors: exit:2"));
        QVERIFY(!c.isTerminal(FailureFacts::shell(3)));
        QVERIFY(c.isTerminal(FailureFacts::http(503)));
        QCOMPARE(c.classify(FailureFacts::http(503)).rule, QStringLiteral("terminalErrors: http:503"));
        QVERIFY(!c.isTerminal(FailureFacts::http(502)));
        QVERIFY(c.isTerminal(FailureFacts::other(QStringLiteral("invalid_sku"))));
        QVERIFY(c.isTerminal(FailureFacts::http(500, QString())) == false);
        FailureFacts coded = FailureFacts::http(500);
        coded.errorCode = QStringLiteral("Invalid_Sku");
        QVERIFY(c.isTerminal(coded)); // error codes match any kind
        // "exit:100" is only an exit code; a bare integer matches both kinds.
        QVERIFY(c.isTerminal(FailureFacts::shell(100)));
        QVERIFY(!c.isTerminal(FailureFacts::http(100)));
        const ErrorClassifier bare = parse(R"({"terminalErrors":[100]})");
        QVERIFY(bare.isTerminal(FailureFacts::http(100)));
        QVERIFY(bare.isTerminal(FailureFacts::shell(100)));
        // Network failures are not matched by integers.
        QVERIFY(!bare.isTerminal(FailureFacts::network(QStringLiteral("100"))));
    }

    void transientErrorsOverrideBuiltIns()
    {
        const ErrorClassifier c = parse(R"({"transientErrors":[404, "exit:127", "SslHandshakeFailedError"]})");
        QVERIFY(!c.isTerminal(FailureFacts::http(404)));
        QCOMPARE(c.classify(FailureFacts::http(404)).rule, QStringLiteral("transientErrors: http:404"));
        QVERIFY(c.isTerminal(FailureFacts::http(410)));
        QVERIFY(!c.isTerminal(FailureFacts::shell(127)));
        QVERIFY(c.isTerminal(FailureFacts::shell(126)));
        QVERIFY(!c.isTerminal(FailureFacts::network(QStringLiteral("sslhandshakefailederror"))));
    }

    void bothListsConflictIsRefused()
    {
        auto r = ErrorClassifier::fromJson(obj(R"({"terminalErrors":[404, "Dup"], "transientErrors":["http:404", "dup"]})"),
                                           QStringLiteral("taskDef"));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().fieldErrors.size(), 1);
        const FieldError &e = r.error().fieldErrors.first();
        QCOMPARE(e.path, QStringLiteral("taskDef.transientErrors"));
        QVERIFY2(e.message.contains(QStringLiteral("http:404")), qPrintable(e.message));
        QVERIFY(e.message.contains(QStringLiteral("dup")));
        QVERIFY(e.message.contains(QStringLiteral("taskDef.terminalErrors")));
        // A bare integer that is an exit code only on one side does not clash with "http:N".
        QVERIFY(ErrorClassifier::fromJson(obj(R"({"terminalErrors":["exit:4"], "transientErrors":["http:404"]})")).ok());
    }

    void badEntriesAreLocated()
    {
        auto r = ErrorClassifier::fromJson(obj(R"({"terminalErrors":[700, "http:abc", true, "  ", "exit:300", "http:99", 2.5, {"a":1}]})"),
                                           QStringLiteral("tasks[1]"));
        QVERIFY(!r.ok());
        QStringList paths;
        for (const FieldError &e : r.error().fieldErrors)
            paths << e.path;
        QCOMPARE(paths, (QStringList{"tasks[1].terminalErrors[0]", "tasks[1].terminalErrors[1]",
                                     "tasks[1].terminalErrors[2]", "tasks[1].terminalErrors[3]",
                                     "tasks[1].terminalErrors[4]", "tasks[1].terminalErrors[5]",
                                     "tasks[1].terminalErrors[6]", "tasks[1].terminalErrors[7]"}));
        QVERIFY(r.error().fieldErrors.first().message.contains(QStringLiteral("100-599")));

        auto notArray = ErrorClassifier::fromJson(obj(R"({"transientErrors":"404"})"));
        QVERIFY(!notArray.ok());
        QCOMPARE(notArray.error().fieldErrors.first().path, QStringLiteral("transientErrors"));
        QVERIFY(notArray.error().fieldErrors.first().message.contains(QStringLiteral("must be an array")));

        QVERIFY(ErrorClassifier::fromJson(obj(R"({"terminalErrors":null})")).ok());
    }

    void toJsonKeepsTheGivenEntries()
    {
        const ErrorClassifier c = parse(R"({"terminalErrors":[2, "http:503"], "transientErrors":["E1"]})");
        const QJsonObject j = c.toJson();
        QCOMPARE(j.value(QStringLiteral("terminalErrors")).toArray(), (QJsonArray{2, QStringLiteral("http:503")}));
        QCOMPARE(j.value(QStringLiteral("transientErrors")).toArray(), (QJsonArray{QStringLiteral("E1")}));
        QVERIFY(ErrorClassifier().toJson().isEmpty());
        auto again = ErrorClassifier::fromJson(j);
        QVERIFY(again.ok());
        QVERIFY(again->isTerminal(FailureFacts::shell(2)));
        QCOMPARE(ErrorClassifier::className(ErrorClass::Terminal), QStringLiteral("TERMINAL"));
    }
};

QTEST_GUILESS_MAIN(TestErrorClassifier)
#include "test_error_classifier.moc"
