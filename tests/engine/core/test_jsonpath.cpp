#include "core/JsonPath.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace orrery;

namespace {

// A JSON array value; a function (not a braced list) so it can sit inside QCOMPARE.
template<typename... T>
QJsonValue jarr(T... items)
{
    return QJsonArray{QJsonValue(items)...};
}

QJsonValue parse(const char *json)
{
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(json));
    return doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
}

QJsonValue store()
{
    return parse(R"({
      "store": {
        "book": [
          {"category": "reference", "author": "Nigel Rees", "title": "Sayings", "price": 8.95},
          {"category": "fiction", "author": "Evelyn Waugh", "title": "Sword", "price": 12.99},
          {"category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "isbn": "0-553", "price": 8.99},
          {"category": "fiction", "author": "J. R. R. Tolkien", "title": "LOTR", "isbn": "0-395", "price": 22.99}
        ],
        "bicycle": {"color": "red", "price": 19.95}
      },
      "expensive": 10,
      "odd key": {"a.b": 1},
      "nothing": null,
      "flags": [true, false]
    })");
}

QJsonValue eval(const QString &path)
{
    return JsonPath::evaluate(store(), path);
}

} // namespace

class TestJsonPath : public QObject
{
    Q_OBJECT

private slots:
    void definitePaths()
    {
        QCOMPARE(eval(QStringLiteral("$.expensive")), QJsonValue(10));
        QCOMPARE(eval(QStringLiteral("expensive")), QJsonValue(10)); // "$." is optional
        QCOMPARE(eval(QStringLiteral("  store.bicycle.color  ")), QJsonValue(QStringLiteral("red")));
        QCOMPARE(eval(QStringLiteral("$['store']['bicycle']['color']")), QJsonValue(QStringLiteral("red")));
        QCOMPARE(eval(QStringLiteral("$[\"store\"].bicycle[\"price\"]")), QJsonValue(19.95));
        QCOMPARE(eval(QStringLiteral("['odd key']['a.b']")), QJsonValue(1));
        QCOMPARE(eval(QStringLiteral("store.book[0].author")), QJsonValue(QStringLiteral("Nigel Rees")));
        QCOMPARE(eval(QStringLiteral("store.book[-1].title")), QJsonValue(QStringLiteral("LOTR")));
        QCOMPARE(eval(QStringLiteral("$")), store());
        QCOMPARE(eval(QStringLiteral("$.store.bicycle")).toObject().value(QStringLiteral("price")), QJsonValue(19.95));
        QCOMPARE(eval(QStringLiteral("flags[1]")), QJsonValue(false));
    }

    void missingIsNull()
    {
        QCOMPARE(eval(QStringLiteral("nope")), QJsonValue(QJsonValue::Null));
        QCOMPARE(eval(QStringLiteral("store.nope.deeper")), QJsonValue(QJsonValue::Null));
        QCOMPARE(eval(QStringLiteral("store.book[10].title")), QJsonValue(QJsonValue::Null));
        QCOMPARE(eval(QStringLiteral("store.book.title")), QJsonValue(QJsonValue::Null)); // property of an array
        QCOMPARE(eval(QStringLiteral("store.bicycle[0]")), QJsonValue(QJsonValue::Null)); // index of an object
        QCOMPARE(eval(QStringLiteral("nothing")), QJsonValue(QJsonValue::Null));
        QCOMPARE(eval(QStringLiteral("nothing.x")), QJsonValue(QJsonValue::Null));
    }

    void invalidPathsAreNullAndReported()
    {
        QString error;
        QVERIFY(!JsonPath::isValid(QStringLiteral("store.my key"), &error));
        QVERIFY2(error.contains(QStringLiteral("bracket")), qPrintable(error));
        QVERIFY(!JsonPath::isValid(QStringLiteral("store.book[")));
        QVERIFY(!JsonPath::isValid(QStringLiteral("store.book[abc]")));
        QVERIFY(!JsonPath::isValid(QStringLiteral("store.")));
        QVERIFY(!JsonPath::isValid(QStringLiteral("store.book.nosuch()")));
        QVERIFY(!JsonPath::isValid(QStringLiteral("store.book.length().x")));
        QVERIFY(!JsonPath::isValid(QStringLiteral("store.book[?(@.price <)]")));
        QVERIFY(!JsonPath::isValid(QStringLiteral("")));
        QCOMPARE(eval(QStringLiteral("store.my key")), QJsonValue(QJsonValue::Null));
        QVERIFY(JsonPath::isValid(QStringLiteral("$.store.book[?(@.price < 10 && @.category == 'fiction')].title")));
    }

