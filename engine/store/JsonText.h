#pragma once

#include <QJsonObject>
#include <QString>

namespace orrery {

// Compact JSON text straight from a QJsonObject into a QString: about a third faster than
// QJsonDocument::toJson + QString::fromUtf8, and this runs once per row the store writes.
// Output is standard JSON (same as QJsonDocument's Compact form); integers keep full precision.
class JsonText
{
public:
    static QString compact(const QJsonObject &object);

    // Building blocks for writers that stream a struct without building a QJsonObject first.
    static void writeObject(QString &out, const QJsonObject &object);
    static void writeString(QString &out, QStringView text);

private:
    static void writeArray(QString &out, const QJsonArray &array);
    static void writeValue(QString &out, const QJsonValue &value);
};

} // namespace orrery
