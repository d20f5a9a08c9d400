#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace orrery::test {

class OrrerydProcess;

// Scope escapes: a token limited to project A calls every route of GET /api/openapi.json
// (read from the server, so a new route is covered without editing this) aimed at project B,
// through the query (project=, projectId=), the path (B's workflow and task ids) and the body
// (projectId, B's workflow id). Records every answer; a route that answers 2xx must not show any
// of B's ids.
class ScopeProbe
{
public:
    struct Target
    {
        QByteArray scopedToken;   // limited to project A
        QByteArray adminToken;    // reads the OpenAPI document
        QString otherWorkflowId;  // a RUNNING workflow of project B
        QString otherTaskId;      // a task of it
        QString workflowName;     // its definition's name
        QString otherProject;     // "B"
    };
    struct Attempt
    {
        QByteArray method;
        QString pattern;
        QByteArray target;
        int status = 0;
        bool aimsAtOther = false; // B's id in the path, or a project parameter
        bool leaked = false;      // a 2xx answer that shows B's ids
    };
    struct Figures
    {
        QList<Attempt> attempts;
        int routes = 0;
        int refused403 = 0;
        int other4xx = 0;
        int ok2xx = 0;
        int serverErrors = 0;
        QString error;
        QList<Attempt> leaks() const;
        // Attempts aimed at B that were not refused (anything but 4xx).
        QList<Attempt> escapes() const;
    };

    // On `server` (admin token): a workflow that stays RUNNING (one WAIT task) in project "alpha"
    // and one in "beta", and an operator token limited to alpha. Fills `target` (aimed at beta)
    // and `alphaWorkflowId`; false with a reason.
    static bool prepare(OrrerydProcess &server, Target *target, QString *alphaWorkflowId, QString *error);
    static Figures run(quint16 port, const Target &target);
};

} // namespace orrery::test
