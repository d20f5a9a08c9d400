#include "HealthTracker.h"

namespace orrery {

QList<EngineEvent> HealthTracker::observe(const QJsonObject &report, qint64 nowMs, const QJsonObject &context)
{
    const QJsonObject checks = report.value(QStringLiteral("checks")).toObject();
    const QString overall = report.value(QStringLiteral("healthy")).toBool() ? QStringLiteral("healthy")
                                                                              : QStringLiteral("unhealthy");
    QJsonObject checked = context;
    for (const QString &key : {QStringLiteral("healthy"), QStringLiteral("status"), QStringLiteral("summary"),
                               QStringLiteral("checks")})
        checked.insert(key, report.value(key));
    QList<EngineEvent> events{EngineEvent{QString::fromLatin1(kChecked), QString(), nowMs, checked}};

    QJsonObject changes;
    for (auto it = checks.begin(); it != checks.end(); ++it) {
        const QJsonObject check = it.value().toObject();
        const QString to = check.value(QStringLiteral("status")).toString();
        const QString from = m_checks.value(it.key(), QStringLiteral("unknown"));
        if (from != to)
            changes.insert(it.key(), QJsonObject{{QStringLiteral("from"), from},
                                                 {QStringLiteral("to"), to},
                                                 {QStringLiteral("message"), check.value(QStringLiteral("message"))}});
        m_checks.insert(it.key(), to);
    }
    if (overall != m_overall || !changes.isEmpty()) {
        QJsonObject changed = checked;
        changed.insert(QStringLiteral("from"), m_overall);
        changed.insert(QStringLiteral("to"), overall);
        changed.insert(QStringLiteral("changes"), changes);
        events.append(EngineEvent{QString::fromLatin1(kChanged), QString(), nowMs, changed});
    }
    m_overall = overall;
    return events;
}

} // namespace orrery
