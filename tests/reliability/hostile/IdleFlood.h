#pragma once

#include <QList>
#include <QString>

namespace orrery::test {

// Many TCP connections that are opened and then say nothing. open() holds them, release()
// closes those still open and says how many the server had closed meanwhile.
class IdleFlood
{
public:
    IdleFlood() = default;
    ~IdleFlood();
    IdleFlood(const IdleFlood &) = delete;
    IdleFlood &operator=(const IdleFlood &) = delete;

    // Raises this process's open-file limit (children inherit it) to at least `needed` if the
    // hard limit allows; returns the soft limit now in force.
    static qint64 raiseFdLimit(qint64 needed);
    // Sets another process's open-file limit (prlimit); false with a reason.
    static bool setFdLimitOf(qint64 pid, qint64 limit, QString *error);

    // Opens `count` connections; returns how many connected (the first failure in errorString()).
    int open(quint16 port, int count, int connectTimeoutMs = 2000);
    int held() const { return int(m_fds.size()); }
    // Closes every connection; returns how many the server had already closed.
    int release();
    QString errorString() const { return m_error; }

private:
    QList<int> m_fds;
    QString m_error;
};

} // namespace orrery::test
