#pragma once

#include <QObject>
#include <QSocketNotifier>

namespace orrery {

// Turns SIGTERM/SIGINT into a Qt signal on the main thread (self-pipe; the handler only writes
// one byte). A second signal makes the process exit at once (_exit(128 + signal)) from the
// handler itself, so it works while the main thread is blocked in a drain.
class SignalWatcher : public QObject
{
    Q_OBJECT

public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    void terminationRequested(int signalNumber, int count);

private:
    void onReadable();

    QSocketNotifier *m_notifier = nullptr;
    int m_count = 0;
};

} // namespace orrery
