#include "HttpHandler.h"

#include "core/Clock.h"
#include "workers/InputReader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrl>

namespace orrery {

namespace {

QString networkErrorCode(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError: return QStringLiteral("connection_refused");
    case QNetworkReply::RemoteHostClosedError: return QStringLiteral("remote_closed");
    case QNetworkReply::HostNotFoundError: return QStringLiteral("host_not_found");
    case QNetworkReply::TimeoutError: return QStringLiteral("timeout");
    case QNetworkReply::OperationCanceledError: return QStringLiteral("canceled");
    case QNetworkReply::SslHandshakeFailedError: return QStringLiteral("tls_error");
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError: return QStringLiteral("network_unavailable");
    case QNetworkReply::TooManyRedirectsError:
    case QNetworkReply::InsecureRedirectError: return QStringLiteral("redirect_error");
    case QNetworkReply::ProtocolFailure:
    case QNetworkReply::ProtocolUnknownError: return QStringLiteral("protocol_error");
    default:
        if (error >= QNetworkReply::ProxyConnectionRefusedError && error <= QNetworkReply::UnknownProxyError)
            return QStringLiteral("proxy_error");
        return QStringLiteral("network_error");
    }
}

QByteArray serialiseBody(const QJsonValue &body, bool *isJson)
{
    *isJson = !body.isString();
    if (body.isString())
        return body.toString().toUtf8();
    QByteArray wrapped = QJsonDocument(QJsonArray{body}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2); // strip the [ ] around the single element
}

QJsonValue parseJson(const QByteArray &body, bool *ok)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray("[") + body + QByteArray("]"), &error);
    *ok = error.error == QJsonParseError::NoError && doc.array().size() == 1;
    return *ok ? doc.array().at(0) : QJsonValue();
}

} // namespace

HttpHandler::HttpHandler(const HandlerContext &context) : m_context(context) {}

HttpHandler::~HttpHandler()
{
    abortReply();
}

void HttpHandler::abortReply()
{
    if (m_timer)
        m_timer->stop();
    if (!m_reply)
        return;
    // Only our own connections (their context is the reply itself): disconnecting all of them
    // would also cut QNetworkAccessManager's internal abort signal to its HTTP thread, so the
    // connection stayed busy for good; after six such timeouts to one host every later request
    // to it waited forever for a free connection ("no connection within ...").
    QObject::disconnect(m_reply.data(), nullptr, m_reply.data(), nullptr);
    m_reply->abort();
    m_reply->deleteLater();
    m_reply = nullptr;
}

void HttpHandler::start(const TaskAssignment &task, Done done)
{
    m_done = std::move(done);
    InputReader in(task.input);
    m_method = in.string(QStringLiteral("method"), QStringLiteral("GET")).toUpper();
    m_url = in.string(QStringLiteral("url"), {}, true);
    const auto headers = in.stringMap(QStringLiteral("headers"));
    const QJsonValue bodyValue = in.value(QStringLiteral("body"));
    m_connectTimeoutMs = int(in.integer(QStringLiteral("connectTimeoutMs"), kDefaultConnectTimeoutMs, 1, 3'600'000));
    m_readTimeoutMs = int(in.integer(QStringLiteral("readTimeoutMs"), kDefaultReadTimeoutMs, 1, 86'400'000));
    m_maxBodyBytes = in.integer(QStringLiteral("maxBodyBytes"), kDefaultMaxBodyBytes, 0, qint64(1) << 30);
    const bool followRedirects = in.boolean(QStringLiteral("followRedirects"), true);
    const QUrl url(m_url, QUrl::StrictMode);
    if (in.ok()) {
        bool token = !m_method.isEmpty();
        for (QChar c : m_method)
            token = token && ((c >= u'A' && c <= u'Z') || c == u'-' || c == u'_');
        if (!token)
            in.fail(QStringLiteral("input.method '%1' is not an HTTP method").arg(m_method));
    }
    if (in.ok() && (!url.isValid() || url.host().isEmpty()
                    || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))))
        in.fail(QStringLiteral("input.url '%1' must be an absolute http:// or https:// URL").arg(m_url));
    if (!in.ok()) {
        finish(TaskOutcome::badInput(in.error()));
        return;
    }

    QNetworkRequest request(url);
    bool hasContentType = false;
    for (const auto &[name, value] : headers) {
        request.setRawHeader(name.toUtf8(), value.toUtf8());
        hasContentType = hasContentType || name.compare(QLatin1String("content-type"), Qt::CaseInsensitive) == 0;
    }
    QByteArray body;
    if (!bodyValue.isUndefined()) {
        bool isJson = false;
        body = serialiseBody(bodyValue, &isJson);
        if (isJson && !hasContentType)
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    }
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         followRedirects ? QNetworkRequest::NoLessSafeRedirectPolicy : QNetworkRequest::ManualRedirectPolicy);

    QNetworkAccessManager *nam = m_context.network;
    const QByteArray verb = m_method.toLatin1();
    if (verb == "GET" && body.isEmpty())
        m_reply = nam->get(request);
    else if (verb == "HEAD")
        m_reply = nam->head(request);
    else if (verb == "POST")
        m_reply = nam->post(request, body);
    else if (verb == "PUT")
        m_reply = nam->put(request, body);
    else if (verb == "DELETE" && body.isEmpty())
        m_reply = nam->deleteResource(request);
    else
        m_reply = nam->sendCustomRequest(request, verb, body);

    m_startedMs = m_context.clock->nowMs();
    m_timer = std::make_unique<QTimer>();
    m_timer->setSingleShot(true);
    QObject::connect(m_timer.get(), &QTimer::timeout, m_timer.get(), [this] { onTimeout(); });
    m_timer->start(m_connectTimeoutMs);

    QNetworkReply *reply = m_reply.data();
    QObject::connect(reply, &QNetworkReply::requestSent, reply, [this] { enterReading(); });
    QObject::connect(reply, &QNetworkReply::metaDataChanged, reply, [this] { enterReading(); });
    QObject::connect(reply, &QNetworkReply::uploadProgress, reply, [this](qint64 sent, qint64) {
        if (sent > 0 && m_phase == Phase::Reading)
            m_timer->start(m_readTimeoutMs);
    });
    QObject::connect(reply, &QNetworkReply::readyRead, reply, [this] { onReadyRead(); });
    QObject::connect(reply, &QNetworkReply::finished, reply, [this] { onFinished(); });
}

