#include "RequestGuard.h"

#include "HttpResponse.h"
#include "ResponseQueue.h"

#include "core/Clock.h"

#include <QTcpSocket>
#include <climits>

namespace orrery {

RequestGuard::RequestGuard(QTcpSocket *socket, ResponseQueue *queue, const HttpSettings &settings)
    : QObject(socket), m_socket(socket), m_queue(queue), m_settings(settings),
      m_instance(settings.instanceName())
{
    connect(socket, &QTcpSocket::readyRead, this, &RequestGuard::onReadyRead);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &RequestGuard::onTimer);
    m_lastActivityMs = nowMs();
    armTimer();
}

qint64 RequestGuard::nowMs() const
{
    return m_settings.clockRef().nowMs();
}

void RequestGuard::armTimer()
{
    qint64 due = -1;
    if (m_state == State::Headers && m_headStartMs >= 0) {
        if (m_settings.headerTimeoutMs > 0)
            due = m_headStartMs + m_settings.headerTimeoutMs;
    } else if (m_state == State::Body || m_state == State::Chunked) {
        if (m_settings.headerTimeoutMs > 0)
            due = m_lastActivityMs + m_settings.headerTimeoutMs;
    } else if (m_state == State::Headers) {
        if (m_settings.idleTimeoutMs > 0)
            due = m_lastActivityMs + m_settings.idleTimeoutMs;
    }
    if (due < 0) {
        m_timer.stop();
        return;
    }
    m_timer.start(int(qBound<qint64>(10, due - nowMs(), qint64(INT_MAX))));
}

void RequestGuard::onTimer()
{
    const qint64 now = nowMs();
    const int limit = m_settings.headerTimeoutMs;
    if (m_state == State::Headers && m_headStartMs >= 0) {
        if (now - m_headStartMs >= limit) {
            reject(408, QStringLiteral("The request headers did not arrive within %1 ms; the connection is closed.")
                            .arg(limit));
            return;
        }
    } else if (m_state == State::Body || m_state == State::Chunked) {
        if (now - m_lastActivityMs >= limit) {
            reject(408, QStringLiteral("The request body stalled for %1 ms; the connection is closed.").arg(limit));
            return;
        }
    } else if (m_state == State::Headers) {
        if (!m_queue->idle()) {
            m_lastActivityMs = now; // a request is being answered (a long poll): not idle
        } else if (now - m_lastActivityMs >= m_settings.idleTimeoutMs) {
            m_timer.stop();
            m_socket->disconnectFromHost(); // idle keep-alive connection: closed without an answer
            return;
        }
    }
    armTimer();
}

void RequestGuard::onReadyRead()
{
    if (m_state == State::Passthrough)
        return;
    if (m_state == State::Rejected) {
        m_socket->readAll(); // drain: nothing after a rejection reaches QHttpServer
        return;
    }
    // QHttpServer reads everything on each readyRead, so what is unread now arrived since the
    // last call. Body bytes are only counted; header bytes are looked at.
    const qint64 available = m_socket->bytesAvailable();
    QByteArray data;
    qsizetype offset = 0;
    while (offset < available && (m_state == State::Headers || m_state == State::Body || m_state == State::Chunked)) {
        if (m_state == State::Chunked) {
            if (data.isNull())
                data = m_socket->peek(available);
            offset = consumeChunkBytes(data, offset);
            continue;
        }
        if (m_state == State::Body) {
            const qint64 take = qMin<qint64>(m_bodyRemaining, available - offset);
            m_bodyRemaining -= take;
            offset += take;
            if (m_bodyRemaining == 0)
                m_state = State::Headers;
            continue;
        }
        if (data.isNull())
            data = m_socket->peek(available);
        offset = consumeHeaderBytes(data, offset);
    }
    if (m_state == State::Rejected) {
        m_socket->readAll();
        return;
    }
    m_lastActivityMs = nowMs();
    if (m_state == State::Headers && !m_head.isEmpty() && m_headStartMs < 0)
        m_headStartMs = m_lastActivityMs;
    armTimer();
}

