#include "DlqReportDialog.h"

#include "ConsoleWidgets.h"
#include "DlqDetailModels.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace orrery {

DlqReportDialog::DlqReportDialog(const QString &title, const QString &summary, const QList<QJsonObject> &results, QWidget *parent)
    : QDialog(parent)
    , m_summary(new QLabel(summary, this))
    , m_results(new DlqResultModel(this))
{
    setObjectName(QStringLiteral("dlqReport"));
    setWindowTitle(title);
    m_summary->setObjectName(QStringLiteral("dlqReportSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_results->applyRows(results, true);

    auto *table = new QTableView(this);
    table->setObjectName(QStringLiteral("dlqReportTable"));
    table->setModel(m_results);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setAlternatingRowColors(true);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->horizontalHeader()->setDefaultSectionSize(220);
    table->setVisible(!results.isEmpty());

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *copy = buttons->addButton(tr("Copy report"), QDialogButtonBox::ActionRole);
    connect(copy, &QPushButton::clicked, this, [this] {
        QStringList lines{m_summary->text()};
        for (int r = 0; r < m_results->rowCount(); ++r) {
            const QJsonObject o = m_results->rowObject(r);
            lines << QStringList{o.value(QStringLiteral("id")).toString(), o.value(QStringLiteral("status")).toString(),
                                 o.value(QStringLiteral("detail")).toString()}
                         .join(QLatin1Char('\t'));
        }
        ConsoleWidgets::copy(lines.join(QLatin1Char('\n')));
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(table, 1);
    layout->addWidget(buttons);
    resize(760, results.isEmpty() ? 160 : 420);
}

QString DlqReportDialog::summary() const
{
    return m_summary->text();
}

} // namespace orrery
