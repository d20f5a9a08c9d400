#include "TokenVault.h"

#include <qt6keychain/keychain.h>

namespace orrery {

TokenVault::TokenVault(QString service, QObject *parent)
    : QObject(parent)
    , m_service(std::move(service))
{
}

void TokenVault::markUnavailable(const QString &reason)
{
    m_sessionOnly = true;
    m_problem = tr("No system keychain is available (%1). The token is kept for this session only and "
                   "will have to be entered again next time.").arg(reason);
    Q_EMIT keychainUnavailable(m_problem);
}

void TokenVault::store(const QString &url, const QString &token, std::function<void(bool, QString)> done)
{
    m_session.insert(url, token);
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(url);
    job->setTextData(token);
    connect(job, &QKeychain::Job::finished, this, [this, job, done = std::move(done)] {
        if (job->error() == QKeychain::NoError) {
            done(true, tr("The token is stored in the system keychain."));
            return;
        }
        markUnavailable(job->errorString());
        done(false, m_problem);
    });
    job->start();
}

void TokenVault::load(const QString &url, std::function<void(QString, QString)> done)
{
    if (m_session.contains(url))
        return done(m_session.value(url), {});
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setKey(url);
    connect(job, &QKeychain::Job::finished, this, [this, job, url, done = std::move(done)] {
        if (job->error() == QKeychain::NoError) {
            m_session.insert(url, job->textData());
            return done(job->textData(), {});
        }
        if (job->error() == QKeychain::EntryNotFound)
            return done({}, tr("No token is saved for %1.").arg(url));
        markUnavailable(job->errorString());
        done({}, m_problem);
    });
    job->start();
}

void TokenVault::remove(const QString &url)
{
    m_session.remove(url);
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setKey(url);
    job->start();
}

} // namespace orrery
