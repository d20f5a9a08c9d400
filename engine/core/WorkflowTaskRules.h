#pragma once

#include "core/WorkflowDef.h"

namespace orrery {

class FieldReader;

// The per-type rules Conductor checks when a WorkflowDef is registered (spec §3, after
// WorkflowTaskTypeConstraint): SWITCH, DECISION, DO_WHILE, SUB_WORKFLOW, FORK_JOIN,
// FORK_JOIN_DYNAMIC, DYNAMIC, WAIT, EVENT, HTTP, KAFKA_PUBLISH, JSON_JQ_TRANSFORM, TERMINATE.
// JavaScript expressions are not syntax-checked here (core has no script engine).
class WorkflowTaskRules
{
public:
    // `r` reads the task's JSON object; problems are added through it.
    static void check(FieldReader &r, const WorkflowTask &t, const TaskTemplateLookup &taskTemplates);

    // WAIT inputs: "<n> days|d <n> hours|hrs|h <n> minutes|mins|m <n> seconds|secs|s", any subset.
    static bool isValidDuration(const QString &text);
    // WAIT inputs: "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm z" or "yyyy-MM-dd".
    static bool isValidUntil(const QString &text);

private:
    static void checkCases(FieldReader &r, const WorkflowTask &t);
    static void checkLoop(FieldReader &r, const WorkflowTask &t);
    static void checkSubWorkflow(FieldReader &r, const WorkflowTask &t, const TaskTemplateLookup &taskTemplates);
    static void checkDynamicFork(FieldReader &r, const WorkflowTask &t);
    static void checkWait(FieldReader &r, const WorkflowTask &t);
    static void checkRequest(FieldReader &r, const WorkflowTask &t, const QString &key,
                             const TaskTemplateLookup &taskTemplates);
    static void checkTerminate(FieldReader &r, const WorkflowTask &t);
    static void required(FieldReader &r, const QString &field, const WorkflowTask &t);
};

} // namespace orrery
