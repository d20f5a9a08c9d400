// Fuzz target: how the REST layer reads a request once QHttpServer has framed it
// (api/HttpRequest path and query decoding, RequestContext identifier checks, api/JsonBody).
// Input: "<request target>\n<body>", e.g. "/api/workflow/x%2Fy?includeTasks=true&a=1,2\n{...}".
// Properties: nothing crashes; path segments never contain '/' unless it was percent-encoded;
// an identifier accepted by isValidId has no '/', no leading '.', and 1-128 characters; a body
// JsonBody accepts is within the depth limit and survives a write/read round trip, and one it
// refuses says why.
#include "FuzzCheck.h"

#include "api/HttpRequest.h"
#include "api/JsonBody.h"
#include "api/RequestContext.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace orrery;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64 * 1024)
        return 0;
    const QByteArray input = fuzz::bytes(data, size);
    const qsizetype nl = input.indexOf('\n');
    const QByteArray target = nl < 0 ? input : input.left(nl);
    const QByteArray body = nl < 0 ? QByteArray() : input.mid(nl + 1);

    const qsizetype q = target.indexOf('?');
    const QString path = QString::fromLatin1(q < 0 ? target : target.left(q));
    HttpRequest request;
    request.rawPath = path;
    request.segments = HttpRequest::splitPath(path);
    request.query = HttpRequest::parseQuery(q < 0 ? QByteArray() : target.mid(q + 1));
    request.headers = {{"Connection", body.left(20)}};
    if (!path.contains(QLatin1String("%2F"), Qt::CaseInsensitive))
        for (const QString &segment : request.segments)
            FUZZ_CHECK(!segment.contains(u'/'), "no '/' in a segment unless encoded: " + path);
    for (const QString &segment : request.segments) {
        if (RequestContext::isValidId(segment)) {
            FUZZ_CHECK(!segment.isEmpty() && segment.size() <= 128 && !segment.startsWith(u'.')
                           && !segment.contains(u'/'),
                       "an accepted id is a plain identifier: " + segment);
        }
    }
    for (const auto &[key, value] : request.query) {
        FUZZ_CHECK(request.hasQuery(key) && request.queryValue(key).has_value(), "a parsed key is found: " + key);
        for (const QString &item : request.queryList(key))
            FUZZ_CHECK(!item.isEmpty() && item == item.trimmed(), "list items are trimmed and non-empty");
    }
    (void)request.wantsClose();

    constexpr int kDepth = 16;
    auto parsed = JsonBody::parse(body, kDepth);
    if (!parsed.ok()) {
        FUZZ_CHECK(!parsed.error().message.isEmpty(), "a refused body says why");
        return 0;
    }
    FUZZ_CHECK(JsonBody::depthViolation(body, kDepth) < 0, "an accepted body is within the depth limit");
    const QByteArray written = QJsonDocument(QJsonArray{parsed.value()}).toJson(QJsonDocument::Compact);
    const QJsonDocument back = QJsonDocument::fromJson(written);
    FUZZ_CHECK(back.isArray() && back.array().size() == 1 && back.array().at(0) == parsed.value(),
               "an accepted body survives a round trip: " + QString::fromUtf8(written.left(300)));
    return 0;
}
