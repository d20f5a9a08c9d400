#pragma once

#include <QWidget>

class QTimer;

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTableView;

namespace orrery {

class EngineClient;
class ExecutionActions;
class JsonRowModel;
class RowFilterProxy;
class TaskTableModel;

// A virtualized table of workflows or tasks with combinable filters (status, type, text) and a
// search by id, plus the detail of the selected row: input and output JSON and the attempts
// (for a workflow: its tasks; for a task: every attempt of its reference), fetched from the
// EngineClient. "Copy as curl" copies the detail request.
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
    ExecutionActions *actions() const { return m_actions; }
    // The last action's outcome, as shown above the detail.
    QString actionMessage() const;
    // The selected task's logs (Tasks view), refreshed every 2 s while the task is not finished.
    QString detailLogs() const;

Q_SIGNALS:
    void detailLoaded(const QString &id);

private:
    void applyFilters();
    void updateShown();
    void loadDetail(const QString &id);
    // Adds the types of rows first..last to the type filter.
    void refreshTypes(int first, int last);
    void refreshLogs();
    void applyTimeFilter();

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
    QLabel *m_detailTitle;
    QPlainTextEdit *m_input;
    QPlainTextEdit *m_output;
    TaskTableModel *m_attempts;
    QString m_currentId;
    QPlainTextEdit *m_logs = nullptr;
    QLabel *m_actionMessage;
    ExecutionActions *m_actions;
    QTimer *m_liveTimer;
};

} // namespace orrery
