// Hostile clients against orreryd as a real process, each short (bench_hostile runs them
// bigger): slowloris connections are answered 408 and closed, thousands of idle connections do
// not stop it serving, running out of file descriptors does not stop it accepting for good,
// token guessing is throttled per address and logged (and the time to refuse a wrong token is
// printed for a near miss and a far one), and a project-scoped token is refused on every route
// when it aims at another project. Meanwhile a well-behaved client's latency is printed beside
// its baseline and it must never fail.
#include "IdleFlood.h"
#include "LatencyProbe.h"
#include "OrrerydProcess.h"
#include "RawHttp.h"
#include "ScopeProbe.h"
#include "SlowlorisAttack.h"
#include "TokenGuessing.h"
#include "WsAttacks.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUrl>

using namespace orrery::test;

class TestHostileInput : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<OrrerydProcess> m_server;
    quint16 m_port = 0;
    LatencyProbe::Figures m_baseline;
    qint64 m_fdLimit = 0;

    quint16 portOf(const OrrerydProcess &p) const { return quint16(QUrl(p.baseUrl()).port()); }

    void printBeside(const char *what, const LatencyProbe::Figures &during)
    {
        qInfo("%s: well-behaved client baseline %s", what, qPrintable(m_baseline.row()));
        qInfo("%s: well-behaved client during   %s", what, qPrintable(during.row()));
    }

