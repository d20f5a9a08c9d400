#include "WsAttacks.h"

#include "RawHttp.h"
#include "RawWebSocket.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>

namespace orrery::test {

namespace {

const QByteArray kPath = "/socket.io/?EIO=4&transport=websocket";

QByteArray connectPacket(const QByteArray &token)
{
    return "40/tasks," + QJsonDocument(QJsonObject{{QStringLiteral("token"), QString::fromUtf8(token)}}).toJson(QJsonDocument::Compact);
}

// Opens a session and waits for the Engine.IO open packet.
bool openSession(RawWebSocket &ws, quint16 port, const QByteArray &source, QString *error)
{
    if (!ws.open(port, kPath, source, error))
        return false;
    const RawWebSocket::Message open = ws.readUntil("0", 5000);
    if (open.opcode != 1) {
        *error = QStringLiteral("no Engine.IO open packet");
        return false;
    }
    return true;
}

// The answer to a CONNECT: "" when connected, else the connect_error's data.code.
QString connectOutcome(RawWebSocket &ws, const QByteArray &token, QString *error)
{
    if (!ws.sendText(connectPacket(token))) {
        *error = QStringLiteral("cannot send CONNECT");
        return {};
    }
    const RawWebSocket::Message m = ws.readUntil("4", 5000);
    if (m.opcode != 1) {
        *error = QStringLiteral("no answer to CONNECT (opcode %1, close %2)").arg(m.opcode).arg(m.closeCode);
        return {};
    }
    if (m.payload.startsWith("40/tasks,"))
        return QString();
    const qsizetype comma = m.payload.indexOf(',');
    const QJsonObject o = QJsonDocument::fromJson(m.payload.mid(comma + 1)).object();
    const QString code = o.value(QStringLiteral("data")).toObject().value(QStringLiteral("code")).toString();
    return code.isEmpty() ? QStringLiteral("?") + QString::fromUtf8(m.payload.left(100)) : code;
}

} // namespace

WsAttacks::Guessing WsAttacks::guess(quint16 port, const QByteArray &rightToken, int guesses, const QByteArray &source)
{
    Guessing g;
    RawWebSocket ws;
    if (!openSession(ws, port, source, &g.error))
        return g;
    for (int i = 0; i < guesses; ++i) {
        QByteArray wrong = rightToken;
        wrong[wrong.size() - 1 - (i % 5)] = wrong.at(wrong.size() - 1 - (i % 5)) == 'Q' ? 'R' : 'Q';
        const QString code = connectOutcome(ws, wrong, &g.error);
        if (!g.error.isEmpty())
            return g;
        g.codes.append(code);
        if (code == QLatin1String("throttled") && g.firstThrottled < 0)
            g.firstThrottled = i;
    }
    g.rightTokenCode = connectOutcome(ws, rightToken, &g.error);
    g.httpStatusSameAddress = RawHttp::request(port, "GET", "/api/tasks?size=1", rightToken, {}, 5000, source).status;
    return g;
}

WsAttacks::Flood WsAttacks::flood(quint16 port, const QByteArray &token, int maxEvents)
{
    Flood f;
    RawWebSocket ws;
    if (!openSession(ws, port, {}, &f.error))
        return f;
    const QString outcome = connectOutcome(ws, token, &f.error);
    if (!f.error.isEmpty() || !outcome.isEmpty()) {
        f.error += QStringLiteral(" CONNECT refused: ") + outcome;
        return f;
    }
    QElapsedTimer t;
    t.start();
    const QByteArray event = "42/tasks,[\"subscribe\",{\"projects\":[\"flood\"]}]";
    while (f.sent < maxEvents && ws.sendText(event, 2000))
        ++f.sent;
    // Whatever came back (acks, errors) until the close.
    for (;;) {
        const RawWebSocket::Message m = ws.read(5000);
        if (m.opcode == 8) {
            f.closeCode = m.closeCode;
            f.closeReason = m.payload.mid(2);
            break;
        }
        if (m.opcode == -1)
            break;
    }
    f.seconds = double(t.elapsed()) / 1000.0;
    return f;
}

WsAttacks::Oversized WsAttacks::oversized(quint16 port, const QByteArray &token, int bytes)
{
    Oversized o;
    o.bytes = bytes;
    RawWebSocket ws;
    if (!openSession(ws, port, {}, &o.error))
        return o;
    const QString outcome = connectOutcome(ws, token, &o.error);
    if (!o.error.isEmpty() || !outcome.isEmpty()) {
        o.error += QStringLiteral(" CONNECT refused: ") + outcome;
        return o;
    }
    const QByteArray big = "42/tasks,[\"subscribe\",\"" + QByteArray(bytes, 'x') + "\"]";
    ws.sendText(big, 10000);
    for (;;) {
        const RawWebSocket::Message m = ws.read(5000);
        if (m.opcode == 8) {
            o.closeCode = m.closeCode;
            break;
        }
        if (m.opcode == -1)
            break;
    }
    return o;
}

} // namespace orrery::test
