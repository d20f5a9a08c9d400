// What a standby orreryd serves itself and what it forwards (issue 12; real processes on a
// throwaway PostgreSQL server, docs/reliability-standby.md):
// - reads of the store (workflows, tasks, definitions, lists, search) answer on the standby
//   what they answer on the active, with the same tokens, roles and project scopes;
// - writes sent to the standby are forwarded: a workflow started there runs on the active, and
//   the active's answers (errors and 401s included) are relayed as they are;
// - a forwarded request to an active that cannot be reached gets 503 with the reason and the
//   active's address;
// - a forwarded request is never forwarded again (a standby that gets one answers 503).
// Prints the forwarding overhead (p50/p99 of a small request, direct and through the standby).
#include "HaClient.h"
#include "OrrerydProcess.h"
#include "support/FreePort.h"
#include "support/PgTestServer.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <memory>

using namespace orrery::test;

namespace {

constexpr int kInstances = 3;

QByteArray json(const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }

QJsonObject flowDefinition()
{
    return QJsonObject{{QStringLiteral("name"), QStringLiteral("rd_flow")},
                       {QStringLiteral("version"), 1},
                       {QStringLiteral("schemaVersion"), 2},
                       {QStringLiteral("tasks"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("noop")},
                                                                        {QStringLiteral("taskReferenceName"), QStringLiteral("n1")}}}}};
}

QByteArray startRequest()
{
    return json(QJsonObject{{QStringLiteral("name"), QStringLiteral("rd_flow")},
                            {QStringLiteral("version"), 1},
                            {QStringLiteral("input"), QJsonObject{{QStringLiteral("k"), 1}}},
                            {QStringLiteral("projectId"), QStringLiteral("p-rd")}});
}

// The top-level fields in which two answers differ (for a readable failure).
QStringList differences(const QJsonDocument &a, const QJsonDocument &b)
{
    QStringList out;
    QStringList keys = a.object().keys() + b.object().keys();
    keys.removeDuplicates();
    for (const QString &k : keys)
        if (a.object().value(k) != b.object().value(k))
            out.append(QStringLiteral("%1: %2 vs %3").arg(k, QString::fromUtf8(QJsonDocument(QJsonObject{{k, a.object().value(k)}}).toJson(QJsonDocument::Compact)),
                                                         QString::fromUtf8(QJsonDocument(QJsonObject{{k, b.object().value(k)}}).toJson(QJsonDocument::Compact))));
    return out;
}

QString reason(const HaClient::Answer &a) { return a.json().object().value(QStringLiteral("reason")).toString(); }

double percentile(QList<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v.at(std::min<qsizetype>(v.size() - 1, qsizetype(p * double(v.size()))));
}

} // namespace

class TestStandbyServing : public QObject
{
    Q_OBJECT

    PgTestServer m_pg;
    QString m_db;
    std::unique_ptr<QTemporaryDir> m_dirs[kInstances];
    std::unique_ptr<OrrerydProcess> m_proc[kInstances];
    std::unique_ptr<HaClient> m_http;
    QString m_url[kInstances];

    bool startInstance(int i, const QStringList &extra = {})
    {
        const QString token = QDir(m_dirs[i]->path()).filePath(QStringLiteral("admin-token"));
        if (i > 0 && !QFile::exists(token)
            && !QFile::copy(QDir(m_dirs[0]->path()).filePath(QStringLiteral("admin-token")), token))
            return false; // the token table is shared through the store: the same admin token everywhere
        m_proc[i] = std::make_unique<OrrerydProcess>(
            m_dirs[i]->path(), QStringList{QStringLiteral("--db"), m_db, QStringLiteral("--no-demo")} + extra);
        QString error;
        if (!m_proc[i]->start(&error)) {
            qWarning("instance %d: %s", i, qPrintable(error));
            return false;
        }
        m_url[i] = m_proc[i]->baseUrl();
        if (!m_http)
            m_http = std::make_unique<HaClient>(m_proc[i]->token());
        return true;
    }

    QString role(int i)
    {
        return m_http->get(m_url[i] + QStringLiteral("/api/engine/lease")).json().object().value(QStringLiteral("role")).toString();
    }

