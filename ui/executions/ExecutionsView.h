#pragma once

#include <QWidget>

class QTimer;

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace orrery {

class BulkWorkflowActions;
class EngineClient;
class ExecutionActions;
class ExecutionDetailPane;
class WorkflowControlActions;
class JsonRowModel;
class RowFilterProxy;

// A virtualized table of workflows or tasks with combinable filters (status, type, project,
// updated since, text) and a search by id, above the ExecutionDetailPane of the selected row
// (its JSON, attempts, logs and the operator actions). In the Workflows view several rows can
// be selected for the bulk actions (pause, resume, retry, terminate the selected workflows).
class ExecutionsView : public QWidget
{
    Q_OBJECT

public:
    enum class Kind { Workflows, Tasks };

    ExecutionsView(Kind kind, JsonRowModel *model, EngineClient *client, QWidget *parent = nullptr);

    void setClient(EngineClient *client);
    RowFilterProxy *proxy() const { return m_proxy; }
    QTableView *table() const { return m_table; }
    // Selects the row with this id (if loaded) and shows its detail.
    bool showId(const QString &id);
    QString detailInput() const;
    QString detailOutput() const;
    JsonRowModel *attempts() const;
    ExecutionActions *actions() const;
    WorkflowControlActions *controlActions() const;
    BulkWorkflowActions *bulkActions() const { return m_bulk; } // nullptr in the Tasks view
    ExecutionDetailPane *detail() const { return m_detail; }
    // The last action's outcome, as shown above the detail.
    QString actionMessage() const;
    // The selected task's logs (Tasks view), refreshed every 2 s while the task is not finished.
    QString detailLogs() const;

Q_SIGNALS:
    void detailLoaded(const QString &id);

private:
    void applyFilters();
    void updateShown();
    // Adds the types of rows first..last to the type filter.
    void refreshTypes(int first, int last);
    void applyTimeFilter();
    void updateBulkSelection();

    Kind m_kind;
    JsonRowModel *m_model;
    EngineClient *m_client;
    RowFilterProxy *m_proxy;
    QComboBox *m_status;
    QComboBox *m_type;
    QComboBox *m_project;
    QComboBox *m_time;
    QLineEdit *m_text;
    QLineEdit *m_id;
    QLabel *m_shown;
    QTableView *m_table;
    ExecutionDetailPane *m_detail;
    BulkWorkflowActions *m_bulk = nullptr;
};

} // namespace orrery
