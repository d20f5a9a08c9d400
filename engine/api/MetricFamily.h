#pragma once

#include "MetricsWriter.h"

#include <QMutex>
#include <QString>
#include <QStringList>

namespace orrery {

// The common part of a metric family (a name, a help text, fixed label names) held by
// MetricsRegistry. Every family is thread-safe: record from any thread.
class MetricFamily
{
public:
    MetricFamily(QString name, QString help, QStringList labelNames);
    virtual ~MetricFamily() = default;

    const QString &name() const { return m_name; }
    const QStringList &labelNames() const { return m_labelNames; }
    virtual QString type() const = 0;
    // Appends the family to `writer` (HELP, TYPE and every series).
    void write(MetricsWriter &writer) const;

protected:
    // False (with a warning) when the number of label values does not match the label names.
    bool checkLabels(const QStringList &values) const;
    MetricLabels labels(const QStringList &values) const;
    virtual void writeSeries(MetricsWriter &writer) const = 0;

    mutable QMutex m_mutex;

private:
    QString m_name;
    QString m_help;
    QStringList m_labelNames;
};

} // namespace orrery
