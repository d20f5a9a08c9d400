#pragma once

#include <QString>
#include <QtGlobal>
#include <memory>

namespace orrery {

class Clock;
class LatencyTimeline;
class MicroClock;

// Timings and limits of the Socket.IO hub (docs/realtime.md). Defaults follow the reference
// server where the protocol has one.
struct HubSettings
{
    // Engine.IO heartbeat (advertised in the open packet; the server pings).
    int pingIntervalMs = 25000;
    int pingTimeoutMs = 20000;
    // A session that joins no namespace within this long is closed.
    int connectTimeoutMs = 45000;
    // Largest inbound WebSocket message (advertised as maxPayload); larger ones close with 1009.
    int maxPayloadBytes = 64 * 1024;
    // Sessions beyond this are refused: closed at once (1008, "server at its connection limit").
    int maxConnections = 10000;
    // Inbound Socket.IO packets per session: a token bucket. Over it, an event is refused (an
    // acknowledgement carries the error); a session that keeps flooding is closed (1008).
    double inboundRatePerSecond = 50;
    int inboundBurst = 100;
    int floodCloseAfter = 200;          // refusals in a row that close the session
    // Outbound flow control per session: while more than this is buffered in the socket, new
    // broadcast frames wait in the session's own queue of outboundQueueFrames; when that is
    // full the oldest is dropped and the client gets a `gap` once it catches up. A session that
    // stays behind for slowClientGraceMs is disconnected.
    qint64 outboundHighWaterBytes = 256 * 1024;
    int outboundQueueFrames = 2048;
    int slowClientGraceMs = 10000;
    // Application heartbeat event to every namespace socket (acked by clients that answer it).
    int heartbeatIntervalMs = 30000;
    // Rooms one namespace socket may be in.
    int maxRoomsPerSocket = 1000;
    // The hub's own queue on the EventBus.
    qsizetype busQueueCapacity = 1 << 17;
    // At most this many events per drain step, and at most drainBudgetUs of work, before the
    // event loop runs again (pings must go out on time under load).
    int drainBatch = 512;
    int drainBudgetUs = 4000;
    // Events are drained at most this often (microseconds): under load one wake-up of the API
    // thread then serves many events, instead of one poll over every socket per event.
    // 0 = drain as soon as an event arrives.
    int drainIntervalUs = 1000;

    QString instance;                 // shown in heartbeats and stats; empty = host name
    quint32 seed = 0;                 // session and socket ids; 0 = from the system generator
    const Clock *clock = nullptr;     // rate limiting, slow-client grace; nullptr = SystemClock
    const MicroClock *microClock = nullptr; // latency; nullptr = the EventBus's
    // Where delivery latencies are also kept by minute for GET /api/stats (thread-safe, shared
    // with the stats provider); the hub publishes into it once a second. nullptr = nowhere.
    std::shared_ptr<LatencyTimeline> latencyTimeline;
};

} // namespace orrery
