#pragma once

#include <QJsonValue>
#include <QString>
#include <memory>

namespace orrery {

struct JsonPathFilterNode;

// The predicate of a JSONPath filter step: [?( <expression> )].
// Grammar: or := and ('||' and)*; and := unary ('&&' unary)*; unary := '!' unary | '(' or ')' | cmp;
// cmp := operand [op operand]; operand := @path | $path | 'text' | "text" | number | true | false
// | null | [literal, ...] | /regex/flags; op := == != < <= > >= =~ in nin contains size empty
// subsetof anyof noneof. An operand without an operator is an existence test.
// Missing paths never match a comparison (but do satisfy != and nin), like Jayway JsonPath.
class JsonPathFilter
{
public:
    // s[pos] must be '('; parses up to and including the matching ')' and advances pos.
    static std::shared_ptr<const JsonPathFilter> parse(const QString &s, int &pos, QString *error);

    // `current` is what '@' means, `root` what '$' means.
    bool matches(const QJsonValue &current, const QJsonValue &root) const;

private:
    std::shared_ptr<const JsonPathFilterNode> m_root;
};

} // namespace orrery
