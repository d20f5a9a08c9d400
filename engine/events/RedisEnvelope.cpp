#include "RedisEnvelope.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace orrery {

QByteArray RedisEnvelope::encodeEvent(const QString &origin, quint64 seq, const Event &event)
{
    QJsonObject h{{QStringLiteral("v"), 1},
                  {QStringLiteral("k"), QStringLiteral("e")},
                  {QStringLiteral("o"), origin},
                  {QStringLiteral("s"), double(seq)},
                  {QStringLiteral("n"), event.name()},
                  {QStringLiteral("p"), event.projectId()},
                  {QStringLiteral("t"), event.timeMs()},
                  {QStringLiteral("c"), double(event.createdUs())}};
    if (!event.userId().isEmpty())
        h.insert(QStringLiteral("u"), event.userId());
    QByteArray out = QJsonDocument(h).toJson(QJsonDocument::Compact);
    out.append('\n');
    out.append(event.wireJson());
    return out;
}

QByteArray RedisEnvelope::encodeSync(const QString &origin, quint64 seq)
{
    const QJsonObject h{{QStringLiteral("v"), 1},
                        {QStringLiteral("k"), QStringLiteral("s")},
                        {QStringLiteral("o"), origin},
                        {QStringLiteral("s"), double(seq)}};
    return QJsonDocument(h).toJson(QJsonDocument::Compact) + '\n';
}

Result<RedisEnvelope> RedisEnvelope::decode(const QByteArray &message)
{
    const qsizetype nl = message.indexOf('\n');
    if (nl < 0)
        return Error::invalid(QStringLiteral("Redis message without a header line"));
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(message.left(nl), &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return Error::invalid(QStringLiteral("Redis message header is not a JSON object: %1").arg(err.errorString()));
    const QJsonObject h = doc.object();
    if (h.value(QLatin1String("v")).toInt() != 1)
        return Error::invalid(QStringLiteral("Redis message version %1 is not supported (expected 1)")
                                  .arg(h.value(QLatin1String("v")).toVariant().toString()));
    RedisEnvelope env;
    env.origin = h.value(QLatin1String("o")).toString();
    if (env.origin.isEmpty())
        return Error::invalid(QStringLiteral("Redis message without an origin ('o')"));
    const double seq = h.value(QLatin1String("s")).toDouble(-1);
    if (seq < 1)
        return Error::invalid(QStringLiteral("Redis message from %1 has no valid sequence number ('s')").arg(env.origin));
    env.seq = quint64(seq);
    const QString kind = h.value(QLatin1String("k")).toString();
    if (kind == QLatin1String("s")) {
        env.kind = Kind::Sync;
        return env;
    }
    if (kind != QLatin1String("e"))
        return Error::invalid(QStringLiteral("Redis message kind '%1' is unknown (expected e or s)").arg(kind));
    const QString name = h.value(QLatin1String("n")).toString();
    const auto type = parseEventType(name);
    if (!type)
        return Error::invalid(QStringLiteral("Redis message names event '%1', which is not in the catalogue").arg(name));
    env.type = *type;
    env.projectId = h.value(QLatin1String("p")).toString();
    env.userId = h.value(QLatin1String("u")).toString();
    env.timeMs = qint64(h.value(QLatin1String("t")).toDouble());
    env.createdUs = qint64(h.value(QLatin1String("c")).toDouble());
    env.wireJson = message.mid(nl + 1);
    // Validated (not re-encoded): these bytes go verbatim to every client, and one malformed
    // frame would make a JS client drop its connection.
    QJsonParseError bodyErr;
    const QJsonDocument body = QJsonDocument::fromJson(env.wireJson, &bodyErr);
    if (bodyErr.error != QJsonParseError::NoError || !body.isObject())
        return Error::invalid(QStringLiteral("Redis message for %1 has no JSON object body").arg(name));
    return env;
}

EventPtr RedisEnvelope::toEvent() const
{
    return Event::fromWire(type, projectId, userId, timeMs, createdUs, origin, wireJson);
}

} // namespace orrery