    // Starts rd_flow through instance `via` and waits until the active (0) has completed it.
    QString runFlow(int via)
    {
        const HaClient::Answer a = m_http->post(m_url[via] + QStringLiteral("/api/workflow"), startRequest());
        if (a.status != 200) {
            qWarning("start through %d: %d %s", via, a.status, a.body.constData());
            return {};
        }
        const QString id = QString::fromUtf8(a.body);
        const QJsonObject wf = m_proc[0]->waitForWorkflow(id, 15000);
        return wf.value(QStringLiteral("status")).toString() == QLatin1String("COMPLETED") ? id : QString();
    }

private slots:
    void initTestCase() { ORRERY_REQUIRE_PG(m_pg); }

    void init()
    {
        m_db = m_pg.createDatabase();
        QVERIFY2(!m_db.isEmpty(), qPrintable(m_pg.errorString()));
        for (auto &dir : m_dirs) {
            dir = std::make_unique<QTemporaryDir>();
            QVERIFY(dir->isValid());
        }
    }

    void cleanup()
    {
        for (auto &p : m_proc)
            p.reset(); // SIGKILL whatever is left
        m_http.reset();
        for (auto &dir : m_dirs)
            dir.reset();
    }

    void readsOnTheStandbyMatchTheActive()
    {
        QVERIFY(startInstance(0));
        QVERIFY(startInstance(1));
        QCOMPARE(role(0), QStringLiteral("active"));
        QCOMPARE(role(1), QStringLiteral("standby"));
        QCOMPARE(m_http->post(m_url[0] + QStringLiteral("/api/metadata/workflow"), json(flowDefinition())).status, 200);
        const QString id = runFlow(0);
        QVERIFY(!id.isEmpty());
        const QString taskId = m_http->get(m_url[0] + QStringLiteral("/api/workflow/") + id).json().object()
                                   .value(QStringLiteral("tasks")).toArray().at(0).toObject().value(QStringLiteral("taskId")).toString();
        QVERIFY(!taskId.isEmpty());
        // The store has the completion once the active's group commit ran (a few ms).
        for (QDeadlineTimer d(5000); !d.hasExpired(); QThread::msleep(20))
            if (m_http->get(m_url[1] + QStringLiteral("/api/workflow/%1/status").arg(id)).json().object().value(QStringLiteral("status"))
                == QLatin1String("COMPLETED"))
                break;

        const QStringList paths{
            QStringLiteral("/api/workflow/%1").arg(id),
            QStringLiteral("/api/workflow/%1?includeTasks=false").arg(id),
            QStringLiteral("/api/workflow/%1/status?includeOutput=true&includeVariables=true").arg(id),
            QStringLiteral("/api/workflow/no-such-id"),
            QStringLiteral("/api/tasks/%1").arg(taskId),
            QStringLiteral("/api/tasks/%1?include=attempts,logs").arg(taskId),
            QStringLiteral("/api/tasks/%1/log").arg(taskId),
            QStringLiteral("/api/tasks?workflow=%1").arg(id),
            QStringLiteral("/api/workflow/search?workflowType=rd_flow"),
            QStringLiteral("/api/workflow/running/rd_flow"),
            QStringLiteral("/api/metadata/workflow/rd_flow"),
            QStringLiteral("/api/metadata/workflow/rd_flow?version=1"),
            QStringLiteral("/api/metadata/workflow/no_such_flow"),
            QStringLiteral("/api/metadata/workflow"),
            QStringLiteral("/api/metadata/taskdefs"),
            QStringLiteral("/api/token/me"),
        };
        for (const QString &path : paths) {
            const HaClient::Answer active = m_http->get(m_url[0] + path);
            const HaClient::Answer standby = m_http->get(m_url[1] + path);
            QVERIFY2(standby.forwardedTo.isEmpty(), qPrintable(path + QStringLiteral(" was forwarded, not served by the standby")));
            QVERIFY2(standby.status == active.status && standby.json() == active.json(),
                     qPrintable(QStringLiteral("%1: active %2, standby %3; %4").arg(path).arg(active.status).arg(standby.status)
                                    .arg(differences(active.json(), standby.json()).join(QStringLiteral("; ")).left(2000))));
        }

        // The same authentication: no token or an unknown one is 401 on the standby too.
        QCOMPARE(HaClient({}).get(m_url[1] + QStringLiteral("/api/workflow/") + id).status, 401);
        QCOMPARE(HaClient("not-a-token").get(m_url[1] + QStringLiteral("/api/workflow/") + id).status, 401);
        // A token created on the active (in the shared store) works on the standby, with its scopes.
        const HaClient::Answer created = m_http->post(
            m_url[0] + QStringLiteral("/api/tokens"),
            json(QJsonObject{{QStringLiteral("name"), QStringLiteral("other-project")}, {QStringLiteral("role"), QStringLiteral("viewer")},
                             {QStringLiteral("projects"), QJsonArray{QStringLiteral("p-other")}}}));
        QCOMPARE(created.status, 200);
        HaClient scoped(created.json().object().value(QStringLiteral("token")).toString().toUtf8());
        int seen = 0;
        // Tokens are reloaded every 5 s; ask slowly, as each 401 counts towards the address's
        // failed-authentication limit (10 a minute).
        for (QDeadlineTimer d(16000); seen != 200 && !d.hasExpired();) {
            seen = scoped.get(m_url[1] + QStringLiteral("/api/token/me")).status;
            if (seen != 200)
                QThread::msleep(2000);
        }
        QCOMPARE(seen, 200);
        for (const QString &path : {QStringLiteral("/api/workflow/%1").arg(id), QStringLiteral("/api/tasks/%1").arg(taskId)}) {
            QCOMPARE(scoped.get(m_url[0] + path).status, 403);
            QCOMPARE(scoped.get(m_url[1] + path).status, 403);
        }
        QCOMPARE(scoped.get(m_url[1] + QStringLiteral("/api/tasks?workflow=%1").arg(id)).json(),
                 scoped.get(m_url[0] + QStringLiteral("/api/tasks?workflow=%1").arg(id)).json());
    }

