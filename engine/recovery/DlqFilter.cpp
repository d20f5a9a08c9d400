#include "DlqFilter.h"

#include "DeadLetterEntry.h"
#include "JsonFieldReader.h"

#include <QDateTime>
#include <QJsonArray>
#include <cmath>

namespace orrery {

namespace {

QStringList stringList(const QJsonObject &o, const QString &key, const QString &prefix, QList<FieldError> &errors)
{
    const QJsonValue v = o.value(key);
    QStringList out;
    auto take = [&](const QJsonValue &e, const QString &path) {
        if (!e.isString()) {
            errors.append({path, QStringLiteral("%1 must be a string").arg(path), e});
            return;
        }
        for (const QString &part : e.toString().split(QLatin1Char(','), Qt::SkipEmptyParts))
            if (!part.trimmed().isEmpty())
                out.append(part.trimmed());
    };
    const QString path = JsonFieldReader::joinPath(prefix, key);
    if (v.isArray()) {
        const QJsonArray arr = v.toArray();
        for (int i = 0; i < arr.size(); ++i)
            take(arr.at(i), QStringLiteral("%1[%2]").arg(path).arg(i));
    } else if (!v.isUndefined() && !v.isNull()) {
        take(v, path);
    }
    return out;
}

qint64 timeBound(const QJsonObject &o, const QString &key, const QString &prefix, QList<FieldError> &errors)
{
    const QJsonValue v = o.value(key);
    const QString path = JsonFieldReader::joinPath(prefix, key);
    if (v.isUndefined() || v.isNull() || (v.isString() && v.toString().trimmed().isEmpty()))
        return 0;
    if (v.isDouble() && std::isfinite(v.toDouble()) && v.toDouble() >= 0)
        return qint64(v.toDouble());
    if (v.isString()) {
        bool ok = false;
        const qint64 n = v.toString().trimmed().toLongLong(&ok);
        if (ok && n >= 0)
            return n;
        const QDateTime dt = QDateTime::fromString(v.toString().trimmed(), Qt::ISODateWithMs);
        if (dt.isValid())
            return dt.toMSecsSinceEpoch();
    }
    errors.append({path, QStringLiteral("%1 must be a time: milliseconds since the epoch or ISO-8601 "
                                        "(2024-05-01T12:00:00Z)").arg(path), v});
    return 0;
}

QString inList(const char *column, const QStringList &values, QVariantList &binds)
{
    QStringList marks;
    for (const QString &v : values) {
        marks << QStringLiteral("?");
        binds << v;
    }
    return QStringLiteral("%1 IN (%2)").arg(QLatin1String(column), marks.join(QLatin1Char(',')));
}

} // namespace

const QStringList &DlqFilter::reasonNames()
{
    static const QStringList names{QStringLiteral("RETRIES_EXHAUSTED"), QStringLiteral("TERMINAL"),
                                   QStringLiteral("TIMED_OUT"), QStringLiteral("DEADLINE_EXCEEDED"),
                                   QStringLiteral("CANCELED")};
    return names;
}

Result<DlqFilter> DlqFilter::fromJson(const QJsonObject &json, const QString &pathPrefix)
{
    DlqFilter f;
    QList<FieldError> errors;
    f.ids = stringList(json, QStringLiteral("ids"), pathPrefix, errors);
    f.taskTypes = stringList(json, QStringLiteral("taskType"), pathPrefix, errors);
    f.projects = stringList(json, QStringLiteral("projectId"), pathPrefix, errors);
    for (const QString &r : stringList(json, QStringLiteral("reason"), pathPrefix, errors)) {
        const QString upper = r.toUpper();
        if (!reasonNames().contains(upper))
            errors.append({JsonFieldReader::joinPath(pathPrefix, QStringLiteral("reason")),
                           QStringLiteral("reason '%1' is not one of %2").arg(r, reasonNames().join(QStringLiteral(", "))), r});
        else if (!f.reasons.contains(upper))
            f.reasons.append(upper);
    }
    const QStringList statuses = stringList(json, QStringLiteral("status"), pathPrefix, errors);
    bool all = false;
    for (const QString &s : statuses) {
        if (s.compare(QLatin1String("ALL"), Qt::CaseInsensitive) == 0) {
            all = true;
        } else if (const auto st = DeadLetterEntry::statusFromName(s)) {
            if (!f.statuses.contains(DeadLetterEntry::statusName(*st)))
                f.statuses.append(DeadLetterEntry::statusName(*st));
        } else {
            errors.append({JsonFieldReader::joinPath(pathPrefix, QStringLiteral("status")),
                           QStringLiteral("status '%1' is not one of DEAD, REPLAYING, REPLAYED, ALL").arg(s), s});
        }
    }
    if (all)
        f.statuses.clear();
    else if (f.statuses.isEmpty())
        f.statuses.append(QStringLiteral("DEAD"));
    const QJsonValue wf = json.value(QStringLiteral("workflowId"));
    if (wf.isString())
        f.workflowId = wf.toString().trimmed();
    else if (!wf.isUndefined() && !wf.isNull())
        errors.append({JsonFieldReader::joinPath(pathPrefix, QStringLiteral("workflowId")),
                       QStringLiteral("workflowId must be a string"), wf});
    f.fromMs = timeBound(json, QStringLiteral("from"), pathPrefix, errors);
    f.toMs = timeBound(json, QStringLiteral("to"), pathPrefix, errors);
    const QJsonValue text = json.value(QStringLiteral("text"));
    if (text.isString())
        f.text = text.toString().trimmed();
    else if (!text.isUndefined() && !text.isNull())
        errors.append({JsonFieldReader::joinPath(pathPrefix, QStringLiteral("text")), QStringLiteral("text must be a string"), text});
    if (f.fromMs > 0 && f.toMs > 0 && f.toMs <= f.fromMs)
        errors.append({JsonFieldReader::joinPath(pathPrefix, QStringLiteral("to")),
                       QStringLiteral("'to' (%1) must be later than 'from' (%2)").arg(f.toMs).arg(f.fromMs), double(f.toMs)});
    if (!errors.isEmpty())
        return Error::invalid(QStringLiteral("Invalid DLQ filter: %1").arg(errors.first().message), errors);
    return f;
}

QJsonObject DlqFilter::toJson() const
{
    QJsonObject o;
    auto put = [&o](const char *key, const QStringList &list) {
        if (!list.isEmpty())
            o.insert(QLatin1String(key), QJsonArray::fromStringList(list));
    };
    put("ids", ids);
    put("taskType", taskTypes);
    put("projectId", projects);
    put("reason", reasons);
    o.insert(QStringLiteral("status"), statuses.isEmpty() ? QJsonValue(QStringLiteral("ALL"))
                                                          : QJsonValue(QJsonArray::fromStringList(statuses)));
    if (!workflowId.isEmpty())
        o.insert(QStringLiteral("workflowId"), workflowId);
    if (fromMs > 0)
        o.insert(QStringLiteral("from"), double(fromMs));
    if (toMs > 0)
        o.insert(QStringLiteral("to"), double(toMs));
    if (!text.isEmpty())
        o.insert(QStringLiteral("text"), text);
    return o;
}

bool DlqFilter::selectsAllOfStatus() const
{
    return ids.isEmpty() && taskTypes.isEmpty() && projects.isEmpty() && reasons.isEmpty() && workflowId.isEmpty()
        && fromMs == 0 && toMs == 0 && text.isEmpty() && !m_nothing;
}

void DlqFilter::restrictToProjects(const QStringList &allowed)
{
    if (allowed.isEmpty())
        return;
    if (projects.isEmpty()) {
        projects = allowed;
        return;
    }
    QStringList kept;
    for (const QString &p : std::as_const(projects))
        if (allowed.contains(p))
            kept.append(p);
    projects = kept;
    m_nothing = kept.isEmpty();
}

QString DlqFilter::sqlWhere(QVariantList &binds) const
{
    QStringList terms;
    if (m_nothing)
        terms << QStringLiteral("1 = 0");
    if (!ids.isEmpty())
        terms << inList("id", ids, binds);
    if (!taskTypes.isEmpty())
        terms << inList("task_type", taskTypes, binds);
    if (!projects.isEmpty())
        terms << inList("project_id", projects, binds);
    if (!reasons.isEmpty())
        terms << inList("reason_class", reasons, binds);
    if (!statuses.isEmpty())
        terms << inList("status", statuses, binds);
    if (!workflowId.isEmpty()) {
        terms << QStringLiteral("workflow_id = ?");
        binds << workflowId;
    }
    if (fromMs > 0) {
        terms << QStringLiteral("last_failure_time >= ?");
        binds << fromMs;
    }
    if (toMs > 0) {
        terms << QStringLiteral("last_failure_time < ?");
        binds << toMs;
    }
    if (!text.isEmpty()) {
        QString escaped = text.toLower();
        escaped.replace(QLatin1Char('!'), QLatin1String("!!"));
        escaped.replace(QLatin1Char('%'), QLatin1String("!%"));
        escaped.replace(QLatin1Char('_'), QLatin1String("!_"));
        terms << QStringLiteral("search_text LIKE ? ESCAPE '!'");
        binds << QStringLiteral("%") + escaped + QStringLiteral("%");
    }
    return terms.isEmpty() ? QString() : QStringLiteral(" WHERE ") + terms.join(QStringLiteral(" AND "));
}

} // namespace orrery
