// The dashboard's routes: / and /ui/{file} from the resource compiled into the binary, their
// security and caching headers, conditional requests, unknown files, HEAD and other methods.
#include "FixedTokens.h"
#include "RawHttpClient.h"

#include "api/ApiRouter.h"
#include "api/HttpServerHost.h"
#include "api/HttpSettings.h"
#include "api/web/WebAssets.h"
#include "api/web/WebRoutes.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace orrery;
using namespace orrery::test;

class TestWebRoutes : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_assets = std::make_shared<const WebAssets>();
        QVERIFY2(m_assets->page(), "index.html is in the embedded resource");
        const QString html = QString::fromUtf8(m_assets->page()->body);
        const auto js = QRegularExpression(QStringLiteral("src=\"/ui/(app-[A-Za-z0-9]+\\.js)\"")).match(html);
        const auto css = QRegularExpression(QStringLiteral("href=\"/ui/(app-[A-Za-z0-9]+\\.css)\"")).match(html);
        QVERIFY2(js.hasMatch() && css.hasMatch(), qPrintable(html));
        m_js = js.captured(1);
        m_css = css.captured(1);
        QVERIFY(m_assets->asset(m_js));
        QVERIFY(m_assets->asset(m_css));
        HttpSettings settings;
        settings.instance = QStringLiteral("test-instance");
        m_host = std::make_unique<HttpServerHost>(settings, &m_tokens,
                                                  [this](ApiRouter &r) { WebRoutes::registerRoutes(r, m_assets); });
        auto port = m_host->start(QHostAddress::LocalHost, 0);
        QVERIFY2(port.ok(), port.ok() ? "" : qPrintable(port.error().message));
        m_port = *port;
    }

    void cleanupTestCase() { m_host.reset(); }

    void pageHasNoInlineScriptOrStyle()
    {
        const QString html = QString::fromUtf8(m_assets->page()->body);
        QVERIFY(!html.contains(QRegularExpression(QStringLiteral("<script(?![^>]*\\bsrc=)"))));
        QVERIFY(!html.contains(QStringLiteral("<style")));
        QVERIFY(!html.contains(QStringLiteral("style=")));
        QVERIFY(!html.contains(QRegularExpression(QStringLiteral("\\son[a-z]+="))));
        QVERIFY(!html.contains(QStringLiteral("http://")) && !html.contains(QStringLiteral("https://")));
    }

    void servesThePageWithSecurityHeaders()
    {
        RawHttpClient c(m_port);
        const RawResponse r = c.request("GET", "/");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("content-type"), QByteArray("text/html; charset=utf-8"));
        QCOMPARE(r.header("cache-control"), QByteArray("no-cache"));
        QVERIFY(!r.header("etag").isEmpty());
        checkSecurityHeaders(r);
        QCOMPARE(r.body, m_assets->page()->body);
    }

    void servesHashedAssetsImmutable()
    {
        RawHttpClient c(m_port);
        const RawResponse js = c.request("GET", "/ui/" + m_js.toUtf8());
        QCOMPARE(js.status, 200);
        QCOMPARE(js.header("content-type"), QByteArray("text/javascript; charset=utf-8"));
        QCOMPARE(js.header("cache-control"), QByteArray("public, max-age=31536000, immutable"));
        checkSecurityHeaders(js);
        QVERIFY(js.body.size() > 1000);
        const RawResponse css = c.request("GET", "/ui/" + m_css.toUtf8());
        QCOMPARE(css.status, 200);
        QCOMPARE(css.header("content-type"), QByteArray("text/css; charset=utf-8"));
    }

    void answersIfNoneMatchWith304()
    {
        RawHttpClient c(m_port);
        const QByteArray etag = c.request("GET", "/").header("etag");
        const RawResponse same = c.request("GET", "/", {}, {{"If-None-Match", etag}});
        QCOMPARE(same.status, 304);
        QVERIFY(same.body.isEmpty());
        QCOMPARE(same.header("etag"), etag);
        checkSecurityHeaders(same);
        const RawResponse other = c.request("GET", "/", {}, {{"If-None-Match", "\"something-else\""}});
        QCOMPARE(other.status, 200);
    }

    void unknownFilesAre404WithHeaders()
    {
        RawHttpClient c(m_port);
        for (const QByteArray &path : {QByteArray("/ui/nope.js"), QByteArray("/ui/index.html"), QByteArray("/ui/..%2Fsecret"),
                                      QByteArray("/ui/.hidden")}) {
            const RawResponse r = c.request("GET", path);
            QVERIFY2(r.status == 404 || r.status == 400, path.constData());
            QCOMPARE(r.header("x-content-type-options"), QByteArray("nosniff"));
        }
        const RawResponse nested = c.request("GET", "/ui/a/b.js");
        QCOMPARE(nested.status, 404);
    }

    void headAndOtherMethods()
    {
        RawHttpClient c(m_port);
        QVERIFY(c.connectToServer());
        c.send(RawHttpClient::build("HEAD", "/"));
        const auto head = c.readResponse(10000, true);
        QVERIFY(head);
        QCOMPARE(head->status, 200);
        QVERIFY(head->body.isEmpty());
        QCOMPARE(head->header("content-length").toInt(), m_assets->page()->body.size());
        RawHttpClient c2(m_port);
        const RawResponse post = c2.request("POST", "/", "{}");
        QCOMPARE(post.status, 405);
    }

    void noTokenNeededButTokensDoNotMatter()
    {
        RawHttpClient c(m_port);
        QCOMPARE(c.request("GET", "/", {}, {{"Authorization", "Bearer not-a-token"}}).status, 200);
    }

    void assetSetFromADirectory()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        for (const char *name : {"index.html", "app-ABCDEFGH.js", "plain.js", "logo-12345678.svg"}) {
            QFile f(dir.filePath(QString::fromLatin1(name)));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("x");
        }
        const WebAssets set(dir.path());
        QVERIFY(set.page());
        QVERIFY(!set.page()->immutable);
        QVERIFY(set.asset(QStringLiteral("app-ABCDEFGH.js"))->immutable);
        QVERIFY(!set.asset(QStringLiteral("plain.js"))->immutable);
        QCOMPARE(set.asset(QStringLiteral("logo-12345678.svg"))->contentType, QByteArray("image/svg+xml"));
        QVERIFY(!set.asset(QStringLiteral("../index.html")));
        QVERIFY(!set.asset(QString()));
        const WebAssets none(dir.filePath(QStringLiteral("missing")));
        QVERIFY(none.isEmpty());
        QVERIFY(!none.page());
        QCOMPARE(WebAssets::contentTypeFor(QStringLiteral("x.unknown")), QByteArray("application/octet-stream"));
    }

private:
    static void checkSecurityHeaders(const RawResponse &r)
    {
        const QByteArray csp = r.header("content-security-policy");
        QVERIFY2(csp.contains("script-src 'self'"), csp.constData());
        QVERIFY(csp.contains("frame-ancestors 'none'"));
        QVERIFY(csp.contains("base-uri 'none'"));
        QVERIFY(csp.contains("form-action 'none'"));
        QVERIFY(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"));
        QCOMPARE(r.header("x-frame-options"), QByteArray("DENY"));
        QCOMPARE(r.header("x-content-type-options"), QByteArray("nosniff"));
        QCOMPARE(r.header("referrer-policy"), QByteArray("no-referrer"));
    }

    FixedTokens m_tokens;
    std::shared_ptr<const WebAssets> m_assets;
    std::unique_ptr<HttpServerHost> m_host;
    quint16 m_port = 0;
    QString m_js;
    QString m_css;
};

QTEST_GUILESS_MAIN(TestWebRoutes)
#include "test_web_routes.moc"
