#include "support/FreePort.h"
#include "support/PgTestServer.h"
#include "support/RedisTestServer.h"

#include <QHostAddress>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QUrl>

using namespace orrery::test;

// The fixtures themselves: they must really start servers, or later integration tests prove nothing.
class TestTestSupport : public QObject
{
    Q_OBJECT

private slots:
    void freePortCanBeBound()
    {
        const quint16 port = FreePort::find();
        QVERIFY(port > 0);
        QTcpServer server;
        QVERIFY2(server.listen(QHostAddress::LocalHost, port), qPrintable(server.errorString()));
    }

    void redisAnswersAndStops()
    {
        quint16 port = 0;
        {
            RedisTestServer redis;
            if (!redis.start()) {
                if (redis.errorString().contains(QStringLiteral("not found")))
                    QSKIP(qPrintable(redis.errorString()));
                QFAIL(qPrintable(redis.errorString()));
            }
            port = redis.port();
            QCOMPARE(redis.url(), QStringLiteral("redis://127.0.0.1:%1").arg(port));
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, port);
            QVERIFY(socket.waitForConnected(5000));
            socket.write("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\nv1\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
            QByteArray reply;
            while (!reply.contains("v1\r\n") && socket.waitForReadyRead(5000))
                reply += socket.readAll();
            QCOMPARE(reply, QByteArray("+OK\r\n$2\r\nv1\r\n"));
        }
        QTcpSocket after;
        after.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(!after.waitForConnected(1000)); // stopped by the destructor
    }

    void postgresDatabasesAreFreshAndDropped()
    {
        QString url;
        QString admin;
        {
            PgTestServer pg;
            ORRERY_REQUIRE_PG(pg);
            url = pg.createDatabase();
            QVERIFY2(!url.isEmpty(), qPrintable(pg.errorString()));
            const QString second = pg.createDatabase();
            QVERIFY(second != url);
            admin = pg.adminUrl();
            QVERIFY(pg.execSql(url, QStringLiteral("CREATE TABLE probe (id INT)")));
            QVERIFY(pg.execSql(url, QStringLiteral("INSERT INTO probe VALUES (1)")));
            QString error;
            QVERIFY(!pg.execSql(second, QStringLiteral("SELECT * FROM probe"), &error)); // isolated
            QVERIFY(error.contains(QStringLiteral("probe")));
            if (!pg.isExternal())
                return; // the throwaway cluster disappears with the server object
        }
        // External server: the database was dropped at the end.
        PgTestServer again;
        ORRERY_REQUIRE_PG(again);
        QString error;
        QVERIFY(!again.execSql(url, QStringLiteral("SELECT 1"), &error));
        QVERIFY2(error.contains(QStringLiteral("does not exist")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestTestSupport)
#include "test_testsupport.moc"
