#pragma once

#include "core/Result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <limits>
#include <optional>

namespace orrery {

// Typed, lenient reading of one JSON object for the definition parsers (TaskDef, WorkflowDef).
// Absent keys and JSON null give std::nullopt (the caller keeps its default); a value of the
// wrong JSON type is recorded as a FieldError naming the field and the expected type.
class FieldReader
{
public:
    FieldReader(const QJsonObject &obj, QString prefix, QList<FieldError> &errors);

    // "a" + "b" -> "a.b"; "" + "b" -> "b"; "a" + "[0]" -> "a[0]".
    static QString join(const QString &prefix, const QString &field);
    QString path(const QString &field) const { return join(m_prefix, field); }
    const QString &prefix() const { return m_prefix; }
    const QJsonObject &object() const { return m_obj; }

    bool has(const QString &key) const; // present and not null
    bool isNull(const QString &key) const; // present with JSON null

    std::optional<QString> string(const QString &key);
    std::optional<qint64> integer(const QString &key,
                                  qint64 min = std::numeric_limits<qint32>::min(),
                                  qint64 max = std::numeric_limits<qint32>::max());
    std::optional<bool> boolean(const QString &key);
    std::optional<QJsonObject> object(const QString &key);
    std::optional<QJsonArray> array(const QString &key);
    std::optional<QStringList> stringList(const QString &key);
    // A string that must be one of `allowed`.
    std::optional<QString> enumeration(const QString &key, const QStringList &allowed);

    void error(const QString &field, const QString &message, const QJsonValue &invalidValue = {});
    QList<FieldError> &errors() { return m_errors; }

private:
    void typeError(const QString &key, const QString &expected);

    QJsonObject m_obj;
    QString m_prefix;
    QList<FieldError> &m_errors;
};

} // namespace orrery
