// bench_socketio: 1,000 real socket.io-client 4.x clients (websocket transport) across 100
// rooms, 2,000 events/s for 20 s, against Orrery's Socket.IO hub and against a python-socketio
// server (Debian python3-socketio on aiohttp) in the same run, side by side; then a rate ramp
// to find the highest event rate each one sustains.
//
//   bench_socketio [--clients 1000] [--rooms 100] [--rate 2000] [--seconds 20]
//                  [--ramp-seconds 5] [--client-processes 2] [--no-ramp] [--no-python] [--glib]
//
// delivered/expected counts event frames received by the clients (each event goes to the
// clients/rooms clients of its room). Latency: client receipt minus event creation (same
// machine clock), p50/p95/p99 over every delivery. "Sustained": every event delivered, at least
// 95 % of the target rate emitted, p99 <= 100 ms. Targets: all delivered, p99 <= 20 ms at the
// fixed load, and at least 5x the rate python-socketio sustains.
#include "bench_socketio_peers.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonObject>
#include <QThread>
#include <cstdio>

using namespace orrery::bench;

namespace {

struct Phase
{
    int rate = 0;
    Emission emission;
    qint64 expected = 0;
    QJsonObject client;
    QJsonObject server;
    QJsonObject hubLatency; // server side, this phase only (Orrery)

    qint64 delivered() const { return qint64(client.value(QLatin1String("delivered")).toDouble()); }
    double achieved() const { return emission.seconds > 0 ? double(emission.emitted) / emission.seconds : 0; }
    double p99() const { return client.value(QLatin1String("p99Ms")).toDouble(); }
    bool sustained() const { return delivered() == expected && achieved() >= 0.95 * rate && p99() <= 100.0; }
};

Phase runPhase(Target &target, LoadGroup &client, int rate, double seconds, int rooms, int perRoom)
{
    Phase p;
    p.rate = rate;
    client.reset();
    target.beginPhase();
    p.emission = target.run(rate, seconds, rooms);
    p.expected = p.emission.emitted * perRoom;
    // Wait for the stragglers: until everything arrived or nothing more arrives for 2 s.
    qint64 last = -1;
    int still = 0;
    for (;;) {
        p.client = client.report();
        if (p.delivered() >= p.expected || p.client.isEmpty())
            break;
        still = p.delivered() == last ? still + 1 : 0;
        if (still >= 8)
            break;
        last = p.delivered();
        QThread::msleep(250);
    }
    p.server = target.serverStats();
    p.hubLatency = target.phaseLatency();
    return p;
}

void printRow(const QString &name, const Phase &p)
{
    const QJsonObject &c = p.client;
    std::printf("%-18s %7d %10.1f %10lld/%-10lld %7.2f %7.2f %7.2f %8.2f %5d %s\n", qPrintable(name), p.rate, p.achieved(),
                static_cast<long long>(p.delivered()), static_cast<long long>(p.expected), c.value("p50Ms").toDouble(),
                c.value("p95Ms").toDouble(), c.value("p99Ms").toDouble(), c.value("maxMs").toDouble(),
                c.value("gaps").toInt(), p.sustained() ? "sustained" : "NOT sustained");
    if (!p.hubLatency.isEmpty())
        std::printf("%-18s   hub side (creation -> socket write): p50 %.2f ms, p95 %.2f ms, p99 %.2f ms\n", "",
                    p.hubLatency.value("p50").toDouble(), p.hubLatency.value("p95").toDouble(),
                    p.hubLatency.value("p99").toDouble());
    std::fflush(stdout);
}

void printHeader()
{
    std::printf("%-18s %7s %10s %21s %7s %7s %7s %8s %5s\n", "server", "rate/s", "emitted/s", "delivered/expected",
                "p50 ms", "p95 ms", "p99 ms", "max ms", "gaps");
}

// Runs the fixed load and then the ramp against one server; returns the highest sustained rate.
int benchmark(Target &target, LoadGroup &client, const QList<int> &ramp, int rate, double seconds, double rampSeconds,
              int rooms, int perRoom, Phase *fixed)
{
    *fixed = runPhase(target, client, rate, seconds, rooms, perRoom);
    printRow(target.name(), *fixed);
    if (!fixed->server.isEmpty()) {
        const QJsonObject l = fixed->server.value("latencyMs").toObject();
        const QJsonObject ev = fixed->server.value("events").toObject();
        std::printf("%-18s   hub: %lld deliveries in the last 60 s, dropped for slow clients %lld, by the hub %lld\n", "",
                    static_cast<long long>(l.value("samples").toDouble()),
                    static_cast<long long>(ev.value("droppedForSlowClients").toDouble()),
                    static_cast<long long>(ev.value("droppedByHub").toDouble()));
    }
    int best = fixed->sustained() ? rate : 0;
    for (int r : ramp) {
        const Phase p = runPhase(target, client, r, rampSeconds, rooms, perRoom);
        printRow(target.name(), p);
        if (!p.sustained())
            break;
        best = std::max(best, r);
    }
    return best;
}

} // namespace

