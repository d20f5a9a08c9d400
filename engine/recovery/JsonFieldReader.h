#pragma once

#include "core/Result.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace orrery {

// Reads typed fields out of one JSON object the way Conductor's Jackson mapper does:
// absent or null fields keep their default, unknown fields are ignored, integers may arrive
// as integral JSON numbers or numeric strings. Every bad value becomes a FieldError whose
// path is "<prefix>.<key>", and the default is returned in its place so that parsing can
// go on and report every problem at once.
class JsonFieldReader
{
public:
    JsonFieldReader(const QJsonObject &object, const QString &pathPrefix);

    // True when the key is present and not null.
    bool has(const QString &key) const;
    QJsonValue value(const QString &key) const { return m_object.value(key); }
    QString path(const QString &key) const { return joinPath(m_prefix, key); }

    // An integer in [min, max]. `hint` is appended to range errors (why the limit exists).
    qint64 integer(const QString &key, qint64 fallback, qint64 min, qint64 max,
                   const QString &hint = QString());

    // One of `allowed`, matched case-insensitively; returns the spelling from `allowed`.
    QString enumeration(const QString &key, const QString &fallback, const QStringList &allowed);

    void addError(const QString &key, const QString &message);
    const QList<FieldError> &errors() const { return m_errors; }

    static QString joinPath(const QString &prefix, const QString &key);

private:
    QJsonObject m_object;
    QString m_prefix;
    QList<FieldError> m_errors;
};

} // namespace orrery
