#pragma once

#include "BreakerConfig.h"
#include "ErrorClassifier.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace orrery {

class BreakerRegistry;
struct TaskDef;

// Recovery on the local dispatch path (docs/recovery.md, "Local tasks"): which circuit breakers
// guard a task, whether it may run now, what its outcome tells the breakers, and whether its
// failure is transient or terminal under its task definition.
//
// Breakers of a task:
//   "http:<host>[:<port>]"  every `http` task, from input.url (port only when the URL names one)
//   "task:<definition>"     when the TaskDef has a `breaker` object (its settings, laid over the
//                           registry's settings for that name)
// A task may run only if every one of its breakers lets it through; a refusal gives back the
// grants of the others. The grants are remembered per taskId until the outcome is recorded.
//
// Not thread-safe: lives on the engine thread, like the registry it uses.
class TaskGuard
{
public:
    struct Admission
    {
        bool allowed = true;
        qint64 retryAfterMs = 0; // when refused: how long the task should wait
        QString breaker;         // when refused: the breaker that refused
        QString state;           // its state ("OPEN", "HALF_OPEN", "FORCED_OPEN")
    };

    explicit TaskGuard(BreakerRegistry *registry);

    BreakerRegistry *registry() const { return m_registry; }

    static QString httpBreakerName(const QString &url); // empty for an unusable URL
    static QString taskBreakerName(const QString &definitionName);
    // `def` may be null (no registered definition).
    static QStringList breakerNames(const QString &taskType, const QJsonObject &input, const TaskDef *def);

    Admission admit(const QString &taskId, const QString &taskType, const QJsonObject &input, const TaskDef *def);
    bool isGuarded(const QString &taskId) const { return m_grants.contains(taskId); }
    int guardedCount() const { return int(m_grants.size()); }
    // The outcome of an admitted task. `counts` = false for a failure that says nothing about
    // the resource (terminal by classification): it never trips a breaker.
    void recordSuccess(const QString &taskId);
    void recordFailure(const QString &taskId, bool counts, const QString &message);
    // The task never ran (pool stopped, canceled): gives its grants back, records nothing.
    void forget(const QString &taskId);

    // Classifies with the definition's terminalErrors / transientErrors (parsed once per
    // definition version); built-in rules only when `def` is null or its lists are invalid.
    ErrorClassifier::Classification classify(const TaskDef *def, const FailureFacts &failure);

    // Gives the registry the settings of the definition's `breaker` object for
    // "task:<definition>" (parsed once per version; the definition wins over an exact entry of
    // the configuration). `def.breaker` must not be empty.
    void applyTaskConfig(const TaskDef &def);

private:

    struct CachedClassifier
    {
        QJsonArray terminal;
        QJsonArray transient;
        ErrorClassifier classifier;
    };
    struct CachedBreaker
    {
        QJsonObject source;   // the definition's `breaker` object
        BreakerConfig config; // parsed over the registry's settings for the name
    };

    BreakerRegistry *m_registry;
    QHash<QString, QStringList> m_grants;           // taskId -> breakers it holds
    QHash<QString, CachedClassifier> m_classifiers; // definition name -> classifier
    QHash<QString, CachedBreaker> m_breakers;       // definition name -> its breaker settings
};

} // namespace orrery