void HttpHandler::cancel()
{
    abortReply();
    FailureInfo f;
    f.kind = QStringLiteral("other");
    f.errorCode = QStringLiteral("canceled");
    finish(TaskOutcome::failed(QStringLiteral("%1 %2: canceled").arg(m_method, m_url), f));
}

void HttpHandler::enterReading()
{
    // The request is on the wire: from now on the read timeout applies, as an inactivity timeout.
    if (m_phase == Phase::Connecting) {
        m_phase = Phase::Reading;
        m_timer->start(m_readTimeoutMs);
    }
}

void HttpHandler::onReadyRead()
{
    enterReading();
    m_timer->start(m_readTimeoutMs);
    const QByteArray chunk = m_reply->readAll();
    const qint64 room = m_maxBodyBytes - m_body.size();
    if (chunk.size() > room) {
        m_body.append(chunk.left(room));
        m_bodyTruncated = true;
    } else {
        m_body.append(chunk);
    }
}

void HttpHandler::onTimeout()
{
    const bool connecting = m_phase == Phase::Connecting;
    abortReply();
    FailureInfo f;
    f.kind = QStringLiteral("timeout");
    f.errorCode = connecting ? QStringLiteral("connect_timeout") : QStringLiteral("read_timeout");
    const QString what = connecting ? QStringLiteral("no connection within %1 ms").arg(m_connectTimeoutMs)
                                    : QStringLiteral("no data for %1 ms").arg(m_readTimeoutMs);
    finish(TaskOutcome::failed(QStringLiteral("%1 %2: %3").arg(m_method, m_url, what), f));
}

void HttpHandler::onFinished()
{
    if (m_finished || !m_reply)
        return;
    if (m_reply->bytesAvailable() > 0)
        onReadyRead();
    m_timer->stop();
    const QVariant statusAttr = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const int status = statusAttr.isValid() ? statusAttr.toInt() : 0;
    if (status > 0) {
        const QJsonObject out = responseOutput(status);
        if (status >= 200 && status < 300) {
            finish(TaskOutcome::completed(out));
            return;
        }
        FailureInfo f;
        f.kind = QStringLiteral("http");
        f.httpStatus = status;
        f.errorCode = QStringLiteral("http_%1").arg(status);
        finish(TaskOutcome::failed(QStringLiteral("%1 %2: HTTP %3 %4")
                                       .arg(m_method, m_url)
                                       .arg(status)
                                       .arg(out.value(QStringLiteral("reasonPhrase")).toString()),
                                   f, out));
        return;
    }
    FailureInfo f;
    f.errorCode = networkErrorCode(m_reply->error());
    f.kind = f.errorCode == QLatin1String("timeout") ? QStringLiteral("timeout") : QStringLiteral("network");
    finish(TaskOutcome::failed(QStringLiteral("%1 %2: %3").arg(m_method, m_url, m_reply->errorString()), f));
}

QJsonObject HttpHandler::responseOutput(int status) const
{
    QJsonObject headers;
    for (const auto &[name, value] : m_reply->rawHeaderPairs()) {
        const QString key = QString::fromLatin1(name).toLower();
        const QString v = QString::fromUtf8(value);
        const QJsonValue existing = headers.value(key);
        headers.insert(key, existing.isString() ? existing.toString() + QStringLiteral(", ") + v : v);
    }
    QJsonValue body = QString::fromUtf8(m_body);
    const QString contentType = headers.value(QStringLiteral("content-type")).toString();
    if (!m_bodyTruncated && contentType.contains(QLatin1String("json"), Qt::CaseInsensitive)) {
        bool ok = false;
        const QJsonValue parsed = parseJson(m_body, &ok);
        if (ok)
            body = parsed;
    }
    return QJsonObject{
        {QStringLiteral("statusCode"), status},
        {QStringLiteral("reasonPhrase"),
         QString::fromUtf8(m_reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray())},
        {QStringLiteral("headers"), headers},
        {QStringLiteral("body"), body},
        {QStringLiteral("bodyTruncated"), m_bodyTruncated},
        {QStringLiteral("durationMs"), m_context.clock->nowMs() - m_startedMs},
    };
}

void HttpHandler::finish(TaskOutcome outcome)
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_timer)
        m_timer->stop();
    Done done = std::move(m_done);
    done(std::move(outcome));
}

} // namespace orrery
