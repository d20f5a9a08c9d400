#pragma once

#include <QMutex>
#include <QPointer>
#include <QObject>
#include <functional>

namespace orrery {

// Posts work to the thread of one target object, from any thread, safely even while the
// target is being destroyed: the target's owner calls close() before deleting it, after which
// post() drops the work and returns false. Shared (std::shared_ptr) by everyone who posts.
class ThreadMailbox
{
public:
    explicit ThreadMailbox(QObject *target) : m_target(target) {}

    bool post(std::function<void()> work);
    // True when called on the target's thread (work can run directly).
    bool onTargetThread() const;
    void close();

private:
    mutable QMutex m_mutex;
    QObject *m_target;
};

} // namespace orrery
