#pragma once

// Shared by test_ui_dlq and test_ui_dlq_remote: the definitions that put tasks in the DLQ, and
// helpers that drive the DLQ view's confirmation and report.

#include "DlqDetailModels.h"
#include "DlqReportDialog.h"
#include "DlqView.h"

#include <QAbstractButton>
#include <QJsonArray>
#include <QJsonObject>
#include <QMessageBox>
#include <QSignalSpy>
#include <QTest>

namespace orrery::test {

// "shell" and "http" run locally. shell has no retries (one failure dead-letters it); http
// retries twice after 1 s, so its entry shows three attempts.
inline QJsonArray dlqTaskDefs()
{
    return QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("shell")}, {QStringLiteral("retryCount"), 0},
                                  {QStringLiteral("responseTimeoutSeconds"), 60}},
                      QJsonObject{{QStringLiteral("name"), QStringLiteral("http")}, {QStringLiteral("retryCount"), 2},
                                  {QStringLiteral("retryLogic"), QStringLiteral("FIXED")}, {QStringLiteral("retryDelaySeconds"), 1},
                                  {QStringLiteral("responseTimeoutSeconds"), 60}}};
}

// One shell task whose argv comes from the workflow input.
inline QJsonObject shellWorkflowDef()
{
    return QJsonObject{{QStringLiteral("name"), QStringLiteral("dlq_marker")},
                       {QStringLiteral("version"), 1},
                       {QStringLiteral("schemaVersion"), 2},
                       {QStringLiteral("tasks"),
                        QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("shell")},
                                               {QStringLiteral("taskReferenceName"), QStringLiteral("check_marker")},
                                               {QStringLiteral("type"), QStringLiteral("SIMPLE")},
                                               {QStringLiteral("inputParameters"),
                                                QJsonObject{{QStringLiteral("argv"), QStringLiteral("${workflow.input.argv}")}}}}}}};
}

inline QJsonObject httpWorkflowDef()
{
    return QJsonObject{{QStringLiteral("name"), QStringLiteral("order_sync")},
                       {QStringLiteral("version"), 1},
                       {QStringLiteral("schemaVersion"), 2},
                       {QStringLiteral("tasks"),
                        QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("http")},
                                               {QStringLiteral("taskReferenceName"), QStringLiteral("push_order")},
                                               {QStringLiteral("type"), QStringLiteral("SIMPLE")},
                                               {QStringLiteral("inputParameters"),
                                                QJsonObject{{QStringLiteral("url"), QStringLiteral("${workflow.input.url}")},
                                                            {QStringLiteral("connectTimeoutMs"), 2000}}}}}}};
}

// Fails (exit 1, transient) until `marker` exists.
inline QJsonObject markerInput(const QString &marker)
{
    return QJsonObject{{QStringLiteral("argv"), QJsonArray{QStringLiteral("sh"), QStringLiteral("-c"),
                                                           QStringLiteral("test -e '%1' || { echo 'marker %1 missing' >&2; exit 1; }").arg(marker)}}};
}

// Always fails with exit 127 (terminal: command not found).
inline QJsonObject terminalInput()
{
    return QJsonObject{{QStringLiteral("argv"), QJsonArray{QStringLiteral("sh"), QStringLiteral("-c"),
                                                           QStringLiteral("echo 'reconcile: command not found' >&2; exit 127")}}};
}

// Waits for the view's confirmation (triggered by `action`), checks its text and confirms.
inline QString confirmDlq(DlqView *view, const std::function<void()> &action, bool accept = true)
{
    QSignalSpy shown(view, &DlqView::confirmationShown);
    action();
    if (!QTest::qWaitFor([&] { return !shown.isEmpty(); }, 20000))
        return QStringLiteral("<no confirmation; message: %1>").arg(view->errorText());
    auto *box = shown.at(0).at(0).value<QMessageBox *>();
    const QString text = box->text();
    auto *go = box->findChild<QAbstractButton *>(QStringLiteral("dlqConfirmButton"));
    if (accept && go)
        go->click();
    else
        box->button(QMessageBox::Cancel)->click();
    return text;
}

// Waits for the report of the running operation.
inline DlqReportDialog *waitForReport(QSignalSpy &reports, int timeoutMs = 30000)
{
    if (!QTest::qWaitFor([&] { return !reports.isEmpty(); }, timeoutMs))
        return nullptr;
    return reports.takeFirst().at(0).value<DlqReportDialog *>();
}

} // namespace orrery::test
