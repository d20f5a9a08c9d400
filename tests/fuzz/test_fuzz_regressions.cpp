// Regression tests for what the fuzz targets of tests/fuzz found (docs/reliability-fuzzing.md).
// One test per finding; its input is also in the target's seed corpus (tests/fuzz/corpus/),
// which the fuzz_replay_* tests run on every build.
#include "FeedSocket.h"

#include "api/HttpRequest.h"
#include "api/HttpSettings.h"
#include "api/RequestGuard.h"
#include "api/ResponseQueue.h"
#include "scheduler/IntervalTrigger.h"
#include "scheduler/IsoDateTime.h"

#include <QTest>
#include <limits>

using namespace orrery;

class FuzzRegressionsTest : public QObject
{
    Q_OBJECT

private slots:
    // fuzz_http_request: "%\"F" was decoded as '/' (QUrl::fromPercentEncoding takes any two
    // characters after '%'), so one path segment could hold a '/' the client never encoded.
    void malformedPercentEscapesStayLiteral()
    {
        const QStringList segments = HttpRequest::splitPath(QStringLiteral("/api/metadata/workflow/.%\"F..%\"Fetc"));
        QCOMPARE(segments.size(), 4);
        QCOMPARE(segments.at(3), QStringLiteral(".%\"F..%\"Fetc"));
        QCOMPARE(HttpRequest::splitPath(QStringLiteral("/a/%zz%4/%")), (QStringList{"a", "%zz%4", "%"}));
        // Real escapes still decode, each segment on its own.
        QCOMPARE(HttpRequest::splitPath(QStringLiteral("/a%2Fb/%E2%82%ac/")), (QStringList{"a/b", QStringLiteral("€")}));
        const auto query = HttpRequest::parseQuery("q=100%&x=%3d%3D&y=%g1+2");
        QCOMPARE(query.size(), 3);
        QCOMPARE(query.at(0).second, QStringLiteral("100%"));
        QCOMPARE(query.at(1).second, QStringLiteral("=="));
        QCOMPARE(query.at(2).second, QStringLiteral("%g1 2"));
    }

    // fuzz_definitions: an interval trigger starting before 1970 (a negative start) overflowed
    // qint64 in nextFireAfter (UBSan: "9223372036854775807 - -30199996800000").
    void intervalBeforeEpochDoesNotOverflow()
    {
        auto start = IsoDateTime::parseInstant(QStringLiteral("1013-01-01T00:00:00Z"));
        QVERIFY(start.ok());
        QVERIFY(start.value() < 0);
        auto trigger = IntervalTrigger::create(start.value(), 60000, 1800000000000LL);
        QVERIFY(trigger.ok());
        const qint64 after = 1767225600000LL; // 2026-01-01T00:00:00Z, a whole number of minutes after the start
        const std::optional<qint64> next = trigger->nextFireAfter(after);
        QVERIFY(next.has_value());
        QCOMPARE(*next, after + 60000);
        QVERIFY(!trigger->nextFireAfter(1800000000000LL).has_value()); // past the end

        auto open = IntervalTrigger::create(start.value(), 7, std::nullopt);
        QVERIFY(open.ok());
        QVERIFY(!open->nextFireAfter(std::numeric_limits<qint64>::max() - 3).has_value());
        QCOMPARE(open->nextFireAfter(std::numeric_limits<qint64>::min()), std::optional<qint64>(start.value()));
    }

    // fuzz_request_guard: a request head whose blank line starts exactly at maxHeaderBytes was
    // accepted when it arrived in one read but refused with 431 when its last byte came in a
    // later TCP segment (the guard refused as soon as it held more than the limit).
    void headJustWithinTheLimitDoesNotDependOnSegmentation()
    {
        HttpSettings settings;
        settings.maxHeaderBytes = 512;
        settings.instance = QStringLiteral("test");
        QByteArray head = "GET /api/health HTTP/1.1\r\nX-Pad: ";
        head += QByteArray(settings.maxHeaderBytes - head.size(), 'p');
        QCOMPARE(head.size(), settings.maxHeaderBytes);
        const QByteArray request = head + "\r\n\r\n";
        for (qsizetype cut : {qsizetype(0), request.size() - 1, request.size() - 2, request.size() - 3}) {
            fuzz::FeedSocket socket;
            auto *queue = new ResponseQueue(&socket);
            auto *guard = new RequestGuard(&socket, queue, settings);
            if (cut > 0) {
                socket.feed(request.left(cut));
                socket.readAll();
                QVERIFY2(!guard->rejected(), qPrintable(QStringLiteral("refused after %1 bytes").arg(cut)));
            }
            socket.feed(request.mid(cut));
            socket.readAll();
            QVERIFY2(!guard->rejected(), qPrintable(QStringLiteral("cut at %1: %2").arg(cut).arg(QString::fromLatin1(socket.written()))));
            QVERIFY(socket.written().isEmpty());
        }
        // One byte more and it is refused, however it arrives.
        for (qsizetype cut : {qsizetype(0), request.size()}) {
            fuzz::FeedSocket socket;
            auto *queue = new ResponseQueue(&socket);
            auto *guard = new RequestGuard(&socket, queue, settings);
            const QByteArray tooBig = head + "q\r\n\r\n";
            if (cut > 0) {
                socket.feed(tooBig.left(cut));
                socket.readAll();
            }
            socket.feed(tooBig.mid(cut));
            socket.readAll();
            QVERIFY(guard->rejected());
            QVERIFY(socket.written().startsWith("HTTP/1.1 431"));
        }
    }
};

QTEST_GUILESS_MAIN(FuzzRegressionsTest)
#include "test_fuzz_regressions.moc"
