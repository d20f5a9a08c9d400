// Regression tests for what the fuzz targets of tests/fuzz found (docs/reliability-fuzzing.md).
// One test per finding; its input is also in the target's seed corpus (tests/fuzz/corpus/),
// which the fuzz_replay_* tests run on every build.
#include "api/HttpRequest.h"
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
};

QTEST_GUILESS_MAIN(FuzzRegressionsTest)
#include "test_fuzz_regressions.moc"
