#include "core/TimeOrderedId.h"

#include <QRegularExpression>
#include <QSet>
#include <QtTest>

using namespace orrery;

class TestTimeOrderedId : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void layoutFollowsRfc9562()
    {
        const QUuid id = TimeOrderedId::make(0x0123456789AB, 0x0CDE, 0xFFFFFFFFFFFFFFFFULL);
        QCOMPARE(id.toString(QUuid::WithoutBraces), QStringLiteral("01234567-89ab-7cde-bfff-ffffffffffff"));
        QCOMPARE(id.variant(), QUuid::DCE);
        const QUuid zero = TimeOrderedId::make(0, 0, 0);
        QCOMPARE(zero.toString(QUuid::WithoutBraces), QStringLiteral("00000000-0000-7000-8000-000000000000"));
    }

    void idsSortInTheOrderTheyWereMade()
    {
        const QRegularExpression form(QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
        QString previous;
        QSet<QString> seen;
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        for (int i = 0; i < 20000; ++i) { // several thousand per millisecond: the counter orders them
            const QString id = TimeOrderedId::next();
            QVERIFY2(form.match(id).hasMatch(), qPrintable(id));
            QVERIFY2(id > previous, qPrintable(previous + QLatin1String(" then ") + id));
            QVERIFY(!seen.contains(id));
            seen.insert(id);
            previous = id;
        }
        const qint64 stamp = previous.left(8).toLongLong(nullptr, 16) << 16 | previous.mid(9, 4).toLongLong(nullptr, 16);
        QVERIFY(stamp >= before);
        QVERIFY(stamp <= QDateTime::currentMSecsSinceEpoch() + 1000); // counter overflow moves it ahead a little at most
    }

    void threadsDoNotCollide()
    {
        QSet<QString> a, b;
        QThread *t = QThread::create([&b] {
            for (int i = 0; i < 5000; ++i)
                b.insert(TimeOrderedId::next());
        });
        t->start();
        for (int i = 0; i < 5000; ++i)
            a.insert(TimeOrderedId::next());
        t->wait();
        delete t;
        QCOMPARE(a.size(), 5000);
        QCOMPARE(b.size(), 5000);
        QVERIFY(!a.intersects(b));
    }
};

QTEST_GUILESS_MAIN(TestTimeOrderedId)
#include "test_time_ordered_id.moc"
