#pragma once

#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace orrery {

// Typed access to a task's input with messages that name the field ("input.argv[1] must be a
// string"). Only the first problem is kept. A JSON null counts as absent.
class InputReader
{
public:
    explicit InputReader(const QJsonObject &input);

    bool ok() const { return m_error.isEmpty(); }
    const QString &error() const { return m_error; }
    void fail(const QString &message);

    bool has(const QString &key) const;
    QJsonValue value(const QString &key) const;

    QString string(const QString &key, const QString &fallback = {}, bool required = false);
    // An array of strings; `required` also means non-empty.
    QStringList stringArray(const QString &key, bool required);
    // An object whose values are all strings, in key order.
    QList<QPair<QString, QString>> stringMap(const QString &key);
    qint64 integer(const QString &key, qint64 fallback, qint64 min, qint64 max);
    double number(const QString &key, double fallback, double min, double max);
    bool boolean(const QString &key, bool fallback);

private:
    static QString path(const QString &key) { return QStringLiteral("input.") + key; }
    static QString typeName(const QJsonValue &v);

    const QJsonObject &m_input;
    QString m_error;
};

} // namespace orrery
