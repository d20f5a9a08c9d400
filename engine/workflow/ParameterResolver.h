#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

namespace orrery {

// Conductor input expressions (spec §8.6), as ParametersUtils resolves them.
// The context object is {"workflow": {input, output, status, workflowId, …}, "<ref>": {input,
// output, status, …}, …}; paths are JSONPath evaluated against it ("$." optional).
//
// * Any string at any depth of `templ` may hold `${path}` placeholders.
// * A string that is exactly one placeholder keeps the JSON type of the value (object, array,
//   number, boolean, null); placeholders inside a longer string are turned into text (null ->
//   "null", integral numbers without ".0", objects/arrays as compact JSON).
// * Placeholders inside a path are resolved first: `${workflow.input.${workflow.input.key}}`.
// * `$${x}` is the literal text `${x}`; `${}` (or blanks) gives "".
// * `${CPEWF_TASK_ID}` is `currentTaskId` (left as written when no task id is given).
// * `${workflow.secrets.X}` is left as written (resolved later, if ever).
// * A missing path, or an invalid one, gives null.
class ParameterResolver
{
public:
    static QJsonValue resolve(const QJsonValue &templ, const QJsonObject &context,
                              const QString &currentTaskId = {});

    // A task's input: `inputTemplate` (the TaskDef's) fills keys `inputParameters` does not set,
    // everything is resolved, and a key that resolves to null falls back to its template value.
    static QJsonObject resolveInput(const QJsonObject &inputParameters, const QJsonObject &inputTemplate,
                                    const QJsonObject &context, const QString &taskId);

    // The `x` of every `${x.…}` with x != workflow and x not a system parameter (for validation).
    static QStringList referencedTaskRefs(const QJsonValue &templ);

    // How a value is written when embedded in a longer string.
    static QString toText(const QJsonValue &value);

private:
    static QJsonValue resolveString(const QString &s, const QJsonValue &context, const QString &taskId, int depth);
};

} // namespace orrery
