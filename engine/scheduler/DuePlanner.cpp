#include "scheduler/DuePlanner.h"

#include <algorithm>

namespace orrery {

namespace {

const QString kGrace = QStringLiteral("misfire_grace_exceeded");
const QString kCoalesced = QStringLiteral("coalesced");

// splitmix64: a fixed, well-mixed hash. (qHash is seeded per process, so two instances would
// disagree; QRandomGenerator would need a seeding per run, which costs more than the run.)
quint64 mix(quint64 x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

quint64 stableHash(const QString &text)
{
    quint64 h = 1469598103934665603ULL; // FNV-1a over UTF-16 code units
    for (QChar c : text) {
        h ^= c.unicode();
        h *= 1099511628211ULL;
    }
    return h;
}

} // namespace

qint64 DuePlanner::plannedTime(const JobDefinition &def, qint64 nominalMs) const
{
    if (def.jitterMs <= 0)
        return nominalMs;
    const quint64 r = mix(m_seed ^ mix(stableHash(def.id) ^ mix(quint64(nominalMs))));
    qint64 planned = nominalMs + qint64(r % quint64(def.jitterMs + 1));
    if (const std::optional<qint64> end = def.effectiveEnd())
        planned = std::max(nominalMs, std::min(planned, *end));
    return planned;
}

JobRun DuePlanner::makeRun(const JobDefinition &def, qint64 nominal, qint64 planned, JobRun::Status status,
                           const QString &reason) const
{
    JobRun run;
    run.jobId = def.id;
    run.scheduledMs = nominal;
    run.lastScheduledMs = nominal;
    run.plannedMs = planned;
    run.status = status;
    run.reason = reason;
    return run;
}

void DuePlanner::addMissed(DuePlan &plan, int &individual, const JobDefinition &def, qint64 nominal, qint64 planned,
                           const QString &reason) const
{
    // The first maxMissedRecords instants get a record each; the record after them absorbs the
    // following instants with the same reason (count, lastScheduledMs).
    if (individual > m_limits.maxMissedRecords && !plan.runs.isEmpty()) {
        JobRun &last = plan.runs.last();
        if (last.status == JobRun::Status::Missed && last.reason == reason) {
            ++last.count;
            last.lastScheduledMs = nominal;
            return;
        }
    }
    plan.runs.append(makeRun(def, nominal, planned, JobRun::Status::Missed, reason));
    ++individual;
}

DuePlan DuePlanner::plan(const Job &job, qint64 nowMs) const
{
    const JobDefinition &def = job.def;
    DuePlan out;
    out.nextFireMs = job.nextFireMs;
    out.lastFireMs = job.lastFireMs;
    if (!job.nextFireMs)
        return out;
    const std::optional<qint64> graceMs =
        def.misfireGraceSeconds ? std::optional<qint64>(qint64(*def.misfireGraceSeconds) * 1000) : std::nullopt;
    auto withinGrace = [&](qint64 planned) { return !graceMs || nowMs - planned <= *graceMs; };

    std::optional<qint64> t = job.nextFireMs;
    int individual = 0;
    if (def.coalesce == CoalescePolicy::All) {
        int fired = 0;
        while (t && plannedTime(def, *t) <= nowMs) {
            if (fired >= m_limits.maxFiresPerStep) {
                out.more = true;
                break;
            }
            const qint64 planned = plannedTime(def, *t);
            if (withinGrace(planned)) {
                out.runs.append(makeRun(def, *t, planned, JobRun::Status::Claimed, QString()));
                out.lastFireMs = *t;
                ++fired;
            } else {
                addMissed(out, individual, def, *t, planned, kGrace);
            }
            t = def.nextAfter(*t);
        }
        out.nextFireMs = t;
        return out;
    }

    // latest / earliest: one candidate; every other overdue instant is coalesced into it.
    std::optional<qint64> first, last;
    qint64 count = 0;
    for (; t && plannedTime(def, *t) <= nowMs; t = def.nextAfter(*t)) {
        if (!first)
            first = *t;
        last = *t;
        ++count;
    }
    out.nextFireMs = t;
    if (!count)
        return out;
    if (count == 1) { // the usual case: one run due
        const qint64 planned = plannedTime(def, *first);
        if (withinGrace(planned)) {
            out.runs.append(makeRun(def, *first, planned, JobRun::Status::Claimed, QString()));
            out.lastFireMs = *first;
        } else {
            addMissed(out, individual, def, *first, planned, kGrace);
        }
        return out;
    }
    const qint64 candidate = def.coalesce == CoalescePolicy::Latest ? *last : *first;
    const qint64 candidatePlanned = plannedTime(def, candidate);
    const bool fires = withinGrace(candidatePlanned);
    const QString othersReason = fires ? kCoalesced : kGrace;
    for (std::optional<qint64> u = first; u && *u <= *last; u = def.nextAfter(*u)) {
        if (*u == candidate) {
            if (fires) {
                out.runs.append(makeRun(def, *u, candidatePlanned, JobRun::Status::Claimed, QString()));
                out.lastFireMs = *u;
            } else {
                addMissed(out, individual, def, *u, candidatePlanned, kGrace);
            }
            continue;
        }
        addMissed(out, individual, def, *u, plannedTime(def, *u), othersReason);
    }
    return out;
}

DuePlan DuePlanner::skipUntil(const Job &job, qint64 nowMs, const QString &reason) const
{
    DuePlan out;
    out.lastFireMs = job.lastFireMs;
    std::optional<qint64> t = job.nextFireMs;
    int individual = 0;
    for (; t && *t <= nowMs; t = job.def.nextAfter(*t))
        addMissed(out, individual, job.def, *t, plannedTime(job.def, *t), reason);
    out.nextFireMs = t;
    return out;
}

} // namespace orrery
