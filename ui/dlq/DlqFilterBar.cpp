#include "DlqFilterBar.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLineEdit>
#include <QTimer>

namespace orrery {

DlqFilterBar::DlqFilterBar(QWidget *parent)
    : QWidget(parent)
    , m_reason(new QComboBox(this))
    , m_type(new QComboBox(this))
    , m_status(new QComboBox(this))
    , m_text(new QLineEdit(this))
    , m_textTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("dlqFilters"));
    m_reason->setObjectName(QStringLiteral("dlqReasonFilter"));
    m_type->setObjectName(QStringLiteral("dlqTypeFilter"));
    m_status->setObjectName(QStringLiteral("dlqStatusFilter"));
    m_text->setObjectName(QStringLiteral("dlqTextFilter"));
    m_reason->addItem(tr("All reasons"));
    for (const char *r : {"RETRIES_EXHAUSTED", "TERMINAL", "TIMED_OUT", "DEADLINE_EXCEEDED", "CANCELED"})
        m_reason->addItem(QLatin1String(r), QLatin1String(r));
    m_type->addItem(tr("All task types"));
    for (const char *s : {"DEAD", "REPLAYING", "REPLAYED"})
        m_status->addItem(QLatin1String(s), QLatin1String(s));
    m_status->addItem(tr("All statuses"), QStringLiteral("ALL"));
    m_text->setPlaceholderText(tr("Text in ids, message and errors…"));
    m_text->setClearButtonEnabled(true);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_reason);
    layout->addWidget(m_type);
    layout->addWidget(m_status);
    layout->addWidget(m_text, 1);

    m_textTimer->setSingleShot(true);
    m_textTimer->setInterval(300);
    connect(m_textTimer, &QTimer::timeout, this, &DlqFilterBar::changed);
    connect(m_text, &QLineEdit::textChanged, m_textTimer, qOverload<>(&QTimer::start));
    for (QComboBox *c : {m_reason, m_type, m_status})
        connect(c, &QComboBox::activated, this, &DlqFilterBar::changed);
}

QJsonObject DlqFilterBar::filterJson() const
{
    QJsonObject f;
    if (const QString r = m_reason->currentData().toString(); !r.isEmpty())
        f.insert(QStringLiteral("reason"), QJsonArray{r});
    if (const QString t = m_type->currentData().toString(); !t.isEmpty())
        f.insert(QStringLiteral("taskType"), QJsonArray{t});
    f.insert(QStringLiteral("status"), QJsonArray{m_status->currentData().toString()});
    if (const QString text = m_text->text().trimmed(); !text.isEmpty())
        f.insert(QStringLiteral("text"), text);
    return f;
}

QUrlQuery DlqFilterBar::listQuery(int size) const
{
    QUrlQuery q;
    const QJsonObject f = filterJson();
    for (auto it = f.begin(); it != f.end(); ++it)
        q.addQueryItem(it.key(), it->isArray() ? it->toArray().first().toString() : it->toString());
    q.addQueryItem(QStringLiteral("size"), QString::number(size));
    return q;
}

QString DlqFilterBar::describe() const
{
    QStringList parts;
    const QJsonObject f = filterJson();
    for (auto it = f.begin(); it != f.end(); ++it)
        parts << QStringLiteral("%1 = %2").arg(it.key(), it->isArray() ? it->toArray().first().toString() : it->toString());
    return parts.join(QStringLiteral(", "));
}

void DlqFilterBar::addTaskTypes(const QStringList &types)
{
    for (const QString &t : types) {
        if (t.isEmpty() || m_type->findData(t) >= 0)
            continue;
        int at = 1;
        while (at < m_type->count() && m_type->itemText(at) < t)
            ++at;
        m_type->insertItem(at, t, t);
    }
}

} // namespace orrery
