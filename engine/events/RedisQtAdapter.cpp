#include "RedisQtAdapter.h"

#include <QSocketNotifier>

#include <hiredis/async.h>

namespace orrery {

RedisQtAdapter::RedisQtAdapter(redisAsyncContext *context, QObject *parent)
    : QObject(parent), m_context(context)
{
    const int fd = context->c.fd;
    m_read = new QSocketNotifier(fd, QSocketNotifier::Read, this);
    m_read->setEnabled(false);
    connect(m_read, &QSocketNotifier::activated, this, &RedisQtAdapter::onReadable);
    m_write = new QSocketNotifier(fd, QSocketNotifier::Write, this);
    m_write->setEnabled(false);
    connect(m_write, &QSocketNotifier::activated, this, &RedisQtAdapter::onWritable);

    context->ev.data = this;
    context->ev.addRead = &RedisQtAdapter::addRead;
    context->ev.delRead = &RedisQtAdapter::delRead;
    context->ev.addWrite = &RedisQtAdapter::addWrite;
    context->ev.delWrite = &RedisQtAdapter::delWrite;
    context->ev.cleanup = &RedisQtAdapter::cleanup;
}

RedisQtAdapter::~RedisQtAdapter()
{
    if (m_context) {
        // Detach: the context outlives us (its owner frees it later) and must not call back.
        m_context->ev.data = nullptr;
        m_context->ev.addRead = nullptr;
        m_context->ev.delRead = nullptr;
        m_context->ev.addWrite = nullptr;
        m_context->ev.delWrite = nullptr;
        m_context->ev.cleanup = nullptr;
    }
}

void RedisQtAdapter::addRead(void *self)
{
    static_cast<RedisQtAdapter *>(self)->m_read->setEnabled(true);
}

void RedisQtAdapter::delRead(void *self)
{
    static_cast<RedisQtAdapter *>(self)->m_read->setEnabled(false);
}

void RedisQtAdapter::addWrite(void *self)
{
    static_cast<RedisQtAdapter *>(self)->m_write->setEnabled(true);
}

void RedisQtAdapter::delWrite(void *self)
{
    static_cast<RedisQtAdapter *>(self)->m_write->setEnabled(false);
}

void RedisQtAdapter::cleanup(void *self)
{
    // Called while hiredis frees the context (possibly from inside onReadable): only switch the
    // notifiers off and forget the context; the notifiers die with the adapter.
    auto *a = static_cast<RedisQtAdapter *>(self);
    a->m_read->setEnabled(false);
    a->m_write->setEnabled(false);
    a->m_context = nullptr;
}

void RedisQtAdapter::onReadable()
{
    if (m_context)
        redisAsyncHandleRead(m_context);
}

void RedisQtAdapter::onWritable()
{
    if (m_context)
        redisAsyncHandleWrite(m_context);
}

} // namespace orrery
