// `orreryd token create|list|revoke` on the store a running server uses: the server accepts a
// token created on the command line and refuses a revoked one within its reload interval, and
// both changes are in the audit log.

#include "ApiFixture.h"

#include "TokenCommand.h"

#include <QJsonDocument>
#include <QTest>

using namespace orrery;
using namespace orrery::test;

class TestTokenCommand : public QObject
{
    Q_OBJECT

private:
    ApiFixture m_api;
    QString m_db;

    int run(QStringList args, QString *out = nullptr, QString *err = nullptr)
    {
        args << QStringLiteral("--db") << m_db;
        QString o, e;
        QTextStream os(&o), es(&e);
        const int code = TokenCommand::run(args, os, es);
        os.flush();
        es.flush();
        if (out)
            *out = o;
        if (err)
            *err = e;
        return code;
    }

private slots:
    void initTestCase()
    {
        ApiServerOptions options;
        options.tokenReloadMs = 50;
        QVERIFY(m_api.start(options).isEmpty());
        m_db = QStringLiteral("sqlite:") + m_api.dataDir() + QStringLiteral("/orrery.db");
    }

    void createdTokensWorkAtOnceOnARunningServer()
    {
        QString out, err;
        QCOMPARE(run({QStringLiteral("token"), QStringLiteral("create"), QStringLiteral("--name"), QStringLiteral("cli-viewer"),
                      QStringLiteral("--role"), QStringLiteral("viewer"), QStringLiteral("--project"), QStringLiteral("alpha")},
                     &out, &err),
                 0);
        const QByteArray secret = out.trimmed().toLatin1();
        QVERIFY(secret.startsWith("orr_"));
        QVERIFY(err.contains(QStringLiteral("shown only once")));
        const Headers auth{{"Authorization", "Bearer " + secret}};
        QTRY_COMPARE_WITH_TIMEOUT(m_api.call("GET", "/api/version", auth).status, 200, 10000);

        QCOMPARE(run({QStringLiteral("token"), QStringLiteral("list"), QStringLiteral("--json")}, &out), 0);
        const QJsonArray list = QJsonDocument::fromJson(out.toUtf8()).array();
        QString id;
        for (const QJsonValue &v : list) {
            if (v.toObject().value(QStringLiteral("name")).toString() == QLatin1String("cli-viewer")) {
                id = v.toObject().value(QStringLiteral("id")).toString();
                QCOMPARE(v.toObject().value(QStringLiteral("projects")).toArray(), QJsonArray{QStringLiteral("alpha")});
            }
        }
        QVERIFY(!id.isEmpty());
        QVERIFY(!out.contains(QString::fromLatin1(secret)));

        QCOMPARE(run({QStringLiteral("token"), QStringLiteral("revoke"), id}, &out), 0);
        QTRY_COMPARE_WITH_TIMEOUT(m_api.call("GET", "/api/version", auth).status, 401, 10000);
        QCOMPARE(run({QStringLiteral("token"), QStringLiteral("list")}, &out), 0);
        QVERIFY(!out.contains(id));
        QCOMPARE(run({QStringLiteral("token"), QStringLiteral("list"), QStringLiteral("--all")}, &out), 0);
        QVERIFY(out.contains(id) && out.contains(QStringLiteral("revoked")));

        const QJsonObject audit = obj(m_api.call("GET", "/api/audit?method=CLI", m_api.admin));
        QCOMPARE(audit.value(QStringLiteral("totalHits")).toInt(), 2);
        const QJsonObject revoke = audit.value(QStringLiteral("results")).toArray().first().toObject();
        QCOMPARE(revoke.value(QStringLiteral("route")).toString(), QStringLiteral("token revoke"));
        QVERIFY(revoke.value(QStringLiteral("actor")).toString().startsWith(QStringLiteral("cli:")));
        QCOMPARE(revoke.value(QStringLiteral("target")).toString(), QStringLiteral("/api/tokens/") + id);
    }

    void usageAndRefusals()
    {
        QString out, err;
        QCOMPARE(run({QStringLiteral("token")}, &out, &err), 2);
        QVERIFY(err.contains(QStringLiteral("usage")));
        QCOMPARE(run({QStringLiteral("token"), QStringLiteral("create"), QStringLiteral("--name"), QStringLiteral("x"),
                      QStringLiteral("--role"), QStringLiteral("root")}, &out, &err), 2);
        QCOMPARE(run({QStringLiteral("token"), QStringLiteral("create"), QStringLiteral("--name"), QStringLiteral("x"),
                      QStringLiteral("--role"), QStringLiteral("viewer"), QStringLiteral("--project"), QStringLiteral("../x")},
                     &out, &err), 2);
        QCOMPARE(run({QStringLiteral("token"), QStringLiteral("revoke"), QStringLiteral("tok_nothing")}, &out, &err), 1);
        QVERIFY(err.contains(QStringLiteral("No API token")));
        QCOMPARE(run({QStringLiteral("token"), QStringLiteral("revoke")}, &out, &err), 2);
    }
};

QTEST_GUILESS_MAIN(TestTokenCommand)
#include "test_token_command.moc"
