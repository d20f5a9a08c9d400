// Replay driver for the fuzz targets when they are built without libFuzzer (the normal gcc
// build): runs LLVMFuzzerTestOneInput once over every file given, or every file under every
// directory given, so CTest checks that the targets compile and that the seed corpora (crash
// inputs included) still pass. The real fuzzing is scripts/fuzz.sh with clang.
//   fuzz_<target> <file-or-directory>...
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QStringList>

#include <cstdint>
#include <cstdio>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

int main(int argc, char **argv)
{
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s <corpus file or directory>...\n", argv[0]);
        return 2;
    }
    QStringList files;
    for (int i = 1; i < argc; ++i) {
        const QString arg = QString::fromLocal8Bit(argv[i]);
        const QFileInfo info(arg);
        if (info.isDir()) {
            QDirIterator it(arg, QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext())
                files.append(it.next());
        } else if (info.isFile()) {
            files.append(arg);
        } else {
            std::fprintf(stderr, "%s: no such file or directory\n", argv[i]);
            return 2;
        }
    }
    if (files.isEmpty()) {
        std::fprintf(stderr, "no corpus files found\n");
        return 2;
    }
    files.sort();
    qint64 bytes = 0;
    for (const QString &path : files) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "%s: %s\n", qPrintable(path), qPrintable(f.errorString()));
            return 2;
        }
        const QByteArray data = f.readAll();
        bytes += data.size();
        LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(data.constData()), size_t(data.size()));
    }
    std::printf("replayed %lld inputs (%lld bytes) through %s\n", qlonglong(files.size()), qlonglong(bytes),
                qPrintable(QFileInfo(QString::fromLocal8Bit(argv[0])).fileName()));
    return 0;
}
