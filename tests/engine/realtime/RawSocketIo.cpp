#include "RawSocketIo.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QTimer>

namespace orrery::test {

RawSocketIo::RawSocketIo(QObject *parent) : QObject(parent)
{
    connect(&m_ws, &QWebSocket::textMessageReceived, this, [this](const QString &m) {
        if (m == QLatin1String("2")) {
            ++m_pings;
            if (m_autoPong) {
                m_ws.sendTextMessage(QStringLiteral("3"));
                return;
            }
        }
        m_inbox.append(m);
    });
    connect(&m_ws, &QWebSocket::disconnected, this, [this] {
        m_closed = true;
        m_closeCode = int(m_ws.closeCode());
    });
}

QString RawSocketIo::open(const QUrl &url, int timeoutMs)
{
    m_ws.open(url);
    return next(timeoutMs);
}

QString RawSocketIo::next(int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (m_inbox.isEmpty() && !deadline.hasExpired() && !(m_closed && m_inbox.isEmpty())) {
        QEventLoop loop;
        QTimer::singleShot(10, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return m_inbox.isEmpty() ? QString() : m_inbox.takeFirst();
}

QString RawSocketIo::nextStartingWith(const QString &prefix, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        const QString m = next(int(std::max<qint64>(1, deadline.remainingTime())));
        if (m.isNull())
            return m;
        if (m.startsWith(prefix))
            return m;
    }
    return QString();
}

QStringList RawSocketIo::drain(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
    QStringList all = m_inbox;
    m_inbox.clear();
    return all;
}

bool RawSocketIo::waitClosed(int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!m_closed && !deadline.hasExpired()) {
        QEventLoop loop;
        QTimer::singleShot(10, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return m_closed;
}

} // namespace orrery::test