private slots:
    void initTestCase()
    {
        m_fdLimit = IdleFlood::raiseFdLimit(4096);
        qInfo("open-file limit of the test and of orreryd: %lld", m_fdLimit);
        m_server = std::make_unique<OrrerydProcess>(m_dir.path(), QStringList{QStringLiteral("--no-demo")});
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
        m_port = portOf(*m_server);
        m_baseline = LatencyProbe::baseline(m_port, m_server->token(), 100);
        QCOMPARE(m_baseline.failed, 0);
    }

    void slowlorisIsCutOff()
    {
        LatencyProbe probe(m_port, m_server->token());
        probe.start();
        const SlowlorisAttack::Figures f = SlowlorisAttack::run(m_port, 200, 25000);
        const LatencyProbe::Figures during = probe.stop();
        qInfo("slowloris: %d/%d connected, %d closed by the server (%d with 408) between %.0f and %.0f s, %d still "
              "open, %d bytes sent", f.opened, f.connections, f.closedByServer, f.got408, f.firstCloseSeconds,
              f.lastCloseSeconds, f.stillOpen, f.bytesSent);
        printBeside("slowloris", during);
        QCOMPARE(f.opened, f.connections);
        QCOMPARE(f.stillOpen, 0);
        QCOMPARE(f.closedByServer, f.opened);
        QCOMPARE(f.got408, f.opened);
        QCOMPARE(during.failed, 0);
        QVERIFY(during.calls > 10);
    }

    void thousandsOfIdleConnections()
    {
        IdleFlood flood;
        // 1500, or what the hard open-file limit leaves room for (both ends are in this test's
        // limit: the test's sockets and, inherited, orreryd's).
        const int wanted = int(qMin<qint64>(1500, m_fdLimit - 300));
        QVERIFY2(wanted >= 500, qPrintable(QStringLiteral("the open-file limit (%1) is too low for this test").arg(m_fdLimit)));
        const int opened = flood.open(m_port, wanted);
        LatencyProbe probe(m_port, m_server->token());
        probe.start();
        QThread::msleep(3000);
        const LatencyProbe::Figures during = probe.stop();
        const int closed = flood.release();
        qInfo("idle: %d/%d connections held for 3 s (%d closed by the server meanwhile)%s%s", opened, wanted, closed,
              flood.errorString().isEmpty() ? "" : "; first failure: ", qPrintable(flood.errorString()));
        printBeside("idle", during);
        QCOMPARE(opened, wanted);
        QCOMPARE(during.failed, 0);
        QVERIFY(during.calls > 10);
    }

    void runningOutOfDescriptorsIsNotForever()
    {
        // A server of its own with 256 descriptors, flooded past them, then relieved.
        QTemporaryDir dir;
        OrrerydProcess p(dir.path(), {QStringLiteral("--no-demo")});
        QString error;
        QVERIFY2(p.start(&error), qPrintable(error));
        QVERIFY2(IdleFlood::setFdLimitOf(p.pid(), 256, &error), qPrintable(error));
        const quint16 port = portOf(p);
        QCOMPARE(RawHttp::request(port, "GET", "/healthz", {}).status, 200);
        IdleFlood flood;
        const int opened = flood.open(port, 400, 300);
        QThread::msleep(1000);
        const RawHttp::Reply starved = RawHttp::request(port, "GET", "/healthz", {}, {}, 2000);
        flood.release();
        // Accepting must resume by itself once descriptors are free again.
        RawHttp::Reply after;
        QDeadlineTimer deadline(10000);
        while (!deadline.hasExpired()) {
            after = RawHttp::request(port, "GET", "/healthz", {}, {}, 2000);
            if (after.status == 200)
                break;
            QThread::msleep(200);
        }
        qInfo("descriptors: %d connections opened against a limit of 256; /healthz while starved: %d (%s); after "
              "the flood left: %d in %.0f ms", opened, starved.status, qPrintable(starved.error), after.status, after.ms);
        QCOMPARE(after.status, 200);
        QCOMPARE(p.terminate(20000), 0);
    }

    void tokenGuessingIsThrottledAndLogged()
    {
        const TokenGuessing::Lockout l = TokenGuessing::lockout(m_port, m_server->token(), 15, "127.0.0.2");
        QStringList statuses;
        for (int s : l.statuses)
            statuses << QString::number(s);
        qInfo("brute force from 127.0.0.2: %s; the right token from there: %d (Retry-After %s); from 127.0.0.1: %d",
              qPrintable(statuses.join(u' ')), l.rightTokenStatus, l.retryAfter.constData(), l.otherAddressStatus);
        for (int i = 0; i < 10; ++i)
            QCOMPARE(l.statuses.at(i), 401);
        QCOMPARE(l.firstThrottled, 10);
        for (int i = 10; i < l.statuses.size(); ++i)
            QCOMPARE(l.statuses.at(i), 429);
        QVERIFY(l.retryAfter.toInt() > 0);
        QCOMPARE(l.rightTokenStatus, 429);
        QCOMPARE(l.otherAddressStatus, 200);
        // Logged once, with the address.
        QByteArray log;
        QDeadlineTimer deadline(5000);
        while (!deadline.hasExpired() && !log.contains("authentication throttle")) {
            QFile f(m_dir.filePath(QStringLiteral("orreryd.log")));
            if (f.open(QIODevice::ReadOnly))
                log = f.readAll();
            QThread::msleep(100);
        }
        QVERIFY2(log.contains("authentication throttle: 127.0.0.2"), log.right(2000).constData());
        QCOMPARE(log.count("authentication throttle: 127.0.0.2"), 1);

        // Timing: a wrong token sharing all but its last character against one sharing none.
        const TokenGuessing::Timing t = TokenGuessing::timing(m_port, m_server->token(), 300, 8);
        qInfo("timing: %d samples each; near miss median %.1f us, far miss %.1f us, difference %.1f us (noise, "
              "median absolute deviation: %.1f us)", t.samples, t.samePrefixMedianUs, t.noPrefixMedianUs,
              t.differenceUs, t.noiseUs);
        QCOMPARE(t.non401, 0);
        QVERIFY(t.samples > 250);
    }

    void tokenGuessingOverWebSocketIsThrottledToo()
    {
        const WsAttacks::Guessing g = WsAttacks::guess(m_port, m_server->token(), 12, "127.0.0.3");
        QVERIFY2(g.error.isEmpty(), qPrintable(g.error));
        qInfo("CONNECT guesses from 127.0.0.3: %s; then the right token: '%s' over CONNECT, %d over HTTP",
              qPrintable(g.codes.join(u' ')), qPrintable(g.rightTokenCode), g.httpStatusSameAddress);
        for (int i = 0; i < 10; ++i)
            QCOMPARE(g.codes.at(i), QStringLiteral("unauthorized"));
        QCOMPARE(g.firstThrottled, 10);
        QCOMPARE(g.rightTokenCode, QStringLiteral("throttled"));
        QCOMPARE(g.httpStatusSameAddress, 429); // one throttle for both ways in
    }

    void webSocketFloodsAreCut()
    {
        LatencyProbe probe(m_port, m_server->token());
        probe.start();
        const WsAttacks::Flood f = WsAttacks::flood(m_port, m_server->token(), 20000);
        const WsAttacks::Oversized o = WsAttacks::oversized(m_port, m_server->token(), 256 * 1024);
        const LatencyProbe::Figures during = probe.stop();
        QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
        QVERIFY2(o.error.isEmpty(), qPrintable(o.error));
        qInfo("event flood: %d events written in %.2f s before the server closed with %d '%s'; a %d-byte frame: "
              "closed with %d", f.sent, f.seconds, f.closeCode, f.closeReason.constData(), o.bytes, o.closeCode);
        printBeside("websocket flood", during);
        QCOMPARE(f.closeCode, 1008);
        QVERIFY(f.sent < 20000);
        QCOMPARE(o.closeCode, 1009);
        QCOMPARE(during.failed, 0);
    }

    void scopedTokenCannotReachAnotherProject()
    {
        ScopeProbe::Target target;
        QString alphaWf, error;
        QVERIFY2(ScopeProbe::prepare(*m_server, &target, &alphaWf, &error), qPrintable(error));
        const QString betaWf = target.otherWorkflowId;
        // The scoped token does reach its own project.
        QCOMPARE(RawHttp::request(m_port, "GET", "/api/workflow/" + alphaWf.toUtf8(), target.scopedToken).status, 200);
        const ScopeProbe::Figures f = ScopeProbe::run(m_port, target);
        QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
        qInfo("scope: %d routes tried with a token for project alpha aimed at beta: %d refused 403, %d other 4xx, %d "
              "2xx (none showing beta's ids: %s), %d server errors", f.routes, f.refused403, f.other4xx, f.ok2xx,
              f.leaks().isEmpty() ? "yes" : "NO", f.serverErrors);
        for (const auto &a : f.attempts)
            if (a.aimsAtOther && a.status != 403)
                qInfo("  %s %s -> %d", a.method.constData(), qPrintable(a.pattern), a.status);
        for (const auto &a : f.leaks())
            qWarning("LEAK %s %s -> %d", a.method.constData(), a.target.constData(), a.status);
        for (const auto &a : f.escapes())
            qWarning("ESCAPE %s %s -> %d", a.method.constData(), a.target.constData(), a.status);
        QVERIFY(f.routes > 50);
        QVERIFY(f.leaks().isEmpty());
        QVERIFY(f.escapes().isEmpty());
        QCOMPARE(f.serverErrors, 0);
        // Nothing happened to beta's workflow.
        const QJsonObject after = m_server->get(QStringLiteral("/api/workflow/%1?includeTasks=true").arg(betaWf)).json().object();
        QCOMPARE(after.value(QStringLiteral("status")).toString(), QStringLiteral("RUNNING"));
        QCOMPARE(after.value(QStringLiteral("tasks")).toArray().size(), 1);
        QCOMPARE(after.value(QStringLiteral("tasks")).toArray().first().toObject().value(QStringLiteral("status")).toString(),
                 QStringLiteral("IN_PROGRESS"));
    }

    void cleanupTestCase()
    {
        if (m_server)
            QCOMPARE(m_server->terminate(20000), 0);
    }
};

QTEST_GUILESS_MAIN(TestHostileInput)
#include "test_hostile_input.moc"