    void writesOnTheStandbyAreForwarded()
    {
        QVERIFY(startInstance(0));
        QVERIFY(startInstance(1));
        QCOMPARE(role(1), QStringLiteral("standby"));

        // A definition and a start sent to the standby are applied and run on the active.
        const HaClient::Answer defined = m_http->post(m_url[1] + QStringLiteral("/api/metadata/workflow"), json(flowDefinition()));
        QCOMPARE(defined.status, 200);
        QCOMPARE(defined.forwardedTo, m_url[0]);
        QCOMPARE(m_http->get(m_url[0] + QStringLiteral("/api/metadata/workflow/rd_flow")).status, 200);
        const HaClient::Answer started = m_http->post(m_url[1] + QStringLiteral("/api/workflow"), startRequest());
        QCOMPARE(started.status, 200);
        QCOMPARE(started.forwardedTo, m_url[0]);
        const QString id = QString::fromUtf8(started.body);
        QCOMPARE(m_proc[0]->waitForWorkflow(id, 15000).value(QStringLiteral("status")).toString(), QStringLiteral("COMPLETED"));
        QCOMPARE(m_http->get(m_url[1] + QStringLiteral("/api/workflow/%1/status").arg(id)).status, 200);

        // The active's answers are relayed as they are: a validation error, a 401, a live-engine read.
        const HaClient::Answer badDirect = m_http->post(m_url[0] + QStringLiteral("/api/workflow"), "{\"name\":");
        const HaClient::Answer badForwarded = m_http->post(m_url[1] + QStringLiteral("/api/workflow"), "{\"name\":");
        QCOMPARE(badForwarded.status, badDirect.status);
        QCOMPARE(badForwarded.json(), badDirect.json());
        QCOMPARE(HaClient({}).post(m_url[1] + QStringLiteral("/api/workflow"), startRequest()).status, 401);
        const QString sizes = QStringLiteral("/api/tasks/queue/sizes?taskType=noop");
        const HaClient::Answer live = m_http->get(m_url[1] + sizes);
        QCOMPARE(live.status, 200);
        QCOMPARE(live.forwardedTo, m_url[0]);
        QCOMPARE(live.json(), m_http->get(m_url[0] + sizes).json());
        // A worker poll is not forwarded: 503 naming the active.
        const HaClient::Answer poll = m_http->get(m_url[1] + QStringLiteral("/api/tasks/poll/noop?workerid=w"));
        QCOMPARE(poll.status, 503);
        QCOMPARE(poll.activeUrl, m_url[0]);

        // Figures: a small forwarded request against the same request sent to the active directly.
        const int samples = qEnvironmentVariableIsSet("ORRERY_FORWARD_SAMPLES") ? qEnvironmentVariableIntValue("ORRERY_FORWARD_SAMPLES") : 200;
        QList<double> direct, forwarded;
        for (int i = 0; i < samples; ++i) {
            for (int via : {0, 1}) {
                QElapsedTimer t;
                t.start();
                const int status = m_http->get(m_url[via] + sizes).status;
                const double ms = double(t.nsecsElapsed()) / 1e6;
                QCOMPARE(status, 200);
                (via == 0 ? direct : forwarded).append(ms);
            }
        }
        qInfo().noquote() << QStringLiteral("forwarding GET %1, %2 samples: direct p50 %3 ms p99 %4 ms; through the standby "
                                            "p50 %5 ms p99 %6 ms; overhead p50 %7 ms p99 %8 ms")
                                 .arg(sizes).arg(samples)
                                 .arg(percentile(direct, 0.5), 0, 'f', 2).arg(percentile(direct, 0.99), 0, 'f', 2)
                                 .arg(percentile(forwarded, 0.5), 0, 'f', 2).arg(percentile(forwarded, 0.99), 0, 'f', 2)
                                 .arg(percentile(forwarded, 0.5) - percentile(direct, 0.5), 0, 'f', 2)
                                 .arg(percentile(forwarded, 0.99) - percentile(direct, 0.99), 0, 'f', 2);
    }

