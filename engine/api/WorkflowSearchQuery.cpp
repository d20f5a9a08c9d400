#include "WorkflowSearchQuery.h"

#include "SqlWhere.h"

#include "core/Status.h"

#include <QHash>
#include <QRegularExpression>

namespace orrery {

namespace {

struct Field
{
    QString column;
    bool numeric = false;
    bool status = false;
};

const QHash<QString, Field> &fields()
{
    static const QHash<QString, Field> map = {
        {QStringLiteral("workflowtype"), {QStringLiteral("w.name")}},
        {QStringLiteral("workflowid"), {QStringLiteral("w.id")}},
        {QStringLiteral("status"), {QStringLiteral("w.status"), false, true}},
        {QStringLiteral("correlationid"), {QStringLiteral("w.correlation_id")}},
        {QStringLiteral("projectid"), {QStringLiteral("w.project_id")}},
        {QStringLiteral("version"), {QStringLiteral("w.version"), true}},
        {QStringLiteral("starttime"), {QStringLiteral("w.create_time"), true}},
        {QStringLiteral("updatetime"), {QStringLiteral("w.update_time"), true}},
        {QStringLiteral("endtime"), {QStringLiteral("w.end_time"), true}},
    };
    return map;
}

Error queryError(const QString &message, const QString &query)
{
    return Error::invalid(QStringLiteral("Query parameter 'query': %1").arg(message),
                          {{QStringLiteral("query"), message, query.left(200)}});
}

QString unquote(QString v)
{
    v = v.trimmed();
    if (v.size() >= 2 && ((v.startsWith(u'\'') && v.endsWith(u'\'')) || (v.startsWith(u'"') && v.endsWith(u'"'))))
        return v.mid(1, v.size() - 2);
    return v;
}

// Splits on AND (any case) outside quotes and parentheses.
QStringList splitConditions(const QString &query, bool &hasOr)
{
    QStringList parts;
    QString current;
    QChar quote;
    int depth = 0;
    hasOr = false;
    for (qsizetype i = 0; i < query.size(); ++i) {
        const QChar c = query.at(i);
        if (!quote.isNull()) {
            current += c;
            if (c == quote)
                quote = QChar();
            continue;
        }
        if (c == u'\'' || c == u'"')
            quote = c;
        else if (c == u'(')
            ++depth;
        else if (c == u')')
            --depth;
        const bool boundary = i == 0 || query.at(i - 1).isSpace();
        if (depth == 0 && boundary && query.mid(i, 4).compare(QLatin1String("AND "), Qt::CaseInsensitive) == 0) {
            parts.append(current.trimmed());
            current.clear();
            i += 3;
            continue;
        }
        if (depth == 0 && boundary && query.mid(i, 3).compare(QLatin1String("OR "), Qt::CaseInsensitive) == 0)
            hasOr = true;
        current += c;
    }
    if (!current.trimmed().isEmpty())
        parts.append(current.trimmed());
    return parts;
}

} // namespace

Result<void> WorkflowSearchQuery::apply(const QString &query, SqlWhere &where)
{
    if (query.trimmed().isEmpty() || query.trimmed() == QLatin1String("*"))
        return {};
    bool hasOr = false;
    const QStringList conditions = splitConditions(query, hasOr);
    if (hasOr)
        return queryError(QStringLiteral("OR is not supported; join conditions with AND and use IN (a, b) for alternatives."), query);
    static const QRegularExpression in(QStringLiteral("^([A-Za-z]+)\\s+IN\\s*\\((.*)\\)$"),
                                       QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression cmp(QStringLiteral("^([A-Za-z]+)\\s*(=|!=|<>|>=|<=|>|<)\\s*(.+)$"));
    for (const QString &condition : conditions) {
        QString name, op;
        QStringList values;
        if (const auto m = in.match(condition); m.hasMatch()) {
            name = m.captured(1);
            op = QStringLiteral("IN");
            for (const QString &v : m.captured(2).split(u','))
                values.append(unquote(v));
        } else if (const auto c = cmp.match(condition); c.hasMatch()) {
            name = c.captured(1);
            op = c.captured(2) == QLatin1String("<>") ? QStringLiteral("!=") : c.captured(2);
            values.append(unquote(c.captured(3)));
        } else {
            return queryError(QStringLiteral("cannot read the condition '%1'; write field OP value (OP: = != > < >= <= IN).")
                                  .arg(condition.left(100)),
                              query);
        }
        const auto f = fields().constFind(name.toLower());
        if (f == fields().constEnd())
            return queryError(QStringLiteral("unknown field '%1'; use workflowType, workflowId, status, correlationId, "
                                             "projectId, version, startTime, updateTime or endTime.").arg(name),
                              query);
        QVariantList bound;
        for (const QString &v : values) {
            if (f->numeric) {
                bool ok = false;
                const qlonglong n = v.toLongLong(&ok);
                if (!ok)
                    return queryError(QStringLiteral("'%1' needs a number, got '%2'.").arg(name, v.left(50)), query);
                bound.append(n);
            } else if (f->status) {
                if (!parseWorkflowStatus(v.toUpper()))
                    return queryError(QStringLiteral("unknown status '%1'; use RUNNING, PAUSED, COMPLETED, FAILED, "
                                                     "TIMED_OUT or TERMINATED.").arg(v.left(50)),
                                      query);
                bound.append(v.toUpper());
            } else {
                bound.append(v);
            }
        }
        if (op == QLatin1String("IN")) {
            QStringList marks;
            for (qsizetype i = 0; i < bound.size(); ++i)
                marks.append(QStringLiteral("?"));
            where.add(QStringLiteral("%1 IN (%2)").arg(f->column, marks.join(QStringLiteral(", "))), bound);
        } else {
            where.add(QStringLiteral("%1 %2 ?").arg(f->column, op), bound);
        }
    }
    return {};
}

} // namespace orrery
