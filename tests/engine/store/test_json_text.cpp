#include "store/JsonText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <limits>

using namespace orrery;

class TestJsonText : public QObject
{
    Q_OBJECT

private slots:
    void matchesQJsonDocument_data()
    {
        QTest::addColumn<QJsonObject>("object");
        QTest::newRow("empty") << QJsonObject{};
        QTest::newRow("scalars") << QJsonObject{{"b", true}, {"f", false}, {"n", QJsonValue::Null}, {"i", 42}, {"neg", -7},
                                                {"d", 0.1}, {"big", 1.5e300}, {"small", 2.5e-300}, {"s", "text"}};
        QTest::newRow("escapes") << QJsonObject{{"quote\"key", "a\"b\\c/d"},
                                                {"ctl", QString::fromUtf16(u"\n\r\t\b\f\u0001\u001f\u0000end")}};
        QTest::newRow("unicode") << QJsonObject{{"ü", QString::fromUtf8("ünïcødé ✓ 😀 \xe2\x80\xa8")}};
        QTest::newRow("integers") << QJsonObject{{"ms", qint64(1'700'000'000'123)}, {"max", std::numeric_limits<qint64>::max()},
                                                 {"min", std::numeric_limits<qint64>::min()}, {"2^53+1", qint64(9007199254740993)}};
        QTest::newRow("nested") << QJsonObject{{"a", QJsonArray{1, "two", QJsonArray{}, QJsonObject{}, QJsonArray{QJsonObject{{"x", 1}}}}},
                                               {"o", QJsonObject{{"p", QJsonObject{{"q", QJsonValue::Null}}}}}};
    }

    void matchesQJsonDocument()
    {
        QFETCH(QJsonObject, object);
        const QString text = JsonText::compact(object);
        QCOMPARE(text, QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)));
        QJsonParseError error;
        const QJsonDocument back = QJsonDocument::fromJson(text.toUtf8(), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(back.object(), object);
    }

    void nonFiniteNumbersBecomeNull()
    {
        const QJsonObject o{{"inf", std::numeric_limits<double>::infinity()}, {"nan", std::numeric_limits<double>::quiet_NaN()}};
        QCOMPARE(JsonText::compact(o), QStringLiteral("{\"inf\":null,\"nan\":null}"));
    }
};

QTEST_GUILESS_MAIN(TestJsonText)
#include "test_json_text.moc"
