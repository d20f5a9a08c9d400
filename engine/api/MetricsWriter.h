#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QSet>
#include <QString>

namespace orrery {

using MetricLabels = QList<QPair<QString, QString>>;

// Writes the Prometheus text exposition format (version 0.0.4): a "# HELP" and "# TYPE" line
// per family, then one line per sample, label values escaped. A family name can be written
// once; a second family() with the same name is refused and its samples are skipped, so a
// collector can never produce a duplicate family.
class MetricsWriter
{
public:
    // type: counter | gauge | histogram | summary | untyped. False if `name` was written already
    // or is not a valid metric name.
    bool family(const QString &name, const QString &type, const QString &help);
    // A sample of the current family; `name` is the family name or, for histograms, the family
    // name + "_bucket" / "_sum" / "_count".
    void sample(const QString &name, const MetricLabels &labels, double value);

    QByteArray text() const { return m_out; }

    static bool isValidName(const QString &name);
    static bool isValidLabelName(const QString &name);
    static QByteArray formatValue(double value);
    static QByteArray escapeLabelValue(const QString &value);
    static QByteArray escapeHelp(const QString &help);

private:
    QByteArray m_out;
    QSet<QString> m_families;
    bool m_skipping = false;
};

} // namespace orrery