    void unreachableActiveGives503WithTheReason()
    {
        // The active advertises an address where nothing listens (a wrong --advertise-url, or an
        // active that died before a standby noticed): forwarding fails fast with the reason.
        const QString dead = QStringLiteral("http://127.0.0.1:%1").arg(FreePort::find());
        QVERIFY(startInstance(0, {QStringLiteral("--advertise-url"), dead}));
        QVERIFY(startInstance(1));
        QCOMPARE(role(1), QStringLiteral("standby"));
        for (const QByteArray &method : {QByteArray("POST"), QByteArray("GET")}) {
            const QString path = method == "POST" ? QStringLiteral("/api/workflow/rd_flow") : QStringLiteral("/api/tasks/queue/sizes");
            QElapsedTimer t;
            t.start();
            const HaClient::Answer a = m_http->request(method, m_url[1] + path, method == "POST" ? QByteArray("{}") : QByteArray());
            qInfo("%s %s through the standby to an unreachable active: %d after %lld ms", method.constData(), qPrintable(path),
                  a.status, t.elapsed());
            QCOMPARE(a.status, 503);
            QCOMPARE(a.activeUrl, dead);
            QCOMPARE(a.retryAfter, QByteArray("1"));
            QVERIFY2(reason(a).contains(QStringLiteral("cannot be reached")) && reason(a).contains(dead), a.body.constData());
            QCOMPARE(a.json().object().value(QStringLiteral("activeUrl")).toString(), dead);
        }
        // Reads of the store do not need the active.
        QCOMPARE(m_http->get(m_url[1] + QStringLiteral("/api/metadata/workflow")).status, 200);
    }

    void forwardedRequestsAreNotForwardedAgain()
    {
        // The active (0) advertises the address of standby 1, so standby 2 forwards to a standby.
        const quint16 port = FreePort::find();
        const QString one = QStringLiteral("http://127.0.0.1:%1").arg(port);
        QVERIFY(startInstance(0, {QStringLiteral("--advertise-url"), one}));
        QVERIFY(startInstance(1, {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port)}));
        QCOMPARE(m_url[1], one);
        QVERIFY(startInstance(2));
        QCOMPARE(role(1), QStringLiteral("standby"));
        QCOMPARE(role(2), QStringLiteral("standby"));

        // 2 forwards to 1, which does not forward again: its 503 comes back through 2.
        const HaClient::Answer hop = m_http->post(m_url[2] + QStringLiteral("/api/workflow/rd_flow"), "{}");
        QCOMPARE(hop.status, 503);
        QCOMPARE(hop.forwardedTo, one);
        QVERIFY2(reason(hop).contains(QStringLiteral("does not forward a forwarded request again")), hop.body.constData());
        // 1 does not forward to its own address.
        const HaClient::Answer self = m_http->post(m_url[1] + QStringLiteral("/api/workflow/rd_flow"), "{}");
        QCOMPARE(self.status, 503);
        QVERIFY2(reason(self).contains(QStringLiteral("own address")), self.body.constData());
        // A request that says it was forwarded already is refused, whoever sent it.
        const HaClient::Answer marked = m_http->request("POST", m_url[2] + QStringLiteral("/api/workflow/rd_flow"), "{}", 10000,
                                                        {{"X-Orrery-Forwarded-By", "elsewhere:1"}});
        QCOMPARE(marked.status, 503);
        QVERIFY(marked.forwardedTo.isEmpty());
        QVERIFY2(reason(marked).contains(QStringLiteral("elsewhere:1")), marked.body.constData());
    }
};

QTEST_GUILESS_MAIN(TestStandbyServing)
#include "test_standby_serving.moc"
