// LeaseElector, step by step against a scripted lease: a standby takes the lease once it is free
// (and only then), an unreachable store keeps each role (a standby does not take over blindly, an
// active does not stop for a database restart), and a lease taken by another instance while the
// store was unreachable ends the active role with leaseLost naming the new holder.
#include "runtime/LeaseElector.h"

#include <QSignalSpy>
#include <QTest>

using namespace orrery;

namespace {

// A lease whose answers the test sets: who holds it, and whether the store answers at all.
class ScriptedLease final : public EngineLease
{
public:
    QString self = QStringLiteral("me:1");
    EngineLeaseHolder current;  // the lock's holder; unknown = free
    bool reachable = true;
    int acquireCalls = 0;

    Result<bool> tryAcquire() override
    {
        ++acquireCalls;
        if (!reachable)
            return Error::unavailable(QStringLiteral("connection refused"));
        if (!current.known())
            current = EngineLeaseHolder{self, QStringLiteral("http://me"), 1};
        return current.instance == self;
    }
    Result<bool> stillHeld() override
    {
        if (!reachable)
            return Error::unavailable(QStringLiteral("connection refused"));
        return tryAcquire(); // as the PostgreSQL lease: a lost connection tries to take it again
    }
    Result<EngineLeaseHolder> holder() override
    {
        if (!reachable)
            return Error::unavailable(QStringLiteral("connection refused"));
        return current;
    }
    void release() override
    {
        if (current.instance == self)
            current = {};
    }
};

} // namespace

class TestLeaseElector : public QObject
{
    Q_OBJECT

private slots:
    void standbyTakesOverOnlyWhenFree()
    {
        ScriptedLease lease;
        lease.current = EngineLeaseHolder{QStringLiteral("other:2"), QStringLiteral("http://other"), 5};
        LeaseElector elector(&lease);
        QSignalSpy active(&elector, &LeaseElector::becameActive);
        for (int i = 0; i < 5; ++i)
            elector.tick();
        QCOMPARE(elector.role(), LeaseElector::Role::Standby);
        QCOMPARE(active.count(), 0);
        QCOMPARE(elector.holder().url, QStringLiteral("http://other"));
        QCOMPARE(lease.acquireCalls, 5); // one attempt per step: the poll interval is the step

        lease.current = {}; // the active died: the database freed its lock
        elector.tick();
        QCOMPARE(elector.role(), LeaseElector::Role::Active);
        QCOMPARE(active.count(), 1);
        QCOMPARE(elector.holder().instance, QStringLiteral("me:1"));
        elector.tick(); // still held: nothing new
        QCOMPARE(active.count(), 1);
        QCOMPARE(elector.role(), LeaseElector::Role::Active);
    }

    void unreachableStoreKeepsEachRole()
    {
        ScriptedLease lease;
        LeaseElector standby(&lease);
        lease.reachable = false;
        QSignalSpy unreachable(&standby, &LeaseElector::unreachable);
        standby.tick();
        QCOMPARE(standby.role(), LeaseElector::Role::Standby);
        QCOMPARE(unreachable.count(), 1);
        QVERIFY(standby.lastError().contains(QStringLiteral("refused")));

        lease.reachable = true;
        standby.tick();
        QCOMPARE(standby.role(), LeaseElector::Role::Active);
        QVERIFY(standby.lastError().isEmpty());

        lease.reachable = false; // a database restart while active
        QSignalSpy lost(&standby, &LeaseElector::leaseLost);
        for (int i = 0; i < 3; ++i)
            standby.tick();
        QCOMPARE(standby.role(), LeaseElector::Role::Active);
        QCOMPARE(lost.count(), 0);
        lease.reachable = true; // back, and nobody took the lease meanwhile
        standby.tick();
        QCOMPARE(standby.role(), LeaseElector::Role::Active);
        QCOMPARE(lost.count(), 0);
    }

    void leaseTakenByAnotherEndsTheActiveRole()
    {
        ScriptedLease lease;
        LeaseElector elector(&lease);
        elector.tick();
        QCOMPARE(elector.role(), LeaseElector::Role::Active);
        QSignalSpy lost(&elector, &LeaseElector::leaseLost);
        // Our connection died with the database's restart and a standby got there first.
        lease.current = EngineLeaseHolder{QStringLiteral("other:2"), QStringLiteral("http://other:8080"), 9};
        elector.tick();
        QCOMPARE(elector.role(), LeaseElector::Role::Lost);
        QCOMPARE(lost.count(), 1);
        QVERIFY(lost.at(0).at(0).toString().contains(QStringLiteral("http://other:8080")));
        const int calls = lease.acquireCalls;
        elector.tick(); // lost is final: the process exits and comes back as a standby
        QCOMPARE(lease.acquireCalls, calls);
        QCOMPARE(LeaseElector::roleName(elector.role()), QStringLiteral("lost"));
    }
};

QTEST_GUILESS_MAIN(TestLeaseElector)
#include "test_lease_elector.moc"
