// RowChecksum: the same data gives the same digest whichever backend returned it (integer widths,
// JSONB's reordered keys and whitespace), and different data never shares a rendering.

#include "store/PostgresBackend.h"
#include "store/RowChecksum.h"

#include <QTest>

using namespace orrery;

namespace {

QByteArray digest(const QList<QVariantList> &rows, QList<ColumnKind> kinds)
{
    RowChecksum checksum(std::move(kinds));
    for (const QVariantList &row : rows)
        checksum.add(row);
    return checksum.hex();
}

} // namespace

class TestRowChecksum : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void jsonIsComparedAfterParsing()
    {
        const QVariant sqlite = QStringLiteral(R"J({"b":1,"a":[1,2.5,{"y":null,"x":"\u00e9"}],"n":9007199254740993})J");
        const QVariant jsonb = QStringLiteral(R"J({"a": [1, 2.50, {"x": "é", "y": null}], "b": 1, "n": 9007199254740993})J");
        QCOMPARE(RowChecksum::canonical(sqlite, ColumnKind::Json), RowChecksum::canonical(jsonb, ColumnKind::Json));
        // As text they differ, and a different number is a different value.
        QVERIFY(RowChecksum::canonical(sqlite, ColumnKind::Text) != RowChecksum::canonical(jsonb, ColumnKind::Text));
        const QVariant other = QStringLiteral(R"J({"a":[1,2.5,{"x":"é","y":null}],"b":1,"n":9007199254740992})J");
        QVERIFY(RowChecksum::canonical(other, ColumnKind::Json) != RowChecksum::canonical(sqlite, ColumnKind::Json));
        // Text that is not one JSON value is compared as it is.
        QCOMPARE(RowChecksum::canonical(QStringLiteral("{oops"), ColumnKind::Json),
                 RowChecksum::canonical(QStringLiteral("{oops"), ColumnKind::Text));
        QVERIFY(RowChecksum::canonical(QStringLiteral("1, 2"), ColumnKind::Json)
                != RowChecksum::canonical(QStringLiteral("[1,2]"), ColumnKind::Json));
    }

    void integersAreEqualWhateverTheirWidth()
    {
        QCOMPARE(RowChecksum::canonical(QVariant(int(42)), ColumnKind::Integer),
                 RowChecksum::canonical(QVariant(qlonglong(42)), ColumnKind::Integer));
        QVERIFY(RowChecksum::canonical(QVariant(qlonglong(42)), ColumnKind::Integer)
                != RowChecksum::canonical(QVariant(QStringLiteral("42")), ColumnKind::Integer));
        QVERIFY(RowChecksum::canonical(QVariant(1.5), ColumnKind::Integer)
                != RowChecksum::canonical(QVariant(qlonglong(2)), ColumnKind::Integer));
    }

    void nullIsNeitherEmptyNorJsonNull()
    {
        const QByteArray null = RowChecksum::canonical(QVariant(QMetaType(QMetaType::QString)), ColumnKind::Text);
        QVERIFY(null != RowChecksum::canonical(QString(QLatin1String("")), ColumnKind::Text));
        QVERIFY(null != RowChecksum::canonical(QStringLiteral("null"), ColumnKind::Json));
        QCOMPARE(null, RowChecksum::canonical(QVariant(QMetaType(QMetaType::LongLong)), ColumnKind::Integer));
    }

    void textIsAdaptedAsTheTargetStoresIt()
    {
        const PostgresBackend pg(StoreUrl::parse(QStringLiteral("postgresql://u@h/db")).value());
        const QString withNul = QStringLiteral("a") + QChar(0) + QStringLiteral("b");
        const QString replaced = QStringLiteral("a\ufffdb");
        QVERIFY(RowChecksum::canonical(withNul, ColumnKind::Text) != RowChecksum::canonical(replaced, ColumnKind::Text));
        QCOMPARE(RowChecksum::canonical(withNul, ColumnKind::Text, &pg), RowChecksum::canonical(replaced, ColumnKind::Text, &pg));
        QCOMPARE(RowChecksum::canonical(QStringLiteral(R"J({"k":"x\u0000y"})J"), ColumnKind::Json, &pg),
                 RowChecksum::canonical(QStringLiteral(R"J({"k":"x\ufffdy"})J"), ColumnKind::Json));
    }

    void rowsAndTheirBoundariesCount()
    {
        const QList<ColumnKind> kinds{ColumnKind::Text, ColumnKind::Text};
        const QVariantList ab{QStringLiteral("ab"), QStringLiteral("c")};
        const QVariantList a{QStringLiteral("a"), QStringLiteral("bc")};
        QCOMPARE(digest({ab, a}, kinds), digest({ab, a}, kinds));
        QVERIFY(digest({ab}, kinds) != digest({a}, kinds));
        QVERIFY(digest({ab, a}, kinds) != digest({a, ab}, kinds));
        QCOMPARE(digest({}, kinds).size(), 64); // SHA-256 in hex
        RowChecksum counted(kinds);
        counted.add(ab);
        counted.add(a);
        QCOMPARE(counted.rows(), qint64(2));
    }
};

QTEST_GUILESS_MAIN(TestRowChecksum)
#include "test_row_checksum.moc"
