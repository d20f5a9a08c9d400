#include "BreakerRegistry.h"

#include "JsonFieldReader.h"

#include <algorithm>

namespace orrery {

BreakerRegistry::BreakerRegistry(const Clock *clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
{
}

BreakerRegistry *BreakerRegistry::attachedTo(QObject *host, const Clock *clock)
{
    const QString name = QString::fromLatin1(kObjectName);
    if (auto *existing = host->findChild<BreakerRegistry *>(name, Qt::FindDirectChildrenOnly))
        return existing;
    auto *created = new BreakerRegistry(clock, host);
    created->setObjectName(name);
    return created;
}

void BreakerRegistry::setDefaultConfig(const BreakerConfig &config)
{
    m_default = config;
    applyToExisting();
}

void BreakerRegistry::setConfig(const QString &pattern, const BreakerConfig &config)
{
    if (pattern.endsWith(QLatin1Char('*'))) {
        const QString prefix = pattern.chopped(1);
        auto it = std::find_if(m_prefixes.begin(), m_prefixes.end(),
                               [&](const auto &p) { return p.first == prefix; });
        if (it != m_prefixes.end())
            it->second = config;
        else
            m_prefixes.append({prefix, config});
        std::stable_sort(m_prefixes.begin(), m_prefixes.end(),
                         [](const auto &a, const auto &b) { return a.first.size() > b.first.size(); });
    } else {
        m_exact.insert(pattern, config);
    }
    applyToExisting();
}

Result<void> BreakerRegistry::configure(const QJsonObject &json, const QString &pathPrefix)
{
    QList<FieldError> errors;
    BreakerConfig def;
    const QString defPath = JsonFieldReader::joinPath(pathPrefix, QStringLiteral("default"));
    const QJsonValue defValue = json.value(QStringLiteral("default"));
    if (defValue.isObject()) {
        auto parsed = BreakerConfig::fromJson(defValue.toObject(), defPath);
        if (parsed.ok())
            def = parsed.value();
        else
            errors += parsed.error().fieldErrors;
    } else if (!defValue.isUndefined() && !defValue.isNull()) {
        errors.append({defPath, QStringLiteral("%1 must be an object of breaker settings").arg(defPath), defValue});
    }

    QList<QPair<QString, BreakerConfig>> patterns;
    const QString brPath = JsonFieldReader::joinPath(pathPrefix, QStringLiteral("breakers"));
    const QJsonValue brValue = json.value(QStringLiteral("breakers"));
    if (brValue.isObject()) {
        const QJsonObject br = brValue.toObject();
        for (auto it = br.begin(); it != br.end(); ++it) {
            const QString p = QStringLiteral("%1[\"%2\"]").arg(brPath, it.key());
            if (it.key().trimmed().isEmpty()) {
                errors.append({p, QStringLiteral("%1: a breaker name or pattern must not be empty").arg(brPath), it.value()});
            } else if (it.key().indexOf(QLatin1Char('*')) != -1 && it.key().indexOf(QLatin1Char('*')) != it.key().size() - 1) {
                errors.append({p, QStringLiteral("%1: '*' is only allowed at the end of a pattern").arg(p), it.value()});
            } else if (!it.value().isObject()) {
                errors.append({p, QStringLiteral("%1 must be an object of breaker settings").arg(p), it.value()});
            } else {
                auto parsed = BreakerConfig::fromJson(it.value().toObject(), p, def);
                if (parsed.ok())
                    patterns.append({it.key(), parsed.value()});
                else
                    errors += parsed.error().fieldErrors;
            }
        }
    } else if (!brValue.isUndefined() && !brValue.isNull()) {
        errors.append({brPath, QStringLiteral("%1 must be an object mapping breaker names or patterns to settings")
                                   .arg(brPath), brValue});
    }

    if (!errors.isEmpty())
        return Error::invalid(QStringLiteral("Invalid circuit breaker configuration: %1").arg(errors.first().message),
                              errors);
    m_default = def;
    m_exact.clear();
    m_prefixes.clear();
    for (const auto &p : std::as_const(patterns)) {
        if (p.first.endsWith(QLatin1Char('*')))
            m_prefixes.append({p.first.chopped(1), p.second});
        else
            m_exact.insert(p.first, p.second);
    }
    std::stable_sort(m_prefixes.begin(), m_prefixes.end(),
                     [](const auto &a, const auto &b) { return a.first.size() > b.first.size(); });
    applyToExisting();
    return {};
}

QJsonObject BreakerRegistry::configJson() const
{
    QJsonObject breakers;
    for (auto it = m_exact.cbegin(); it != m_exact.cend(); ++it)
        breakers.insert(it.key(), it.value().toJson());
    for (const auto &p : m_prefixes)
        breakers.insert(p.first + QLatin1Char('*'), p.second.toJson());
    return QJsonObject{{QStringLiteral("default"), m_default.toJson()},
                       {QStringLiteral("breakers"), breakers}};
}

BreakerConfig BreakerRegistry::configFor(const QString &name) const
{
    const auto exact = m_exact.constFind(name);
    if (exact != m_exact.cend())
        return exact.value();
    return inheritedConfigFor(name);
}

BreakerConfig BreakerRegistry::inheritedConfigFor(const QString &name) const
{
    for (const auto &p : m_prefixes) { // longest first
        if (name.startsWith(p.first))
            return p.second;
    }
    return m_default;
}

void BreakerRegistry::applyToExisting()
{
    for (CircuitBreaker *b : std::as_const(m_breakers)) {
        const BreakerConfig c = configFor(b->name());
        if (!(c == b->config()))
            b->setConfig(c);
    }
}

CircuitBreaker *BreakerRegistry::breaker(const QString &name)
{
    if (name.isEmpty())
        return nullptr;
    if (CircuitBreaker *b = m_breakers.value(name))
        return b;
    auto *b = new CircuitBreaker(name, configFor(name), m_clock, this);
    connect(b, &CircuitBreaker::stateChanged, this, &BreakerRegistry::breakerStateChanged);
    connect(b, &CircuitBreaker::snapshotChanged, this, &BreakerRegistry::breakerSnapshotChanged);
    m_breakers.insert(name, b);
    return b;
}

CircuitBreaker *BreakerRegistry::find(const QString &name) const
{
    return m_breakers.value(name);
}

QStringList BreakerRegistry::names() const
{
    return m_breakers.keys();
}

QJsonObject BreakerRegistry::toJson()
{
    QJsonArray list;
    int open = 0;
    for (CircuitBreaker *b : std::as_const(m_breakers)) {
        if (b->state() != CircuitBreaker::State::Closed)
            ++open;
        list.append(b->toJson());
    }
    return QJsonObject{{QStringLiteral("breakers"), list},
                       {QStringLiteral("count"), int(m_breakers.size())},
                       {QStringLiteral("open"), open}};
}

} // namespace orrery
