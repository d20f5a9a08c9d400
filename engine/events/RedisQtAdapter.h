#pragma once

#include <QObject>

struct redisAsyncContext;
class QSocketNotifier;

namespace orrery {

// Drives a hiredis async context from the Qt event loop of the thread it lives on: two
// QSocketNotifiers on the context's socket that hiredis switches on and off through its event
// hooks (ev.addRead/delRead/addWrite/delWrite/cleanup). Hiredis 0.14 ships a Qt adapter of its
// own, but it uses the old string-based connect and needs moc run on a system header; this one
// uses only the public QSocketNotifier API.
//
// The adapter is attached in its constructor. When hiredis frees the context it calls cleanup,
// after which the adapter is inert (it never touches a freed context).
class RedisQtAdapter : public QObject
{
    Q_OBJECT

public:
    RedisQtAdapter(redisAsyncContext *context, QObject *parent = nullptr);
    ~RedisQtAdapter() override;

    bool isAttached() const { return m_context != nullptr; }

private:
    static void addRead(void *self);
    static void delRead(void *self);
    static void addWrite(void *self);
    static void delWrite(void *self);
    static void cleanup(void *self);

    void onReadable();
    void onWritable();

    redisAsyncContext *m_context;
    QSocketNotifier *m_read = nullptr;
    QSocketNotifier *m_write = nullptr;
};

} // namespace orrery
