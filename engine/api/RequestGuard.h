#pragma once

#include "HttpSettings.h"

#include <QByteArray>
#include <QObject>
#include <QTimer>

class QTcpSocket;

namespace orrery {

class ResponseQueue;

// Enforces request size limits on one connection BEFORE QHttpServer buffers anything.
//
// QHttpServer 6.4 reads a whole request (headers and body) into memory before any handler runs,
// and has no size limit. The guard's readyRead slot is connected before QHttpServer's, so it
// sees every new byte first. It follows the HTTP/1.1 framing itself (headers, then
// Content-Length bytes of body, then the next request's headers), keeping its state across
// reads, so headers split over many TCP segments are still checked. It answers, in Conductor's
// error shape, and closes the connection:
//   413 when Content-Length exceeds maxBodyBytes (the body is never read into QHttpServer),
//   411 for Transfer-Encoding bodies (their size is unknown up front),
//   431 when the request line and headers exceed maxHeaderBytes,
//   400 for an unparseable Content-Length,
//   408 when the headers take longer than headerTimeoutMs from their first byte, or a body
//       stalls for that long (slowloris); an idle connection (no request in progress, nothing
//       arriving) is closed without an answer after idleTimeoutMs.
// After a protocol upgrade (WebSocket) it stops looking at the stream.
class RequestGuard : public QObject
{
    Q_OBJECT

public:
    RequestGuard(QTcpSocket *socket, ResponseQueue *queue, const HttpSettings &settings);

    bool rejected() const { return m_state == State::Rejected; }

private:
    enum class State { Headers, Body, Chunked, Passthrough, Rejected };
    // Where a chunked body's framing is (RFC 9112 §7.1): a size line, data, the CRLF after the
    // data, or the trailer section after the last chunk.
    enum class ChunkPart { SizeLine, Data, DataEnd, Trailer };

    void onReadyRead();
    // Consumes header bytes from `data` starting at `offset`; returns the new offset.
    qsizetype consumeHeaderBytes(const QByteArray &data, qsizetype offset);
    qsizetype consumeChunkBytes(const QByteArray &data, qsizetype offset);
    void checkHeaders(const QByteArray &head);
    void reject(int status, const QString &message);
    // The slow-client timer: re-armed for the next deadline of the current state.
    void armTimer();
    void onTimer();
    qint64 nowMs() const;

    QTcpSocket *m_socket;
    ResponseQueue *m_queue;
    HttpSettings m_settings;
    QString m_instance;
    State m_state = State::Headers;
    QByteArray m_head;          // header bytes of the current request so far
    qint64 m_bodyRemaining = 0; // body bytes of the current request still to come
    ChunkPart m_chunkPart = ChunkPart::SizeLine;
    QByteArray m_chunkLine;      // the size or trailer line being read
    qint64 m_chunkedBytes = 0;   // decoded body bytes of the current chunked request
    QTimer m_timer;
    qint64 m_headStartMs = -1;   // when the current request's first header byte arrived
    qint64 m_lastActivityMs = 0; // last bytes read (or a request seen in progress)
};

} // namespace orrery
