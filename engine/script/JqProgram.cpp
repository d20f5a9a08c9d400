#include "JqProgram.h"

#include <QJsonDocument>
#include <QStringList>

extern "C" {
#include <jq.h>
#include <jv.h>
}

namespace orrery {

namespace {

void collectError(void *data, jv msg)
{
    auto *errors = static_cast<QStringList *>(data);
    if (jv_get_kind(msg) == JV_KIND_STRING) {
        errors->append(QString::fromUtf8(jv_string_value(msg)));
    } else {
        jv text = jv_dump_string(jv_copy(msg), 0);
        errors->append(QString::fromUtf8(jv_string_value(text)));
        jv_free(text);
    }
    jv_free(msg);
}

struct JqState
{
    jq_state *jq = jq_init();
    QStringList errors;
    JqState() { jq_set_error_cb(jq, collectError, &errors); }
    ~JqState() { jq_teardown(&jq); }
    bool compile(const QString &program) { return jq && jq_compile(jq, program.toUtf8().constData()); }
};

QJsonValue fromJv(jv value)
{
    jv text = jv_dump_string(value, 0); // consumes value
    const QByteArray json = QByteArray("[") + jv_string_value(text) + "]";
    jv_free(text);
    return QJsonDocument::fromJson(json).array().at(0);
}

} // namespace

QString JqProgram::compileError(const QString &program)
{
    JqState s;
    if (s.compile(program))
        return {};
    return s.errors.isEmpty() ? QStringLiteral("jq program does not compile") : s.errors.join(QLatin1String("; "));
}

JqProgram::Output JqProgram::run(const QString &program, const QJsonValue &input)
{
    Output out;
    JqState s;
    if (!s.compile(program)) {
        out.error = QStringLiteral("jq: ") + (s.errors.isEmpty() ? QStringLiteral("program does not compile") : s.errors.join(QLatin1String("; ")));
        return out;
    }
    const QByteArray text = QJsonDocument(QJsonArray{input}).toJson(QJsonDocument::Compact);
    jv parsed = jv_parse_sized(text.constData() + 1, int(text.size()) - 2);
    if (!jv_is_valid(parsed)) {
        jv_free(parsed);
        out.error = QStringLiteral("jq: the input cannot be read as JSON");
        return out;
    }
    jq_start(s.jq, parsed, 0); // consumes parsed
    for (;;) {
        jv result = jq_next(s.jq);
        if (!jv_is_valid(result)) {
            if (jv_invalid_has_msg(jv_copy(result))) {
                jv msg = jv_invalid_get_msg(result);
                out.error = QStringLiteral("jq: ") + (jv_get_kind(msg) == JV_KIND_STRING ? QString::fromUtf8(jv_string_value(msg))
                                                                                       : fromJv(jv_copy(msg)).toVariant().toString());
                jv_free(msg);
                return out;
            }
            jv_free(result);
            break;
        }
        out.results.append(fromJv(result));
        if (out.results.size() >= kMaxResults) {
            out.error = QStringLiteral("jq: the program produced more than %1 results").arg(kMaxResults);
            return out;
        }
    }
    out.ok = true;
    return out;
}

} // namespace orrery
