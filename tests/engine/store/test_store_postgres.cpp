#include "StoreSuite.h"

#include <QCoreApplication>
#include <QTest>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    StoreSuite suite(StoreSuite::Backend::Postgres);
    return QTest::qExec(&suite, argc, argv);
}
