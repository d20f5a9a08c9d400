#include "TaskGuard.h"

#include "BreakerRegistry.h"
#include "CircuitBreaker.h"

#include "core/TaskDef.h"

#include <QLoggingCategory>
#include <QUrl>

Q_LOGGING_CATEGORY(lcTaskGuard, "orrery.recovery.guard")

namespace orrery {

TaskGuard::TaskGuard(BreakerRegistry *registry) : m_registry(registry) {}

QString TaskGuard::httpBreakerName(const QString &url)
{
    const QUrl u(url);
    if (!u.isValid() || u.host().isEmpty())
        return QString();
    QString name = QStringLiteral("http:") + u.host().toLower();
    if (u.port() != -1)
        name += QLatin1Char(':') + QString::number(u.port());
    return name;
}

QString TaskGuard::taskBreakerName(const QString &definitionName)
{
    return QStringLiteral("task:") + definitionName;
}

QStringList TaskGuard::breakerNames(const QString &taskType, const QJsonObject &input, const TaskDef *def)
{
    QStringList names;
    if (taskType == QLatin1String("http") || taskType == QLatin1String("HTTP")) {
        // Orrery's `http` takes `url`; Conductor's HTTP takes http_request.uri (or uri).
        const QJsonValue nested = input.value(QStringLiteral("http_request"));
        const QString url = taskType == QLatin1String("http") ? input.value(QStringLiteral("url")).toString()
                            : (nested.isObject() ? nested.toObject() : input).value(QStringLiteral("uri")).toString();
        const QString host = httpBreakerName(url);
        if (!host.isEmpty())
            names.append(host);
    }
    if (def && !def->breaker.isEmpty())
        names.append(taskBreakerName(def->name));
    return names;
}

void TaskGuard::applyTaskConfig(const TaskDef &def)
{
    const QString name = taskBreakerName(def.name);
    auto it = m_breakers.find(def.name);
    if (it == m_breakers.end() || it->source != def.breaker) {
        CachedBreaker cached{def.breaker, m_registry->inheritedConfigFor(name)};
        auto parsed = BreakerConfig::fromJson(def.breaker, QStringLiteral("breaker"), cached.config);
        if (parsed.ok())
            cached.config = parsed.value();
        else
            qCWarning(lcTaskGuard).noquote()
                << "task definition" << def.name << "has an invalid breaker object, using"
                << name << "defaults:" << parsed.error().message;
        it = m_breakers.insert(def.name, cached);
    }
    // Also after the registry was reconfigured (which drops exact entries): the definition wins.
    if (!(m_registry->configFor(name) == it->config))
        m_registry->setConfig(name, it->config);
}

TaskGuard::Admission TaskGuard::admit(const QString &taskId, const QString &taskType, const QJsonObject &input,
                                      const TaskDef *def)
{
    if (m_grants.contains(taskId))
        forget(taskId); // a stale grant of an earlier hand-out of the same task
    const QStringList names = breakerNames(taskType, input, def);
    if (names.isEmpty())
        return {};
    if (def && !def->breaker.isEmpty())
        applyTaskConfig(*def);
    QList<CircuitBreaker *> granted;
    for (const QString &name : names) {
        CircuitBreaker *b = m_registry->breaker(name);
        if (b->tryAcquire()) {
            granted.append(b);
            continue;
        }
        for (CircuitBreaker *g : std::as_const(granted))
            g->cancelAcquire();
        Admission refused;
        refused.allowed = false;
        refused.breaker = name;
        refused.state = CircuitBreaker::stateName(b->state());
        refused.retryAfterMs = b->retryAfterMs();
        return refused;
    }
    m_grants.insert(taskId, names);
    return {};
}

void TaskGuard::recordSuccess(const QString &taskId)
{
    const QStringList names = m_grants.take(taskId);
    for (const QString &name : names)
        if (CircuitBreaker *b = m_registry->find(name))
            b->recordSuccess();
}

void TaskGuard::recordFailure(const QString &taskId, bool counts, const QString &message)
{
    const QStringList names = m_grants.take(taskId);
    for (const QString &name : names)
        if (CircuitBreaker *b = m_registry->find(name))
            b->recordFailure(counts, message);
}

void TaskGuard::forget(const QString &taskId)
{
    const QStringList names = m_grants.take(taskId);
    for (const QString &name : names)
        if (CircuitBreaker *b = m_registry->find(name))
            b->cancelAcquire();
}

ErrorClassifier::Classification TaskGuard::classify(const TaskDef *def, const FailureFacts &failure)
{
    if (!def || (def->terminalErrors.isEmpty() && def->transientErrors.isEmpty()))
        return ErrorClassifier().classify(failure);
    auto it = m_classifiers.find(def->name);
    if (it == m_classifiers.end() || it->terminal != def->terminalErrors || it->transient != def->transientErrors) {
        QJsonObject lists{{QStringLiteral("terminalErrors"), def->terminalErrors},
                          {QStringLiteral("transientErrors"), def->transientErrors}};
        auto parsed = ErrorClassifier::fromJson(lists, def->name);
        if (!parsed.ok())
            qCWarning(lcTaskGuard).noquote() << "task definition" << def->name
                                             << "has invalid error lists, using the built-in rules:"
                                             << parsed.error().message;
        it = m_classifiers.insert(def->name, CachedClassifier{def->terminalErrors, def->transientErrors,
                                                              parsed.ok() ? parsed.value() : ErrorClassifier()});
    }
    return it->classifier.classify(failure);
}

} // namespace orrery