    void wildcards()
    {
        const QJsonArray authors = eval(QStringLiteral("$.store.book[*].author")).toArray();
        QCOMPARE(authors.size(), 4);
        QCOMPARE(authors.at(1), QJsonValue(QStringLiteral("Evelyn Waugh")));
        const QJsonArray values = eval(QStringLiteral("$.store.bicycle.*")).toArray();
        QCOMPARE(values.size(), 2);
        QVERIFY(values.contains(QJsonValue(QStringLiteral("red"))));
        QVERIFY(values.contains(QJsonValue(19.95)));
        // A wildcard that matches nothing is still an (empty) array, not null.
        QCOMPARE(eval(QStringLiteral("$.store.bicycle.color[*]")), QJsonValue(QJsonArray()));
        // Missing properties under a wildcard are skipped.
        QCOMPARE(eval(QStringLiteral("$.store.book[*].isbn")), jarr("0-553", "0-395"));
    }

    void deepScan()
    {
        const QJsonArray prices = eval(QStringLiteral("$..price")).toArray();
        QCOMPARE(prices.size(), 5);
        QVERIFY(prices.contains(QJsonValue(19.95)));
        QVERIFY(prices.contains(QJsonValue(8.95)));
        QCOMPARE(eval(QStringLiteral("$..book[2].title")), jarr("Moby Dick"));
        QCOMPARE(eval(QStringLiteral("$..isbn")), jarr("0-553", "0-395"));
        QCOMPARE(eval(QStringLiteral("$..nosuch")), QJsonValue(QJsonArray()));
        // ..* is every value below the root.
        QVERIFY(eval(QStringLiteral("$.store.bicycle..*")).toArray().size() == 2);
        // A deep-scan filter finds matching objects at any depth.
        const QJsonArray cheap = eval(QStringLiteral("$..[?(@.price < 10)]")).toArray();
        QCOMPARE(cheap.size(), 2);
    }

    void filters()
    {
        QCOMPARE(eval(QStringLiteral("$.store.book[?(@.price < 10)].title")), jarr("Sayings", "Moby Dick"));
        QCOMPARE(eval(QStringLiteral("$.store.book[?(@.price >= 22.99)].title")), jarr("LOTR"));
        QCOMPARE(eval(QStringLiteral("$.store.book[?(@.price <= 8.95)].title")), jarr("Sayings"));
        QCOMPARE(eval(QStringLiteral("$.store.book[?(@.price > 20)].title")), jarr("LOTR"));
        QCOMPARE(eval(QStringLiteral("$.store.book[?(@.category == 'reference')].author")),
                 jarr("Nigel Rees"));
        QCOMPARE(eval(QStringLiteral("$.store.book[?(@.category != \"fiction\")].author")),
                 jarr("Nigel Rees"));
        QCOMPARE(eval(QStringLiteral("$.store.book[?(@.price < 10 && @.category == 'fiction')].title")),
                 jarr("Moby Dick"));
        QCOMPARE(eval(QStringLiteral("$.store.book[?(@.price > 20 || @.category == 'reference')].title")),
                 jarr("Sayings", "LOTR"));
        QCOMPARE(eval(QStringLiteral("$.store.book[?((@.price > 20 || @.price < 9) && !(@.isbn))].title")),
                 jarr("Sayings"));
        QCOMPARE(eval(QStringLiteral("$.store.book[?(@.isbn)].title")), jarr("Moby Dick", "LOTR"));
        QCOMPARE(eval(QStringLiteral("$.store.book[?(@.price > $.expensive)].title")), jarr("Sword", "LOTR"));
        QCOMPARE(eval(QStringLiteral("$.store.book[?(@.author =~ /.*tolkien/i)].title")), jarr("LOTR"));
        QCOMPARE(eval(QStringLiteral("$.store.book[?(@.title in ['LOTR', 'Sword'])].price")),
                 jarr(12.99, 22.99));
        QCOMPARE(eval(QStringLiteral("$.store.book[?(@.title nin ['LOTR', 'Sword'])].price")),
                 jarr(8.95, 8.99));
        QCOMPARE(eval(QStringLiteral("$.store.book[?(@.title.length() > 6)].title")), jarr("Sayings", "Moby Dick"));
        QCOMPARE(eval(QStringLiteral("$.store.book[?(@.nope == 1)]")), QJsonValue(QJsonArray()));
        // Boundaries: strict and non-strict comparisons differ on equality.
        QCOMPARE(eval(QStringLiteral("$.store.book[?(@.price < 8.95)]")), QJsonValue(QJsonArray()));
        QCOMPARE(eval(QStringLiteral("$.store.book[?(@.price > 22.99)]")), QJsonValue(QJsonArray()));
        QCOMPARE(eval(QStringLiteral("$.store.book[?(@.price>=22.99)].title")), jarr("LOTR")); // no blanks needed
        QCOMPARE(eval(QStringLiteral("$.store.book[?(@.title == 'a)]b')]")), QJsonValue(QJsonArray()));
        // Missing properties satisfy != (Jayway), never ==.
        QCOMPARE(eval(QStringLiteral("$.store.book[?(@.isbn != '0-553')].title")), jarr("Sayings", "Sword", "LOTR"));
        // Strings compare lexically; a string never orders against a number.
        QCOMPARE(eval(QStringLiteral("$.store.book[?(@.title < 'M')].title")), jarr("LOTR"));
        QCOMPARE(eval(QStringLiteral("$.store.book[?(@.title < 5)]")), QJsonValue(QJsonArray()));
        // A filter on an object tests the object itself.
        QCOMPARE(eval(QStringLiteral("$.store.bicycle[?(@.color == 'red')].price")), jarr(19.95));
        // Primitive arrays: '@' is the element.
        QCOMPARE(JsonPath::evaluate(parse(R"({"n":[1,5,2,8]})"), QStringLiteral("n[?(@ > 2)]")), jarr(5, 8));
        // A number and its text compare equal, as in Jayway.
        QCOMPARE(JsonPath::evaluate(parse(R"({"n":[{"id":"7"},{"id":8}]})"), QStringLiteral("n[?(@.id == 7)].id")),
                 jarr("7"));
    }

