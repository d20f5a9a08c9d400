#pragma once

#include <QString>

namespace orrery::test {

// Slowloris: `connections` clients each send a request's headers one byte a second and never
// finish them. Counts how many the server closed (with 408 or without an answer) and when.
class SlowlorisAttack
{
public:
    struct Figures
    {
        int connections = 0;
        int opened = 0;
        int closedByServer = 0;
        int got408 = 0;
        double firstCloseSeconds = -1;
        double lastCloseSeconds = -1;
        int stillOpen = 0;     // when the attack ended
        int bytesSent = 0;
        QString openError;
    };

    static Figures run(quint16 port, int connections, int durationMs);
};

} // namespace orrery::test
