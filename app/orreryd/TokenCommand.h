#pragma once

#include <QStringList>
#include <QTextStream>

namespace orrery {

// `orreryd token ...`: manages API tokens directly in the store (the server need not run; a
// running orreryd picks the change up within its token reload interval, 5 s by default):
//   token create --name NAME --role viewer|operator|admin [--project ID]...   prints the secret once
//   token list [--all] [--json]                                              revoked ones with --all
//   token revoke TOKEN_ID
// The store is the one orreryd would use (--data-dir / --db / ORRERY_* / --config). Every create
// and revoke is written to the audit log as method CLI, actor cli:<user>.
// args are the words after the program name, starting with "token". Returns the exit code:
// 0 success, 1 failure (store, unknown token, last admin token), 2 usage error.
class TokenCommand
{
public:
    static int run(const QStringList &args, QTextStream &out, QTextStream &err);
    static QString usage();
};

} // namespace orrery
