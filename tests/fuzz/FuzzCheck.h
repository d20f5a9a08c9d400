#pragma once

// Shared by the fuzz targets of tests/fuzz: a property that must hold for every input. A broken
// one prints what was expected and aborts, which libFuzzer (and the gcc replay driver in CTest)
// reports as a crash with the input that caused it.

#include <QByteArray>
#include <QString>
#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond, what)                                                                     \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            std::fprintf(stderr, "FUZZ_CHECK failed at %s:%d: %s\n  %s\n", __FILE__, __LINE__,     \
                         #cond, QString(what).toLocal8Bit().constData());                          \
            std::abort();                                                                          \
        }                                                                                          \
    } while (0)

namespace orrery::fuzz {

// The input as text: libFuzzer bytes are arbitrary, Qt decodes invalid UTF-8 to U+FFFD.
inline QString text(const uint8_t *data, size_t size)
{
    return QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
}

inline QByteArray bytes(const uint8_t *data, size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

} // namespace orrery::fuzz
