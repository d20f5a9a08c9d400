#pragma once

#include <QtGlobal>

namespace orrery::test {

// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, then released).
// Another process may take it in between; servers started on it should retry on failure.
class FreePort
{
public:
    static quint16 find();
};

} // namespace orrery::test