qsizetype RequestGuard::consumeHeaderBytes(const QByteArray &data, qsizetype offset)
{
    // Blank lines before a request line are allowed (RFC 9112 §2.2).
    if (m_head.isEmpty()) {
        while (offset < data.size() && (data[offset] == '\r' || data[offset] == '\n'))
            ++offset;
        if (offset == data.size())
            return offset;
    }
    const qsizetype previous = m_head.size();
    // Never hold more than the limit (plus room for the terminator) in memory.
    const qsizetype room = qMax<qsizetype>(0, m_settings.maxHeaderBytes + 4 - previous);
    m_head.append(data.constData() + offset, qMin(room, data.size() - offset));

    const qsizetype searchFrom = qMax<qsizetype>(0, previous - 3);
    qsizetype end = -1;
    qsizetype terminatorLength = 0;
    const qsizetype crlf = m_head.indexOf("\r\n\r\n", searchFrom);
    const qsizetype lf = m_head.indexOf("\n\n", qMax<qsizetype>(0, previous - 1));
    if (crlf >= 0 && (lf < 0 || crlf < lf)) {
        end = crlf;
        terminatorLength = 4;
    } else if (lf >= 0) {
        end = lf;
        terminatorLength = 2;
    }
    if (end < 0) {
        // A terminator may still start at maxHeaderBytes (a head that is just within the limit),
        // so refuse only once the buffer (limit + 4) is full: before that, the verdict would
        // depend on where the TCP segments happen to split the request (found by
        // fuzz_request_guard).
        if (m_head.size() > m_settings.maxHeaderBytes + 3)
            reject(431, QStringLiteral("Request header fields are larger than %1 bytes.")
                            .arg(m_settings.maxHeaderBytes));
        return data.size();
    }
    const qsizetype headLength = end + terminatorLength;
    if (end > m_settings.maxHeaderBytes) {
        reject(431, QStringLiteral("Request header fields are larger than %1 bytes.")
                        .arg(m_settings.maxHeaderBytes));
        return data.size();
    }
    const QByteArray head = m_head.left(end);
    const qsizetype consumed = headLength - previous; // bytes of `data` that belonged to the head
    m_head.clear();
    m_headStartMs = -1;
    checkHeaders(head);
    return offset + consumed;
}

void RequestGuard::checkHeaders(const QByteArray &head)
{
    const QList<QByteArray> lines = head.split('\n');
    // QHttpServer 6.4 silently stalls a connection whose request it cannot parse; refuse
    // anything that is not "METHOD target HTTP/1.x" here instead.
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    if (requestLine.size() != 3 || requestLine[0].isEmpty() || requestLine[1].isEmpty() ||
        !requestLine[2].startsWith("HTTP/1.")) {
        reject(400, QStringLiteral("Malformed HTTP request line; expected 'METHOD /path HTTP/1.1'."));
        return;
    }
    qint64 contentLength = 0;
    bool haveLength = false;
    bool upgrade = false;
    bool expectContinue = false;
    bool chunked = false;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "content-length") {
            bool ok = false;
            const qint64 n = value.toLongLong(&ok);
            if (!ok || n < 0 || (haveLength && n != contentLength)) {
                reject(400, QStringLiteral("Invalid Content-Length header: '%1'.")
                                .arg(QString::fromLatin1(value.left(40))));
                return;
            }
            contentLength = n;
            haveLength = true;
        } else if (name == "transfer-encoding") {
            // Clients such as undici (the Conductor JS SDK) stream bodies chunked: QHttpServer
            // decodes them; the guard follows the framing and counts the decoded bytes.
            const QByteArray coding = value.toLower();
            if (coding == "chunked") {
                chunked = true;
            } else if (coding != "identity") {
                reject(411, QStringLiteral("Request bodies with Transfer-Encoding '%1' are not accepted; "
                                           "send them chunked or with a Content-Length header.")
                                .arg(QString::fromLatin1(value.left(40))));
                return;
            }
        } else if (name == "upgrade") {
            upgrade = true;
        } else if (name == "expect") {
            expectContinue = value.toLower() == "100-continue";
        }
    }
    if (contentLength > m_settings.maxBodyBytes) {
        reject(413, QStringLiteral("Request body of %1 bytes is larger than the limit of %2 bytes.")
                        .arg(contentLength)
                        .arg(m_settings.maxBodyBytes));
        return;
    }
    if (upgrade) {
        m_state = State::Passthrough; // the WebSocket server owns the stream from here on
        m_timer.stop();
        return;
    }
    if (expectContinue && (contentLength > 0 || chunked) && m_queue->idle())
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    if (chunked) {
        m_state = State::Chunked;
        m_chunkPart = ChunkPart::SizeLine;
        m_chunkLine.clear();
        m_chunkedBytes = 0;
        return;
    }
    m_bodyRemaining = contentLength;
    m_state = contentLength > 0 ? State::Body : State::Headers;
}

