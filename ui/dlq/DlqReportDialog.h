#pragma once

#include <QDialog>
#include <QJsonObject>
#include <QList>

class QLabel;

namespace orrery {

class DlqResultModel;

// What a replay or purge did, per entry: which ids succeeded, which failed and why (the
// server's message), which were not sent because the operation was cancelled.
class DlqReportDialog : public QDialog
{
    Q_OBJECT

public:
    DlqReportDialog(const QString &title, const QString &summary, const QList<QJsonObject> &results, QWidget *parent = nullptr);

    QString summary() const;
    DlqResultModel *results() const { return m_results; }

private:
    QLabel *m_summary;
    DlqResultModel *m_results;
};

} // namespace orrery
