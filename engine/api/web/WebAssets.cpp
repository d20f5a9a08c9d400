#include "WebAssets.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>

// The resource is in a static library: referencing its initializer keeps the linker from
// dropping it. Q_INIT_RESOURCE must be used outside any namespace.
static void initWebResource()
{
    Q_INIT_RESOURCE(orrery_web);
}

namespace orrery {

namespace {

const QString kPage = QStringLiteral("index.html");

bool looksHashed(const QString &name)
{
    static const QRegularExpression hashed(QStringLiteral("-[A-Za-z0-9]{8,}\\.[a-z0-9]+$"));
    return hashed.match(name).hasMatch();
}

} // namespace

QString WebAssets::defaultRoot()
{
    return QStringLiteral(":/orrery-web");
}

QByteArray WebAssets::contentTypeFor(const QString &fileName)
{
    const QString ext = fileName.section(u'.', -1).toLower();
    if (ext == u"html")
        return "text/html; charset=utf-8";
    if (ext == u"js" || ext == u"mjs")
        return "text/javascript; charset=utf-8";
    if (ext == u"css")
        return "text/css; charset=utf-8";
    if (ext == u"json" || ext == u"map")
        return "application/json";
    if (ext == u"svg")
        return "image/svg+xml";
    if (ext == u"png")
        return "image/png";
    if (ext == u"woff2")
        return "font/woff2";
    if (ext == u"txt")
        return "text/plain; charset=utf-8";
    return "application/octet-stream";
}

WebAssets::WebAssets(const QString &root)
{
    if (root == defaultRoot())
        initWebResource();
    QDirIterator it(root, QDir::Files);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            continue;
        Asset a;
        a.body = f.readAll();
        const QString name = it.fileName();
        a.contentType = contentTypeFor(name);
        a.etag = '"' + QCryptographicHash::hash(a.body, QCryptographicHash::Sha256).toHex().left(20) + '"';
        a.immutable = name != kPage && looksHashed(name);
        m_assets.insert(name, std::move(a));
    }
}

const WebAssets::Asset *WebAssets::page() const
{
    return asset(kPage);
}

const WebAssets::Asset *WebAssets::asset(const QString &name) const
{
    if (name.isEmpty() || name.startsWith(u'.') || name.contains(u'/') || name.contains(u'\\'))
        return nullptr;
    const auto it = m_assets.constFind(name);
    return it == m_assets.constEnd() ? nullptr : &it.value();
}

} // namespace orrery
