#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace orrery::test {

// Hostile Socket.IO clients on /socket.io/ (Engine.IO 4 over a WebSocket): token guessing in the
// CONNECT packet, a flood of events, and an oversized frame.
class WsAttacks
{
public:
    struct Guessing
    {
        QList<QString> codes;      // the connect_error code of each wrong guess ("unauthorized", "throttled")
        int firstThrottled = -1;
        QString rightTokenCode;    // the right token over CONNECT from the same address afterwards
        int httpStatusSameAddress = 0; // and the right token over HTTP from there (the throttle is shared)
        QString error;
    };
    struct Flood
    {
        int sent = 0;              // events written before the server closed the connection
        int closeCode = 0;         // 1008 policy violation expected
        QByteArray closeReason;
        double seconds = 0;
        QString error;
    };
    struct Oversized
    {
        int bytes = 0;
        int closeCode = 0;         // 1009 message too big expected
        QString error;
    };

    static Guessing guess(quint16 port, const QByteArray &rightToken, int guesses, const QByteArray &source);
    static Flood flood(quint16 port, const QByteArray &token, int maxEvents);
    static Oversized oversized(quint16 port, const QByteArray &token, int bytes);
};

} // namespace orrery::test