qsizetype RequestGuard::consumeChunkBytes(const QByteArray &data, qsizetype offset)
{
    constexpr qsizetype kMaxLine = 4096;
    while (offset < data.size() && m_state == State::Chunked) {
        switch (m_chunkPart) {
        case ChunkPart::Data: {
            const qint64 take = qMin<qint64>(m_bodyRemaining, data.size() - offset);
            m_bodyRemaining -= take;
            offset += take;
            if (m_bodyRemaining == 0) {
                m_chunkPart = ChunkPart::DataEnd;
                m_chunkLine.clear();
            }
            break;
        }
        case ChunkPart::SizeLine:
        case ChunkPart::DataEnd:
        case ChunkPart::Trailer: {
            const qsizetype nl = data.indexOf('\n', offset);
            const qsizetype end = nl < 0 ? data.size() : nl + 1;
            m_chunkLine.append(data.constData() + offset, end - offset);
            offset = end;
            if (m_chunkLine.size() > kMaxLine) {
                reject(400, QStringLiteral("Malformed chunked request body (a framing line is too long)."));
                return data.size();
            }
            if (nl < 0)
                break;
            const QByteArray line = m_chunkLine.trimmed();
            m_chunkLine.clear();
            if (m_chunkPart == ChunkPart::DataEnd) {
                if (!line.isEmpty()) {
                    reject(400, QStringLiteral("Malformed chunked request body (no CRLF after chunk data)."));
                    return data.size();
                }
                m_chunkPart = ChunkPart::SizeLine;
            } else if (m_chunkPart == ChunkPart::Trailer) {
                if (line.isEmpty())
                    m_state = State::Headers; // the request is complete
            } else {
                bool ok = false;
                const qsizetype semicolon = line.indexOf(';'); // chunk extensions follow it
                const qint64 size = (semicolon < 0 ? line : line.left(semicolon)).trimmed().toLongLong(&ok, 16);
                if (!ok || size < 0) {
                    reject(400, QStringLiteral("Malformed chunked request body (bad chunk size '%1').")
                                    .arg(QString::fromLatin1(line.left(20))));
                    return data.size();
                }
                m_chunkedBytes += size;
                if (m_chunkedBytes > m_settings.maxBodyBytes) {
                    reject(413, QStringLiteral("Request body is larger than the limit of %1 bytes.")
                                    .arg(m_settings.maxBodyBytes));
                    return data.size();
                }
                m_bodyRemaining = size;
                m_chunkPart = size == 0 ? ChunkPart::Trailer : ChunkPart::Data;
            }
            break;
        }
        }
    }
    return offset;
}

void RequestGuard::reject(int status, const QString &message)
{
    m_state = State::Rejected;
    m_timer.stop();
    m_head.clear();
    HttpResponse response = HttpResponse::error(status, message, m_instance);
    m_queue->finish(m_queue->begin(), response.toWire(false, true), true);
}

} // namespace orrery
