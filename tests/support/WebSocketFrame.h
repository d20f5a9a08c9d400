#pragma once

#include <QByteArray>
#include <QtGlobal>

namespace orrery::test {

// One client-to-server WebSocket text frame (RFC 6455 §5.2): FIN, opcode 1, the length in 7, 16
// or 64 bits, and the payload masked with `maskKey` (its four bytes, high byte first).
QByteArray clientTextFrame(const QByteArray &payload, quint32 maskKey);

} // namespace orrery::test
