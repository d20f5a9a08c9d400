#include "JobEditorDialog.h"

#include "EngineClient.h"
#include "JobDefinitionForm.h"
#include "JobTableModel.h"
#include "core/Clock.h"

#include <QDialogButtonBox>
#include <QJsonArray>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QTimeZone>
#include <QUrlQuery>
#include <QVBoxLayout>

namespace orrery {

namespace {

// "GET /api/x failed with HTTP 400: expr: minute field: …" -> "expr: minute field: …"
QString serverMessage(const QString &message)
{
    static const QRegularExpression prefix(QStringLiteral("^.*HTTP \\d{3}: "));
    QString out = message;
    out.remove(prefix);
    return out.isEmpty() ? message : out;
}

} // namespace

JobEditorDialog::JobEditorDialog(EngineClient *client, const Clock *clock, const QJsonObject &job, QWidget *parent)
    : QDialog(parent)
    , m_client(client)
    , m_clock(clock)
    , m_original(job)
    , m_form(new JobDefinitionForm(clock, job, this))
    , m_error(new QLabel(this))
{
    setObjectName(QStringLiteral("jobEditorDialog"));
    setWindowTitle(isEditing() ? tr("Edit job %1").arg(job.value(QStringLiteral("name")).toString()) : tr("Add job"));
    m_error->setObjectName(QStringLiteral("validationError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c0392b;"));
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setObjectName(QStringLiteral("saveJob"));
    m_ok->setText(isEditing() ? tr("Save") : tr("Add"));
    connect(buttons, &QDialogButtonBox::accepted, this, &JobEditorDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &JobEditorDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(250);
    connect(&m_debounce, &QTimer::timeout, this, &JobEditorDialog::validate);
    connect(m_form, &JobDefinitionForm::changed, this, &JobEditorDialog::changed);
    loadWorkflowNames();
    validate();
}

void JobEditorDialog::loadWorkflowNames()
{
    if (!m_client || m_form->isBuiltinTarget())
        return; // a built-in action is not a workflow: its name stays as it is
    QPointer<JobEditorDialog> self(this);
    m_client->workflowNames([self](Result<QStringList> r) {
        if (!self)
            return;
        if (!r.ok()) {
            self->m_error->setText(tr("Could not load the workflow names: %1").arg(r.error().message));
            return;
        }
        self->m_form->setWorkflowNames(*r);
    });
}

void JobEditorDialog::changed()
{
    m_previewPending = m_form->triggerKind() == QLatin1String("cron");
    updateOk();
    m_debounce.start();
}

void JobEditorDialog::validate()
{
    const QString kind = m_form->triggerKind();
    if (kind == QLatin1String("cron"))
        requestPreview();
    else
        showLocalPreview();
    updateOk();
    if (kind != QLatin1String("cron"))
        Q_EMIT validated();
}

void JobEditorDialog::requestPreview()
{
    if (!m_client || m_form->expression().isEmpty() || m_form->timeZone().isEmpty()) {
        m_previewPending = false;
        m_previewError.clear();
        showPreview({}, {});
        Q_EMIT validated();
        return;
    }
    m_previewPending = true;
    const quint64 seq = ++m_previewSeq;
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("expr"), m_form->expression());
    q.addQueryItem(QStringLiteral("tz"), m_form->timeZone());
    q.addQueryItem(QStringLiteral("count"), QStringLiteral("5"));
    QPointer<JobEditorDialog> self(this);
    m_client->get(QStringLiteral("/api/scheduler/preview"), q, [self, seq](Result<QJsonValue> r) {
        if (!self || seq != self->m_previewSeq)
            return;
        self->m_previewPending = false;
        if (!r.ok()) {
            self->m_previewError = serverMessage(r.error().message);
            self->showPreview({}, {});
        } else {
            const QJsonObject o = r->toObject();
            self->m_previewError.clear();
            QStringList times;
            for (const QJsonValue &v : o.value(QStringLiteral("nextFireTimes")).toArray())
                times.append(v.toString());
            QString description = o.value(QStringLiteral("description")).toString();
            if (o.value(QStringLiteral("dstClass")).toString() == QLatin1String("wildcard"))
                description += tr(" — skips wall times missing at a DST change");
            if (o.value(QStringLiteral("neverFires")).toBool())
                description += tr(" — this rule never fires");
            self->showPreview(description, times);
        }
        self->updateOk();
        Q_EMIT self->validated();
    });
}

// Interval and date triggers have no preview route: their times are plain arithmetic.
void JobEditorDialog::showLocalPreview()
{
    m_previewPending = false;
    m_previewError.clear();
    const qint64 now = m_clock->nowMs();
    QStringList times;
    QString description;
    if (m_form->triggerKind() == QLatin1String("interval")) {
        const qint64 interval = m_form->intervalMs();
        // Anchored at the job's start (kept when editing), else at creation: the first run is immediate.
        const qint64 anchor = m_form->intervalAnchorMs(now);
        qint64 t = anchor >= now ? anchor : anchor + ((now - anchor) / interval + 1) * interval;
        for (int i = 0; i < 5; ++i, t += interval)
            times.append(QDateTime::fromMSecsSinceEpoch(t, Qt::UTC).toString(Qt::ISODateWithMs));
        description = tr("Every %1").arg(JobTableModel::durationText(interval));
    } else {
        const QDateTime runAt = m_form->runAt();
        const qint64 at = runAt.toMSecsSinceEpoch();
        times.append(QDateTime::fromMSecsSinceEpoch(at, Qt::UTC).toString(Qt::ISODate));
        description = tr("Once, at %1").arg(runAt.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
        // A past date still gets its run: the misfire grace decides whether it fires or is missed.
        if (at <= now)
            description += tr(" — in the past: it runs at once if within the misfire grace, else it is recorded as missed");
    }
    showPreview(description, times);
}

void JobEditorDialog::showPreview(const QString &description, const QStringList &isoTimes)
{
    m_previewTimes = isoTimes;
    QStringList lines;
    const qint64 now = m_clock->nowMs();
    // In the rule's zone, so a DST change shows (CET / CEST); interval and date times in local time.
    const QTimeZone zone(m_form->timeZone().toUtf8());
    const bool cron = m_form->triggerKind() == QLatin1String("cron") && zone.isValid();
    for (const QString &iso : isoTimes) {
        const QDateTime parsed = QDateTime::fromString(iso, Qt::ISODateWithMs);
        const QDateTime t = cron ? parsed.toTimeZone(zone) : parsed.toLocalTime();
        lines.append(QStringLiteral("%1  %2").arg(t.toString(QStringLiteral("ddd yyyy-MM-dd HH:mm:ss t")),
                                                  JobTableModel::relativeText(t.toMSecsSinceEpoch() - now)));
    }
    m_form->setPreview(description, lines.join(QLatin1Char('\n')));
}

QString JobEditorDialog::errorText() const
{
    return m_error->text();
}

QString JobEditorDialog::previewDescription() const
{
    return m_form->previewText();
}

bool JobEditorDialog::isValid() const
{
    return m_form->localError().isEmpty() && m_previewError.isEmpty() && !m_previewPending;
}

void JobEditorDialog::updateOk()
{
    const QString local = m_form->localError();
    const QString shown = !m_previewError.isEmpty() ? m_previewError : local;
    if (!m_saving || !shown.isEmpty())
        m_error->setText(shown);
    m_ok->setEnabled(!m_saving && isValid());
}

QJsonObject JobEditorDialog::definition() const
{
    return m_form->definition();
}

void JobEditorDialog::accept()
{
    if (!m_client || !isValid() || m_saving)
        return;
    m_saving = true;
    updateOk();
    const QString path = isEditing() ? QStringLiteral("/api/scheduler/jobs/") + EngineClient::segment(m_original.value(QStringLiteral("id")).toString())
                                     : QStringLiteral("/api/scheduler/jobs");
    QPointer<JobEditorDialog> self(this);
    m_client->call(isEditing() ? "PUT" : "POST", path, {}, definition(), [self](Result<QJsonValue> r) {
        if (!self)
            return;
        self->m_saving = false;
        if (!r.ok()) {
            self->m_error->setText(serverMessage(r.error().message));
            self->m_ok->setEnabled(self->isValid());
            return;
        }
        Q_EMIT self->saved(r->toObject());
        self->QDialog::accept();
    });
}

} // namespace orrery