int main(int argc, char **argv)
{
    // Qt's plain UNIX event dispatcher instead of glib's: with 1000 sockets on the API thread,
    // glib spends a fifth of the hub's time in its source lists (measured). orreryd should do
    // the same in main(); --glib keeps glib to compare.
    bool glib = false;
    for (int i = 1; i < argc; ++i)
        glib = glib || QByteArray(argv[i]) == "--glib";
    if (!glib)
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOptions({{"clients", "Clients.", "n", "1000"},
                       {"rooms", "Rooms.", "n", "100"},
                       {"rate", "Fixed event rate per second.", "n", "2000"},
                       {"seconds", "Fixed load duration.", "s", "20"},
                       {"ramp-seconds", "Duration of each ramp step.", "s", "5"},
                       {"client-processes", "Node processes sharing the clients.", "n", "2"},
                       {"no-ramp", "Skip the ramp."},
                       {"glib", "Keep Qt's glib event dispatcher."},
                       {"no-python", "Skip python-socketio."}});
    parser.process(app);
    const int clients = parser.value("clients").toInt();
    const int rooms = parser.value("rooms").toInt();
    const int rate = parser.value("rate").toInt();
    const double seconds = parser.value("seconds").toDouble();
    const double rampSeconds = parser.value("ramp-seconds").toDouble();
    const int perRoom = clients / rooms;
    const int processes = std::max(1, parser.value("client-processes").toInt());
    const QList<int> orreryRamp = parser.isSet("no-ramp") ? QList<int>{} : QList<int>{3000, 4000, 6000, 8000, 12000, 16000};
    const QList<int> pythonRamp = parser.isSet("no-ramp") ? QList<int>{} : QList<int>{250, 375, 500, 750, 1000, 1500, 2000};

    QString error;
    std::printf("bench_socketio: %d clients over %d rooms (%d per room), fixed load %d events/s for %.0f s; "
                "%s event dispatcher; %d CPUs\n",
                clients, rooms, perRoom, rate, seconds, glib ? "glib" : "UNIX (QT_NO_GLIB)", QThread::idealThreadCount());

    int orreryBest = 0;
    Phase orreryFixed;
    {
        OrreryTarget orrery;
        if (!orrery.start(&error)) {
            std::fprintf(stderr, "orrery hub: %s\n", qPrintable(error));
            return 1;
        }
        LoadGroup client;
        if (!client.start(orrery.url(), clients, rooms, QString::fromLatin1(kBenchToken), processes, &error)) {
            std::fprintf(stderr, "load client: %s\n", qPrintable(error));
            return 1;
        }
        std::printf("clients: socket.io-client %s in %d processes, transports ['websocket']\n\n",
                    qPrintable(client.version()), client.processes());
        printHeader();
        orreryBest = benchmark(orrery, client, orreryRamp, rate, seconds, rampSeconds, rooms, perRoom, &orreryFixed);
    }
    int pythonBest = -1;
    if (!parser.isSet("no-python")) {
        PythonTarget python;
        if (!python.start(&error)) {
            std::fprintf(stderr, "python-socketio: %s\n", qPrintable(error));
            return 1;
        }
        LoadGroup client;
        if (!client.start(python.url(), clients, rooms, QString::fromLatin1(kBenchToken), processes, &error)) {
            std::fprintf(stderr, "load client (python): %s\n", qPrintable(error));
            return 1;
        }
        Phase fixed;
        pythonBest = benchmark(python, client, pythonRamp, rate, seconds, rampSeconds, rooms, perRoom, &fixed);
    }

    std::printf("\nfixed load on orrery: %s, p99 %.2f ms (target <= 20 ms): %s\n",
                orreryFixed.delivered() == orreryFixed.expected ? "all delivered" : "NOT all delivered", orreryFixed.p99(),
                orreryFixed.delivered() == orreryFixed.expected && orreryFixed.p99() <= 20.0 ? "met" : "MISSED");
    if (pythonBest >= 0) {
        std::printf("highest sustained rate: orrery %d events/s%s, python-socketio %d events/s", orreryBest,
                    !orreryRamp.isEmpty() && orreryBest == orreryRamp.last() ? " (the top of the ramp)" : "", pythonBest);
        if (pythonBest > 0)
            std::printf(" -> %.1fx (target >= 5x): %s\n", double(orreryBest) / pythonBest,
                        orreryBest >= 5 * pythonBest ? "met" : "MISSED");
        else
            std::printf("\n");
    }
    return 0;
}
