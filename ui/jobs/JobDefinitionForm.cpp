#include "JobDefinitionForm.h"

#include "core/Clock.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDateTimeEdit>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTimeZone>
#include <tuple>

namespace orrery {

namespace {

QString isoUtc(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODate);
}

QDateTimeEdit *dateEdit(QWidget *parent, const QString &name)
{
    auto *e = new QDateTimeEdit(parent);
    e->setObjectName(name);
    e->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    e->setCalendarPopup(true);
    return e;
}

} // namespace

JobDefinitionForm::JobDefinitionForm(const Clock *clock, const QJsonObject &job, QWidget *parent)
    : QWidget(parent)
    , m_clock(clock)
    , m_original(job)
{
    build();
    if (isEditing())
        fillFrom(job);
}

void JobDefinitionForm::build()
{
    m_id = new QLineEdit(this);
    m_name = new QLineEdit(this);
    m_description = new QLineEdit(this);
    m_kind = new QComboBox(this);
    m_triggerStack = new QStackedWidget(this);
    m_expression = new QLineEdit(this);
    m_timeZone = new QComboBox(this);
    m_intervalSeconds = new QDoubleSpinBox(this);
    m_runAt = dateEdit(this, QStringLiteral("runAt"));
    m_workflow = new QComboBox(this);
    m_version = new QSpinBox(this);
    m_input = new QPlainTextEdit(this);
    m_grace = new QSpinBox(this);
    m_noGraceLimit = new QCheckBox(tr("No limit"), this);
    m_coalesce = new QComboBox(this);
    m_maxInstances = new QSpinBox(this);
    m_jitter = new QDoubleSpinBox(this);
    m_useStart = new QCheckBox(tr("Not before"), this);
    m_start = dateEdit(this, QStringLiteral("startDate"));
    m_useEnd = new QCheckBox(tr("Not after"), this);
    m_end = dateEdit(this, QStringLiteral("endDate"));
    m_startPaused = new QCheckBox(tr("Create paused"), this);
    m_previewText = new QLabel(this);
    m_times = new QLabel(this);

    m_id->setObjectName(QStringLiteral("jobId"));
    m_name->setObjectName(QStringLiteral("jobName"));
    m_description->setObjectName(QStringLiteral("jobDescription"));
    m_kind->setObjectName(QStringLiteral("triggerKind"));
    m_expression->setObjectName(QStringLiteral("cronExpression"));
    m_timeZone->setObjectName(QStringLiteral("timeZone"));
    m_intervalSeconds->setObjectName(QStringLiteral("intervalSeconds"));
    m_workflow->setObjectName(QStringLiteral("workflowName"));
    m_version->setObjectName(QStringLiteral("workflowVersion"));
    m_input->setObjectName(QStringLiteral("workflowInput"));
    m_grace->setObjectName(QStringLiteral("misfireGraceSeconds"));
    m_noGraceLimit->setObjectName(QStringLiteral("noGraceLimit"));
    m_coalesce->setObjectName(QStringLiteral("coalesce"));
    m_maxInstances->setObjectName(QStringLiteral("maxInstances"));
    m_jitter->setObjectName(QStringLiteral("jitterSeconds"));
    m_useStart->setObjectName(QStringLiteral("useStartDate"));
    m_useEnd->setObjectName(QStringLiteral("useEndDate"));
    m_startPaused->setObjectName(QStringLiteral("startPaused"));
    m_previewText->setObjectName(QStringLiteral("previewDescription"));
    m_times->setObjectName(QStringLiteral("previewTimes"));

    m_id->setPlaceholderText(tr("generated when empty"));
    m_kind->addItem(tr("Cron rule"), QStringLiteral("cron"));
    m_kind->addItem(tr("Fixed interval"), QStringLiteral("interval"));
    m_kind->addItem(tr("Once, at a date"), QStringLiteral("date"));
    m_expression->setPlaceholderText(tr("e.g. 30 2 * * * or 0 9 * * mon-fri"));
    m_expression->setText(QStringLiteral("0 * * * *"));
    m_timeZone->setEditable(true);
    m_timeZone->addItem(QStringLiteral("UTC"));
    for (const QByteArray &zone : QTimeZone::availableTimeZoneIds())
        if (zone.contains('/'))
            m_timeZone->addItem(QString::fromLatin1(zone));
    m_timeZone->completer()->setCompletionMode(QCompleter::PopupCompletion);
    m_timeZone->completer()->setFilterMode(Qt::MatchContains);
    const QString systemZone = QString::fromLatin1(QTimeZone::systemTimeZoneId());
    m_timeZone->setCurrentText(systemZone.contains(QLatin1Char('/')) && !systemZone.startsWith(QLatin1String("Etc/")) ? systemZone
                                                                                                                   : QStringLiteral("UTC"));
    m_intervalSeconds->setRange(0.001, 366.0 * 86400);
    m_intervalSeconds->setDecimals(3);
    m_intervalSeconds->setValue(60);
    m_intervalSeconds->setSuffix(tr(" s"));
    m_runAt->setDateTime(QDateTime::fromMSecsSinceEpoch(m_clock->nowMs() + 3600'000).toLocalTime());
    m_start->setDateTime(QDateTime::fromMSecsSinceEpoch(m_clock->nowMs()).toLocalTime());
    m_end->setDateTime(QDateTime::fromMSecsSinceEpoch(m_clock->nowMs() + 30LL * 86400'000).toLocalTime());
    m_workflow->setEditable(true);
    m_version->setRange(0, 1'000'000'000);
    m_version->setSpecialValueText(tr("latest"));
    m_input->setPlainText(QStringLiteral("{}"));
    m_input->setFont(QFont(QStringLiteral("monospace")));
    m_input->setMaximumHeight(90);
    m_grace->setRange(0, 366 * 86400);
    m_grace->setValue(60);
    m_grace->setSuffix(tr(" s"));
    m_coalesce->addItem(tr("latest — run once for the newest missed time"), QStringLiteral("latest"));
    m_coalesce->addItem(tr("earliest — run once for the oldest missed time"), QStringLiteral("earliest"));
    m_coalesce->addItem(tr("all — run every missed time"), QStringLiteral("all"));
    m_maxInstances->setRange(0, 10000);
    m_maxInstances->setValue(1);
    m_maxInstances->setSpecialValueText(tr("unlimited"));
    m_jitter->setRange(0, 86400);
    m_jitter->setDecimals(3);
    m_jitter->setSuffix(tr(" s"));
    m_start->setEnabled(false);
    m_end->setEnabled(false);
    m_previewText->setWordWrap(true);
    m_times->setTextFormat(Qt::PlainText);
    m_times->setMinimumHeight(m_times->fontMetrics().lineSpacing() * 5 + 4);
    m_times->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *cronPage = new QWidget(this);
    auto *cronForm = new QFormLayout(cronPage);
    cronForm->setContentsMargins(0, 0, 0, 0);
    cronForm->addRow(tr("Cron rule"), m_expression);
    cronForm->addRow(tr("Time zone"), m_timeZone);
    auto *intervalPage = new QWidget(this);
    auto *intervalForm = new QFormLayout(intervalPage);
    intervalForm->setContentsMargins(0, 0, 0, 0);
    intervalForm->addRow(tr("Every"), m_intervalSeconds);
    auto *datePage = new QWidget(this);
    auto *dateForm = new QFormLayout(datePage);
    dateForm->setContentsMargins(0, 0, 0, 0);
    dateForm->addRow(tr("Run at (local time)"), m_runAt);
    m_triggerStack->addWidget(cronPage);
    m_triggerStack->addWidget(intervalPage);
    m_triggerStack->addWidget(datePage);

    auto *graceRow = new QHBoxLayout;
    graceRow->addWidget(m_grace, 1);
    graceRow->addWidget(m_noGraceLimit);
    auto *startRow = new QHBoxLayout;
    startRow->addWidget(m_useStart);
    startRow->addWidget(m_start, 1);
    auto *endRow = new QHBoxLayout;
    endRow->addWidget(m_useEnd);
    endRow->addWidget(m_end, 1);

    auto *form = new QFormLayout(this);
    if (isEditing())
        m_id->setReadOnly(true);
    form->addRow(tr("Id"), m_id);
    form->addRow(tr("Name"), m_name);
    form->addRow(tr("Description"), m_description);
    form->addRow(tr("Trigger"), m_kind);
    form->addRow(m_triggerStack);
    form->addRow(tr("Schedule"), m_previewText);
    form->addRow(tr("Next 5 runs"), m_times);
    form->addRow(tr("Workflow"), m_workflow);
    form->addRow(tr("Version"), m_version);
    form->addRow(tr("Input (JSON object)"), m_input);
    form->addRow(tr("Misfire grace"), graceRow);
    form->addRow(tr("Coalesce missed runs"), m_coalesce);
    form->addRow(tr("Max instances"), m_maxInstances);
    form->addRow(tr("Jitter"), m_jitter);
    form->addRow(tr("Start"), startRow);
    form->addRow(tr("End"), endRow);
    if (!isEditing())
        form->addRow(QString(), m_startPaused);
    else
        m_startPaused->hide(); // "paused" is for creation; pause/resume change it later

    form->setContentsMargins(0, 0, 0, 0);

    for (QLineEdit *e : {m_id, m_name, m_description, m_expression})
        connect(e, &QLineEdit::textChanged, this, &JobDefinitionForm::changed);
    connect(m_timeZone, &QComboBox::currentTextChanged, this, &JobDefinitionForm::changed);
    connect(m_workflow, &QComboBox::currentTextChanged, this, &JobDefinitionForm::changed);
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this](int i) {
        m_triggerStack->setCurrentIndex(i);
        Q_EMIT changed();
    });
    connect(m_input, &QPlainTextEdit::textChanged, this, &JobDefinitionForm::changed);
    for (QDoubleSpinBox *s : {m_intervalSeconds, m_jitter})
        connect(s, &QDoubleSpinBox::valueChanged, this, &JobDefinitionForm::changed);
    for (QDateTimeEdit *d : {m_runAt, m_start, m_end})
        connect(d, &QDateTimeEdit::dateTimeChanged, this, &JobDefinitionForm::changed);
    connect(m_noGraceLimit, &QCheckBox::toggled, this, [this](bool on) { m_grace->setEnabled(!on); });
    connect(m_useStart, &QCheckBox::toggled, m_start, &QWidget::setEnabled);
    connect(m_useEnd, &QCheckBox::toggled, m_end, &QWidget::setEnabled);
    for (QCheckBox *c : {m_useStart, m_useEnd})
        connect(c, &QCheckBox::toggled, this, &JobDefinitionForm::changed);
}

void JobDefinitionForm::fillFrom(const QJsonObject &job)
{
    m_id->setText(job.value(QStringLiteral("id")).toString());
    m_name->setText(job.value(QStringLiteral("name")).toString());
    m_description->setText(job.value(QStringLiteral("description")).toString());
    const QJsonObject trigger = job.value(QStringLiteral("trigger")).toObject();
    const QString type = trigger.value(QStringLiteral("type")).toString();
    m_kind->setCurrentIndex(qMax(0, m_kind->findData(type)));
    m_triggerStack->setCurrentIndex(m_kind->currentIndex());
    if (type == QLatin1String("cron")) {
        m_expression->setText(trigger.value(QStringLiteral("expression")).toString());
        m_timeZone->setCurrentText(trigger.value(QStringLiteral("timezone")).toString(QStringLiteral("UTC")));
    } else if (type == QLatin1String("interval")) {
        m_intervalSeconds->setValue(trigger.value(QStringLiteral("intervalMs")).toDouble() / 1000.0);
    } else if (type == QLatin1String("date")) {
        m_runAt->setDateTime(QDateTime::fromString(trigger.value(QStringLiteral("runAt")).toString(), Qt::ISODate).toLocalTime());
    }
    const QJsonObject target = job.value(QStringLiteral("target")).toObject();
    m_workflow->setCurrentText(target.value(QStringLiteral("name")).toString());
    m_version->setValue(target.value(QStringLiteral("version")).toInt(0));
    m_input->setPlainText(QString::fromUtf8(QJsonDocument(target.value(QStringLiteral("input")).toObject()).toJson(QJsonDocument::Indented)));
    const QJsonValue grace = job.value(QStringLiteral("misfireGraceSeconds"));
    m_noGraceLimit->setChecked(grace.isNull());
    if (grace.isDouble())
        m_grace->setValue(grace.toInt());
    m_coalesce->setCurrentIndex(qMax(0, m_coalesce->findData(job.value(QStringLiteral("coalesce")).toString(QStringLiteral("latest")))));
    m_maxInstances->setValue(job.value(QStringLiteral("maxInstances")).toInt(1));
    m_jitter->setValue(job.value(QStringLiteral("jitterSeconds")).toDouble());
    for (auto [key, use, edit] : {std::tuple{"startDate", m_useStart, m_start}, std::tuple{"endDate", m_useEnd, m_end}}) {
        const QString text = job.value(QLatin1String(key)).toString();
        use->setChecked(!text.isEmpty());
        if (!text.isEmpty())
            edit->setDateTime(QDateTime::fromString(text, Qt::ISODate).toLocalTime());
    }
}

QString JobDefinitionForm::triggerKind() const
{
    return m_kind->currentData().toString();
}

QString JobDefinitionForm::expression() const
{
    return m_expression->text().trimmed();
}

QString JobDefinitionForm::timeZone() const
{
    return m_timeZone->currentText().trimmed();
}

qint64 JobDefinitionForm::intervalMs() const
{
    return qMax<qint64>(1, qRound64(m_intervalSeconds->value() * 1000));
}

qint64 JobDefinitionForm::intervalAnchorMs(qint64 nowMs) const
{
    const QJsonObject trigger = m_original.value(QStringLiteral("trigger")).toObject();
    if (trigger.value(QStringLiteral("type")).toString() != QLatin1String("interval"))
        return nowMs;
    const QDateTime start = QDateTime::fromString(trigger.value(QStringLiteral("start")).toString(), Qt::ISODate);
    return start.isValid() ? start.toMSecsSinceEpoch() : nowMs;
}

QDateTime JobDefinitionForm::runAt() const
{
    return m_runAt->dateTime();
}

bool JobDefinitionForm::isBuiltinTarget() const
{
    return m_original.value(QStringLiteral("target")).toObject().value(QStringLiteral("type")).toString() == QLatin1String("builtin");
}

void JobDefinitionForm::setWorkflowNames(const QStringList &names)
{
    const QString current = m_workflow->currentText();
    const QSignalBlocker block(m_workflow);
    m_workflow->clear();
    m_workflow->addItems(names);
    m_workflow->setCurrentText(current);
}

void JobDefinitionForm::setPreview(const QString &description, const QString &times)
{
    m_previewText->setText(description);
    m_times->setText(times);
    m_timeZone->setEnabled(triggerKind() == QLatin1String("cron"));
}

QString JobDefinitionForm::previewText() const
{
    return m_previewText->text();
}

QString JobDefinitionForm::localError() const
{
    if (m_name->text().trimmed().isEmpty())
        return tr("name: is required.");
    if (!isEditing() && !m_id->text().isEmpty()
        && !QRegularExpression(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")).match(m_id->text()).hasMatch())
        return tr("id: 1-64 letters, digits, '_', '.', '-', starting with a letter or digit.");
    if (triggerKind() == QLatin1String("cron") && m_expression->text().trimmed().isEmpty())
        return tr("trigger.expression: is required, e.g. 30 2 * * *.");
    if (triggerKind() == QLatin1String("cron") && m_timeZone->currentText().trimmed().isEmpty())
        return tr("trigger.timezone: is required, e.g. Europe/Berlin or UTC.");
    if (m_workflow->currentText().trimmed().isEmpty())
        return tr("target.name: pick the workflow to start.");
    QJsonParseError err;
    const QByteArray input = m_input->toPlainText().toUtf8();
    const QJsonDocument doc = QJsonDocument::fromJson(input.trimmed().isEmpty() ? QByteArrayLiteral("{}") : input, &err);
    if (err.error != QJsonParseError::NoError) {
        const QByteArray before = input.left(err.offset);
        const int line = int(before.count('\n')) + 1;
        const int column = int(err.offset - (before.lastIndexOf('\n') + 1)) + 1;
        return tr("target.input: %1 at line %2, column %3.").arg(err.errorString()).arg(line).arg(column);
    }
    if (!doc.isObject())
        return tr("target.input: must be a JSON object ({…}).");
    if (m_useStart->isChecked() && m_useEnd->isChecked() && m_end->dateTime() < m_start->dateTime())
        return tr("endDate: must not be before the start.");
    return {};
}

QJsonObject JobDefinitionForm::definition() const
{
    QJsonObject def;
    if (!isEditing() && !m_id->text().isEmpty())
        def.insert(QStringLiteral("id"), m_id->text());
    def.insert(QStringLiteral("name"), m_name->text().trimmed());
    def.insert(QStringLiteral("description"), m_description->text());
    // Keep what the form does not edit (an interval's anchor, a trigger's own bounds, a target's
    // priority and project) when the kind is unchanged.
    const QString kind = triggerKind();
    QJsonObject trigger = m_original.value(QStringLiteral("trigger")).toObject();
    if (trigger.value(QStringLiteral("type")).toString() != kind)
        trigger = {};
    trigger.insert(QStringLiteral("type"), kind);
    if (kind == QLatin1String("cron")) {
        trigger.insert(QStringLiteral("expression"), m_expression->text().trimmed());
        trigger.insert(QStringLiteral("timezone"), m_timeZone->currentText().trimmed());
    } else if (kind == QLatin1String("interval")) {
        trigger.insert(QStringLiteral("intervalMs"), double(intervalMs()));
    } else {
        trigger.insert(QStringLiteral("runAt"), isoUtc(m_runAt->dateTime()));
    }
    def.insert(QStringLiteral("trigger"), trigger);
    QJsonObject target = m_original.value(QStringLiteral("target")).toObject();
    if (!target.contains(QStringLiteral("type")))
        target.insert(QStringLiteral("type"), QStringLiteral("workflow"));
    target.insert(QStringLiteral("name"), m_workflow->currentText().trimmed());
    target.insert(QStringLiteral("version"), m_version->value() > 0 ? QJsonValue(m_version->value()) : QJsonValue());
    const QByteArray input = m_input->toPlainText().toUtf8();
    target.insert(QStringLiteral("input"), QJsonDocument::fromJson(input.trimmed().isEmpty() ? QByteArrayLiteral("{}") : input).object());
    def.insert(QStringLiteral("target"), target);
    def.insert(QStringLiteral("misfireGraceSeconds"), m_noGraceLimit->isChecked() ? QJsonValue() : QJsonValue(m_grace->value()));
    def.insert(QStringLiteral("coalesce"), m_coalesce->currentData().toString());
    def.insert(QStringLiteral("maxInstances"), m_maxInstances->value());
    def.insert(QStringLiteral("jitterSeconds"), m_jitter->value());
    def.insert(QStringLiteral("startDate"), m_useStart->isChecked() ? QJsonValue(isoUtc(m_start->dateTime())) : QJsonValue());
    def.insert(QStringLiteral("endDate"), m_useEnd->isChecked() ? QJsonValue(isoUtc(m_end->dateTime())) : QJsonValue());
    if (!isEditing() && m_startPaused->isChecked())
        def.insert(QStringLiteral("paused"), true);
    return def;
}

} // namespace orrery
