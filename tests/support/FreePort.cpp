#include "support/FreePort.h"

#include <QHostAddress>
#include <QTcpServer>

namespace orrery::test {

quint16 FreePort::find()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

} // namespace orrery::test
