#include "core/TimeOrderedId.h"

#include <QDateTime>
#include <QRandomGenerator64>

namespace orrery {

namespace {

QRandomGenerator64 seededFromSystem()
{
    // 256 bits of seed: a 32-bit seed would give two threads (or two orreryd on one store) the
    // same random stream once in 2^32 starts, and with it the same ids in the same millisecond.
    quint32 seed[8];
    QRandomGenerator::system()->fillRange(seed);
    return QRandomGenerator64(seed, 8);
}

struct ThreadState
{
    // Seeded once per thread from the system's generator: no system call per id.
    QRandomGenerator64 random = seededFromSystem();
    qint64 lastMs = -1;
    quint16 counter = 0;
};

} // namespace

QUuid TimeOrderedId::make(qint64 unixMs, quint16 counter, quint64 random)
{
    const quint64 ms = quint64(unixMs) & 0xFFFFFFFFFFFFULL;
    const uint timeHigh = uint(ms >> 16);
    const ushort timeLow = ushort(ms & 0xFFFF);
    const ushort versionAndCounter = ushort(0x7000 | (counter & 0x0FFF));
    const quint64 rb = (random & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL; // variant 10
    return QUuid(timeHigh, timeLow, versionAndCounter, uchar(rb >> 56), uchar(rb >> 48), uchar(rb >> 40),
                 uchar(rb >> 32), uchar(rb >> 24), uchar(rb >> 16), uchar(rb >> 8), uchar(rb));
}

QString TimeOrderedId::next()
{
    thread_local ThreadState state;
    qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (now <= state.lastMs) {
        // Same millisecond (or the clock stepped back): count on from the last id.
        if (++state.counter > 0x0FFF) {
            state.counter = 0;
            ++state.lastMs;
        }
        now = state.lastMs;
    } else {
        state.lastMs = now;
        state.counter = quint16(state.random.generate() & 0x01FF); // leaves room to count up
    }
    return make(now, state.counter, state.random.generate64()).toString(QUuid::WithoutBraces);
}

} // namespace orrery