    void functions()
    {
        QCOMPARE(eval(QStringLiteral("$.store.book.length()")), QJsonValue(4));
        QCOMPARE(eval(QStringLiteral("store.book.size()")), QJsonValue(4));
        QCOMPARE(eval(QStringLiteral("$.store.book[?(@.price < 10)].length()")), QJsonValue(2));
        QCOMPARE(eval(QStringLiteral("$.store.bicycle.length()")), QJsonValue(2));
        QCOMPARE(eval(QStringLiteral("$.store.bicycle.color.length()")), QJsonValue(3));
        QCOMPARE(eval(QStringLiteral("$..price.min()")), QJsonValue(8.95));
        QCOMPARE(eval(QStringLiteral("$..price.max()")), QJsonValue(22.99));
        QCOMPARE(eval(QStringLiteral("$.store.book[*].price.sum()")).toDouble(), 8.95 + 12.99 + 8.99 + 22.99);
        QCOMPARE(eval(QStringLiteral("$.store.book[*].title.first()")), QJsonValue(QStringLiteral("Sayings")));
        QCOMPARE(eval(QStringLiteral("$.store.bicycle.keys()")), jarr("color", "price"));
        QCOMPARE(eval(QStringLiteral("$.nope.length()")), QJsonValue(QJsonValue::Null));
        QVERIFY(JsonPath::compile(QStringLiteral("a.length()"))->isDefinite());
        QVERIFY(!JsonPath::compile(QStringLiteral("a[*]"))->isDefinite());
    }

    void slicesAndIndexLists()
    {
        QCOMPARE(eval(QStringLiteral("$.store.book[0,2].title")), jarr("Sayings", "Moby Dick"));
        QCOMPARE(eval(QStringLiteral("$.store.book[1:3].title")), jarr("Sword", "Moby Dick"));
        QCOMPARE(eval(QStringLiteral("$.store.book[:1].title")), jarr("Sayings"));
        QCOMPARE(eval(QStringLiteral("$.store.book[-2:].title")), jarr("Moby Dick", "LOTR"));
        QCOMPARE(eval(QStringLiteral("$.store.book[2:100].title")), jarr("Moby Dick", "LOTR"));
        const QJsonValue picked = eval(QStringLiteral("$.store.bicycle['color','price']"));
        QCOMPARE(picked.toObject().size(), 2);
    }

    void rootIsArray()
    {
        const QJsonValue arr = parse(R"([{"a":1},{"a":2}])");
        QCOMPARE(JsonPath::evaluate(arr, QStringLiteral("$[1].a")), QJsonValue(2));
        QCOMPARE(JsonPath::evaluate(arr, QStringLiteral("$[*].a")), jarr(1, 2));
    }
};

QTEST_GUILESS_MAIN(TestJsonPath)
#include "test_jsonpath.moc"
