// MetricsRegistry and the Prometheus text format it writes.

#include "api/MetricsRegistry.h"

#include <QTest>
#include <QThread>

using namespace orrery;

class TestMetricsRegistry : public QObject
{
    Q_OBJECT

private slots:
    void countersGaugesAndHistogramsRender()
    {
        MetricsRegistry r;
        auto c = r.counter(QStringLiteral("orrery_things_total"), QStringLiteral("Things.\nDone"), {QStringLiteral("kind")});
        auto g = r.gauge(QStringLiteral("orrery_level"), QStringLiteral("Level."));
        auto h = r.histogram(QStringLiteral("orrery_wait_seconds"), QStringLiteral("Waits."), {}, {0.1, 1, 0.5});
        QVERIFY(c && g && h);
        c->inc({QStringLiteral("a")});
        c->inc({QStringLiteral("a")}, 2);
        c->inc({QStringLiteral("quote\"back\\slash\nline")});
        c->inc({QStringLiteral("a")}, -5); // counters never go down
        c->inc({}, 1);                     // wrong label count: dropped
        g->set({}, 2.5);
        g->add({}, -1);
        h->observe({}, 0.05);
        h->observe({}, 0.5);
        h->observe({}, 3);
        QCOMPARE(h->upperBounds(), (QList<double>{0.1, 0.5, 1}));
        const QByteArray expected =
            "# HELP orrery_things_total Things.\\nDone\n"
            "# TYPE orrery_things_total counter\n"
            "orrery_things_total{kind=\"a\"} 3\n"
            "orrery_things_total{kind=\"quote\\\"back\\\\slash\\nline\"} 1\n"
            "# HELP orrery_level Level.\n"
            "# TYPE orrery_level gauge\n"
            "orrery_level 1.5\n"
            "# HELP orrery_wait_seconds Waits.\n"
            "# TYPE orrery_wait_seconds histogram\n"
            "orrery_wait_seconds_bucket{le=\"0.1\"} 1\n"
            "orrery_wait_seconds_bucket{le=\"0.5\"} 2\n"
            "orrery_wait_seconds_bucket{le=\"1\"} 2\n"
            "orrery_wait_seconds_bucket{le=\"+Inf\"} 3\n"
            "orrery_wait_seconds_sum 3.55\n"
            "orrery_wait_seconds_count 3\n";
        QCOMPARE(r.render(), expected);
    }

    void declaringAgainSharesOrRefuses()
    {
        MetricsRegistry r;
        auto a = r.counter(QStringLiteral("x_total"), QStringLiteral("x"), {QStringLiteral("l")});
        QCOMPARE(r.counter(QStringLiteral("x_total"), QStringLiteral("again"), {QStringLiteral("l")}), a);
        QVERIFY(!r.gauge(QStringLiteral("x_total"), QStringLiteral("x")));                            // other type
        QVERIFY(!r.counter(QStringLiteral("x_total"), QStringLiteral("x"), {QStringLiteral("m")}));     // other labels
        QVERIFY(!r.counter(QStringLiteral("9bad"), QStringLiteral("x")));
        QVERIFY(!r.counter(QStringLiteral("ok_total"), QStringLiteral("x"), {QStringLiteral("le")}));   // reserved
        QVERIFY(!r.gauge(QStringLiteral("ok"), QStringLiteral("x"), {QStringLiteral("bad-label")}));
    }

    void collectorsRunAtScrapeTimeAndCannotDuplicate()
    {
        MetricsRegistry r;
        r.gauge(QStringLiteral("dup"), QStringLiteral("declared"))->set({}, 1);
        int calls = 0;
        const int id = r.addCollector([&calls](MetricsWriter &w) {
            ++calls;
            w.family(QStringLiteral("dup"), QStringLiteral("gauge"), QStringLiteral("again"));
            w.sample(QStringLiteral("dup"), {}, 99); // skipped: the family exists
            w.family(QStringLiteral("orrery_breaker_state"), QStringLiteral("gauge"), QStringLiteral("0 closed, 1 open"));
            w.sample(QStringLiteral("orrery_breaker_state"), {{QStringLiteral("breaker"), QStringLiteral("db")}}, 1);
        });
        const QByteArray text = r.render();
        QCOMPARE(calls, 1);
        QVERIFY(text.contains("dup 1\n"));
        QVERIFY(!text.contains("dup 99"));
        QVERIFY(text.contains("orrery_breaker_state{breaker=\"db\"} 1\n"));
        r.removeCollector(id);
        QVERIFY(!r.render().contains("orrery_breaker_state"));
    }

    void recordingFromManyThreads()
    {
        MetricsRegistry r;
        auto c = r.counter(QStringLiteral("n_total"), QStringLiteral("n"), {QStringLiteral("t")});
        QList<QThread *> threads;
        for (int t = 0; t < 4; ++t) {
            threads << QThread::create([c] {
                for (int i = 0; i < 10000; ++i)
                    c->inc({QStringLiteral("x")});
            });
            threads.last()->start();
        }
        for (QThread *t : threads) {
            t->wait();
            delete t;
        }
        QCOMPARE(c->value({QStringLiteral("x")}), 40000.0);
    }
};

QTEST_GUILESS_MAIN(TestMetricsRegistry)
#include "test_metrics_registry.moc"
