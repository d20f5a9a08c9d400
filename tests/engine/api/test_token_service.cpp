// TokenService over a real SQLite store: token format, hashing at rest, roles, revocation,
// reload after restart, and the first-start admin token file (0600, exclusive, no symlinks).
#include "api/TokenService.h"

#include "core/Clock.h"
#include "store/Store.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace orrery;

class TestTokenService : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    ManualClock m_clock;

    std::unique_ptr<Store> openStore(const QString &name)
    {
        auto s = Store::open(StoreConfig{m_dir.filePath(name)});
        if (!s.ok())
            qWarning("%s", qPrintable(s.error().message));
        return s.ok() ? std::move(s).value() : nullptr;
    }

    static QByteArray readFile(const QString &path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

private slots:
    void tokensHaveTheDocumentedFormat()
    {
        auto store = openStore(QStringLiteral("format.db"));
        QVERIFY(store);
        TokenService tokens(store.get(), &m_clock);
        QVERIFY(tokens.load().ok());
        auto issued = tokens.create(QStringLiteral("ci"), Role::Operator);
        QVERIFY(issued.ok());
        static const QRegularExpression format(QStringLiteral("^orr_[A-Za-z0-9_-]{43}$"));
        QVERIFY2(format.match(issued->secret).hasMatch(), qPrintable(issued->secret));
        QVERIFY(issued->record.id.startsWith(QStringLiteral("tok_")));
        QCOMPARE(issued->record.role, QStringLiteral("operator"));
        QCOMPARE(issued->record.createdMs, m_clock.nowMs());
        auto second = tokens.create(QStringLiteral("ci2"), Role::Operator);
        QVERIFY(second.ok());
        QVERIFY(second->secret != issued->secret);
        QVERIFY(second->record.id != issued->record.id);
        QVERIFY(!tokens.create(QStringLiteral("  "), Role::Viewer).ok());
        store->close();
    }

    void randomnessIsInjectable()
    {
        auto store = openStore(QStringLiteral("seeded.db"));
        QVERIFY(store);
        QRandomGenerator a(7), b(7);
        TokenService one(store.get(), &m_clock, &a);
        TokenService two(store.get(), &m_clock, &b);
        QCOMPARE(one.create(QStringLiteral("x"), Role::Viewer)->secret, two.create(QStringLiteral("y"), Role::Viewer)->secret);
        store->close();
    }

    void onlyTheHashIsStoredAndItSurvivesARestart()
    {
        const QString db = QStringLiteral("restart.db");
        QString secret;
        QString id;
        {
            auto store = openStore(db);
            QVERIFY(store);
            TokenService tokens(store.get(), &m_clock);
            QVERIFY(tokens.load().ok());
            auto issued = tokens.create(QStringLiteral("dashboard"), Role::Viewer, {QStringLiteral("p1")});
            QVERIFY(issued.ok());
            secret = issued->secret;
            id = issued->record.id;
            store->close();
        }
        auto store = openStore(db);
        QVERIFY(store);
        auto stored = store->loadTokens();
        QVERIFY(stored.ok());
        QCOMPARE(stored->size(), 1);
        const TokenRecord rec = stored->first();
        QCOMPARE(rec.hash, QCryptographicHash::hash(secret.toLatin1(), QCryptographicHash::Sha256));
        QVERIFY(rec.name != secret && rec.id != secret);
        // The database file does not contain the secret anywhere.
        store->close();
        QVERIFY(!readFile(m_dir.filePath(db)).contains(secret.toLatin1()));

        store = openStore(db);
        TokenService tokens(store.get(), &m_clock);
        QVERIFY(tokens.load().ok());
        auto who = tokens.authenticate(secret.toLatin1());
        QVERIFY(who.has_value());
        QCOMPARE(who->tokenId, id);
        QCOMPARE(who->name, QStringLiteral("dashboard"));
        QCOMPARE(who->role, Role::Viewer);
        QCOMPARE(who->projects, QStringList{QStringLiteral("p1")});
        QVERIFY(!tokens.authenticate(secret.toLatin1() + "x").has_value());
        QVERIFY(!tokens.authenticate(secret.toLatin1().chopped(1)).has_value());
        QVERIFY(!tokens.authenticate(QByteArray()).has_value());
        store->close();
    }

    void revokedTokensAreRefused()
    {
        const QString db = QStringLiteral("revoke.db");
        auto store = openStore(db);
        QVERIFY(store);
        TokenService tokens(store.get(), &m_clock);
        QVERIFY(tokens.load().ok());
        auto issued = tokens.create(QStringLiteral("old"), Role::Admin);
        QVERIFY(issued.ok());
        TokenRecord revoked = issued->record;
        revoked.revoked = true;
        store->saveToken(revoked);
        QVERIFY(store->flush().ok());
        TokenService reloaded(store.get(), &m_clock);
        QVERIFY(reloaded.load().ok());
        QVERIFY(!reloaded.authenticate(issued->secret.toLatin1()).has_value());
        QVERIFY(!reloaded.hasUsableToken());
        store->close();
    }

    void firstStartWritesAnAdminTokenFile()
    {
        const QString dataDir = m_dir.filePath(QStringLiteral("data1"));
        auto store = openStore(QStringLiteral("bootstrap.db"));
        QVERIFY(store);
        TokenService tokens(store.get(), &m_clock);
        QVERIFY(tokens.load().ok());
        auto path = tokens.ensureAdminToken(dataDir);
        QVERIFY2(path.ok(), path.ok() ? "" : qPrintable(path.error().message));
        QCOMPARE(*path, QDir(dataDir).filePath(QStringLiteral("admin-token")));
        struct stat st;
        QCOMPARE(::stat(QFile::encodeName(*path).constData(), &st), 0);
        QCOMPARE(int(st.st_mode & 0777), 0600);
        const QByteArray secret = readFile(*path).trimmed();
        auto who = tokens.authenticate(secret);
        QVERIFY(who.has_value());
        QCOMPARE(who->role, Role::Admin);

        // Tokens exist now: a second start creates nothing and leaves the file alone.
        auto again = tokens.ensureAdminToken(dataDir);
        QVERIFY(again.ok());
        QVERIFY(again->isEmpty());
        QCOMPARE(readFile(*path).trimmed(), secret);
        QCOMPARE(tokens.tokens().size(), 1);
        store->close();
    }

    void staleFileAndSymlinkAreReplacedNotFollowed()
    {
        const QString dataDir = m_dir.filePath(QStringLiteral("data2"));
        QVERIFY(QDir().mkpath(dataDir));
        const QString target = m_dir.filePath(QStringLiteral("victim.txt"));
        {
            QFile victim(target);
            QVERIFY(victim.open(QIODevice::WriteOnly));
            victim.write("do not touch");
        }
        const QString path = QDir(dataDir).filePath(QStringLiteral("admin-token"));
        QVERIFY(QFile::link(target, path));

        auto store = openStore(QStringLiteral("symlink.db"));
        QVERIFY(store);
        TokenService tokens(store.get(), &m_clock);
        QVERIFY(tokens.load().ok());
        auto created = tokens.ensureAdminToken(dataDir);
        QVERIFY(created.ok());
        QVERIFY(!QFileInfo(path).isSymLink());
        QCOMPARE(readFile(target), QByteArray("do not touch"));
        QVERIFY(tokens.authenticate(readFile(path).trimmed()).has_value());
        store->close();
    }

    void constantTimeEqualsCompares()
    {
        QVERIFY(TokenService::constantTimeEquals("abc", "abc"));
        QVERIFY(!TokenService::constantTimeEquals("abc", "abd"));
        QVERIFY(!TokenService::constantTimeEquals("abc", "ab"));
        QVERIFY(TokenService::constantTimeEquals(QByteArray(), QByteArray()));
    }
};

QTEST_GUILESS_MAIN(TestTokenService)
#include "test_token_service.moc"
