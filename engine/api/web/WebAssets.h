#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

namespace orrery {

// The dashboard's files, read once from the Qt resource the build compiled into the binary
// (web/CMakeLists.txt: npm ci + esbuild, then rcc). Nothing is read from disk or the network at
// run time. `index.html` is the page; every other file is an asset whose name carries a content
// hash (app-<hash>.js), so it may be cached for a year.
class WebAssets
{
public:
    struct Asset
    {
        QByteArray body;
        QByteArray contentType;
        QByteArray etag;       // "\"<sha256 prefix>\"", for If-None-Match
        bool immutable = false; // hashed name: cache for a year
    };

    // Reads every file under the resource directory `root` (":/orrery-web" for the embedded
    // bundle). An empty set when the directory is missing (isEmpty()).
    explicit WebAssets(const QString &root = defaultRoot());

    // The page (index.html), or null when the bundle has none.
    const Asset *page() const;
    // An asset by its file name ("app-1a2b3c4d.js"); null for unknown names. Only plain names
    // are looked up: anything with a '/' or starting with '.' is unknown.
    const Asset *asset(const QString &name) const;
    bool isEmpty() const { return m_assets.isEmpty(); }
    QStringList names() const { return m_assets.keys(); }

    static QString defaultRoot();
    static QByteArray contentTypeFor(const QString &fileName);

private:
    QHash<QString, Asset> m_assets;
};

} // namespace orrery
