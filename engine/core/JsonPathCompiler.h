#pragma once

#include "core/JsonPath.h"

namespace orrery {

// Turns the text of a JSONPath (after its '$' or '@') into steps; see JsonPath for the syntax.
class JsonPathCompiler
{
public:
    // Parses from s[pos]; advances pos. When `embedded` (a path inside a filter expression) it
    // stops at the first character that cannot continue a path, otherwise any such character is
    // an error. Returns false (with a message in *error) for a malformed path.
    static bool parse(const QString &s, int &pos, bool embedded, std::vector<JsonPathStep> &steps,
                      QString *error);

private:
    JsonPathCompiler(const QString &s, int &pos, bool embedded, QString *error);
    bool parseSteps();
    bool parseBracket(bool deepScan);
    bool parseDotted(bool deepScan);
    void skipBlanks();
    bool fail(const QString &message);

    const QString &m_s;
    int &m_pos;
    bool m_embedded;
    QString *m_error;
    std::vector<JsonPathStep> m_steps;
};

} // namespace orrery
