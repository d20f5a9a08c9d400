#pragma once

class QNetworkAccessManager;
class QObject;
class QThreadPool;

namespace orrery {

class Clock;

// What a handler factory gets from the pool. Everything here lives on the pool's thread and
// outlives every handler the pool creates.
struct HandlerContext
{
    Clock *clock = nullptr;
    QNetworkAccessManager *network = nullptr; // shared by all http tasks of this pool
    QThreadPool *blockingPool = nullptr;       // bounded pool for BlockingTaskHandler::run()
    QObject *eventContext = nullptr;           // a QObject on the pool thread to post results to
};

} // namespace orrery
