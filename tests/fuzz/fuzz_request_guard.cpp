// Fuzz target: the HTTP request guard (api/RequestGuard), which reads every connection's bytes
// before QHttpServer does and refuses oversized or malformed requests (413, 411, 431, 400).
// Input: one byte that seeds how the stream is cut into TCP reads, then the raw bytes a client
// sends on one keep-alive connection (requests, bodies, chunked framing, upgrades). Runs the
// stream through a guard twice on a FeedSocket: in one read, and in the seeded segmentation, and
// after every read consumes what is left as QHttpServer does.
// Properties: nothing crashes; the guard's verdict and everything it writes (a 100 Continue, the
// refusal in Conductor's error shape) do not depend on how the stream was segmented; a refusal
// is a complete HTTP response with one of the guard's statuses and closes the connection.
#include "FeedSocket.h"
#include "FuzzCheck.h"

#include "api/HttpSettings.h"
#include "api/RequestGuard.h"
#include "api/ResponseQueue.h"

#include <QCoreApplication>

using namespace orrery;

namespace {

struct Outcome
{
    bool rejected = false;
    QByteArray written;
    bool open = true;
};

HttpSettings settings()
{
    HttpSettings s;
    s.maxBodyBytes = 2048; // small limits, so short inputs reach them
    s.maxHeaderBytes = 512;
    s.instance = QStringLiteral("fuzz");
    return s;
}

Outcome run(const QByteArray &stream, quint32 seed)
{
    static const HttpSettings limits = settings();
    fuzz::FeedSocket socket;
    auto *queue = new ResponseQueue(&socket);
    auto *guard = new RequestGuard(&socket, queue, limits);
    qsizetype at = 0;
    while (at < stream.size() && socket.state() == QAbstractSocket::ConnectedState) {
        qsizetype n = stream.size() - at;
        if (seed != 0) {
            seed = seed * 1103515245u + 12345u;
            n = qMin<qsizetype>(n, 1 + (seed >> 16) % 7 + (((seed >> 8) & 3) == 0 ? (seed >> 20) % 300 : 0));
        }
        socket.feed(stream.mid(at, n));
        at += n;
        socket.readAll(); // QHttpServer takes everything on each readyRead
    }
    return Outcome{guard->rejected(), socket.written(), socket.state() == QAbstractSocket::ConnectedState};
}

QString show(const QByteArray &b)
{
    return QString::fromLatin1(b.left(300).toPercentEncoding(" /:;=,{}\"'-_.")); // printable either way
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    static int argc = 1;
    static char name[] = "fuzz_request_guard";
    static char *argv[] = {name, nullptr};
    static QCoreApplication app(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 32 * 1024)
        return 0;
    const quint32 seed = data[0] | 0x100u; // never 0: 0 means one read
    const QByteArray stream = fuzz::bytes(data + 1, size - 1);

    const Outcome whole = run(stream, 0);
    const Outcome pieces = run(stream, seed);
    FUZZ_CHECK(whole.rejected == pieces.rejected,
               QStringLiteral("the verdict does not depend on segmentation (one read: %1 '%2', pieces: %3 '%4'): %5")
                   .arg(whole.rejected)
                   .arg(show(whole.written.right(200)))
                   .arg(pieces.rejected)
                   .arg(show(pieces.written.right(200)))
                   .arg(show(stream)));
    FUZZ_CHECK(whole.written == pieces.written,
               "the guard writes the same whatever the segmentation: " + show(whole.written) + " vs "
                   + show(pieces.written) + " for " + show(stream));
    if (whole.rejected) {
        const QByteArray &w = whole.written;
        const qsizetype response = w.lastIndexOf("HTTP/1.1 4");
        FUZZ_CHECK(response >= 0, "a refusal is an HTTP response: " + show(w));
        const QByteArray status = w.mid(response + 9, 3);
        FUZZ_CHECK(status == "400" || status == "411" || status == "413" || status == "431",
                   "a refusal has one of the guard's statuses: " + show(w));
        FUZZ_CHECK(w.contains("\r\n\r\n{") && w.endsWith("}"), "a refusal carries a JSON error body: " + show(w));
        FUZZ_CHECK(!whole.open, "a refusal closes the connection");
    }
    return 0;
}
