#include "DiskFullScenario.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonObject>
#include <QTemporaryDir>

#include <cerrno>
#include <cstring>
#include <sys/mount.h>

namespace orrery::test {

namespace {

// A tmpfs of `sizeMb` on a fresh directory, unmounted (lazily) when it goes.
class Tmpfs
{
public:
    explicit Tmpfs(int sizeMb)
    {
        if (!m_dir.isValid()) {
            m_error = QStringLiteral("cannot create a mount point");
            return;
        }
        const QByteArray options = "size=" + QByteArray::number(sizeMb) + "m,mode=0755";
        if (::mount("orrery-diskfull", QFile::encodeName(m_dir.path()).constData(), "tmpfs", 0, options.constData()) != 0)
            m_error = QStringLiteral("mount -t tmpfs -o %1 %2: %3").arg(QString::fromLatin1(options), m_dir.path(),
                                                                        QString::fromLocal8Bit(std::strerror(errno)));
        else
            m_mounted = true;
    }
    ~Tmpfs()
    {
        if (m_mounted)
            ::umount2(QFile::encodeName(m_dir.path()).constData(), MNT_DETACH);
    }
    QString path() const { return m_dir.path(); }
    QString error() const { return m_error; }

private:
    QTemporaryDir m_dir;
    bool m_mounted = false;
    QString m_error;
};

// Fills the file system of `path` with one file; returns the bytes written.
qint64 fill(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return 0;
    const QByteArray chunk(64 * 1024, 'x');
    qint64 total = 0;
    while (f.write(chunk) == chunk.size() && f.flush())
        total += chunk.size();
    // The last partial chunk: byte by byte is too slow; halve until nothing fits.
    for (qint64 n = chunk.size() / 2; n > 0; n /= 2)
        while (f.write(chunk.constData(), n) == n && f.flush())
            total += n;
    f.close();
    return total;
}

} // namespace

QString DiskFullScenario::mountable()
{
    Tmpfs probe(1);
    return probe.error();
}

DiskFullScenario::Figures DiskFullScenario::run(const Options &o)
{
    Figures f;
    Tmpfs disk(o.sizeMb);
    if (!disk.error().isEmpty()) {
        f.error = disk.error();
        return f;
    }
    const QString data = disk.path() + QStringLiteral("/data");
    QDir().mkpath(data);
    {
        FaultRun run(QJsonObject{}, {}, data);
        if (!run.start(&f.error))
            return f;
        const QJsonObject def{{QStringLiteral("name"), QStringLiteral("noop")}, {QStringLiteral("retryCount"), 3},
                              {QStringLiteral("responseTimeoutSeconds"), 60}};
        if (!run.defineOneTaskWorkflow(QStringLiteral("disk_fault"), def, QJsonObject{{QStringLiteral("n"), QStringLiteral("${workflow.input.n}")}}, &f.error))
            return f;
        QStringList accepted;
        const QString wf = QStringLiteral("disk_fault");
        run.feedStarts(wf, o.beforeMs, o.startsPerSecond, f.startsBefore, accepted);

        const QString filler = disk.path() + QStringLiteral("/filler");
        f.fillerBytes = fill(filler);
        run.feedStarts(wf, o.fullMs / 2, o.startsPerSecond, f.startsDuring, accepted);
        const auto read = run.timed("GET", QStringLiteral("/api/tasks?size=5"));
        f.readStatus = read.status;
        f.readMs = read.ms;
        f.storeBreakerFull = run.breaker(QStringLiteral("store")).value(QStringLiteral("state")).toString();
        run.feedStarts(wf, o.fullMs - o.fullMs / 2, o.startsPerSecond, f.startsDuring, accepted);

        QFile::remove(filler);
        QElapsedTimer sinceFree;
        sinceFree.start();
        while (sinceFree.elapsed() < 30000) {
            const int before = f.startsAfter.ok;
            run.feedStarts(wf, 200, o.startsPerSecond, f.startsAfter, accepted);
            if (f.startsAfter.ok > before) {
                f.firstOkStartAfterFreeMs = double(sinceFree.elapsed());
                break;
            }
        }
        run.feedStarts(wf, o.afterMs, o.startsPerSecond, f.startsAfter, accepted);
        f.accepted = int(accepted.size());
        f.notEnded = int(run.waitForAll(accepted, 60000, &f.completed).size());
        f.storeBreakerAfter = run.breaker(QStringLiteral("store")).value(QStringLiteral("state")).toString();
        f.inStore = run.workflowsInStore();
        f.processAlive = run.server().get(QStringLiteral("/healthz")).status == 200;
        run.server().terminate(20000);
    }
    return f;
}

} // namespace orrery::test
