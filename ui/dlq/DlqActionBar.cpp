#include "DlqActionBar.h"

#include "EngineClient.h"

#include <QAction>
#include <QHBoxLayout>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>

namespace orrery {

namespace {

QPushButton *button(const QString &text, const char *name, QWidget *parent)
{
    auto *b = new QPushButton(text, parent);
    b->setObjectName(QLatin1String(name));
    return b;
}

} // namespace

DlqActionBar::DlqActionBar(QWidget *parent)
    : QWidget(parent)
    , m_replaySel(button(tr("Replay selected…"), "dlqReplaySelected", this))
    , m_replayAll(button(tr("Replay all matching…"), "dlqReplayMatching", this))
    , m_purgeSel(button(tr("Purge selected…"), "dlqPurgeSelected", this))
    , m_purgeAll(button(tr("Purge all matching…"), "dlqPurgeMatching", this))
    , m_rate(new QSpinBox(this))
    , m_progress(new QProgressBar(this))
    , m_cancel(button(tr("Cancel"), "dlqCancel", this))
    , m_curl(button(tr("Copy as curl"), "dlqCopyCurl", this))
{
    setObjectName(QStringLiteral("dlqActions"));
    m_rate->setObjectName(QStringLiteral("dlqRate"));
    m_progress->setObjectName(QStringLiteral("dlqProgress"));
    m_rate->setRange(0, 1000);
    m_rate->setValue(10);
    m_rate->setPrefix(tr("Rate: "));
    m_rate->setSuffix(tr(" /s"));
    m_rate->setToolTip(tr("Replays per second (0 = no limit). A selection is replayed one request per entry at this "
                          "rate; everything matching the filter is a server-side job at this rate."));
    m_replaySel->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_purgeSel->setShortcut(QKeySequence::Delete);
    m_cancel->setShortcut(QKeySequence::Cancel);
    m_progress->hide();
    m_cancel->hide();

    auto *curlMenu = new QMenu(m_curl);
    const QList<QPair<QString, CurlTarget>> curls{{tr("List request"), CurlTarget::List},
                                                  {tr("Selected entry"), CurlTarget::Entry},
                                                  {tr("Replay of the selection"), CurlTarget::ReplaySelection},
                                                  {tr("Purge of the selection"), CurlTarget::PurgeSelection},
                                                  {tr("Replay of everything matching"), CurlTarget::ReplayMatching},
                                                  {tr("Purge of everything matching"), CurlTarget::PurgeMatching}};
    for (const auto &[text, target] : curls)
        connect(curlMenu->addAction(text), &QAction::triggered, this, [this, target = target] { Q_EMIT curlRequested(target); });
    m_curl->setMenu(curlMenu);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    for (QWidget *w : std::initializer_list<QWidget *>{m_replaySel, m_replayAll, m_rate, m_purgeSel, m_purgeAll})
        layout->addWidget(w);
    layout->addStretch(1);
    layout->addWidget(m_progress, 1);
    layout->addWidget(m_cancel);
    layout->addWidget(m_curl);

    connect(m_replaySel, &QPushButton::clicked, this, &DlqActionBar::replaySelected);
    connect(m_replayAll, &QPushButton::clicked, this, &DlqActionBar::replayMatching);
    connect(m_purgeSel, &QPushButton::clicked, this, &DlqActionBar::purgeSelected);
    connect(m_purgeAll, &QPushButton::clicked, this, &DlqActionBar::purgeMatching);
    connect(m_cancel, &QPushButton::clicked, this, &DlqActionBar::cancelRequested);
}

void DlqActionBar::updateFor(const EngineClient *client, bool hasSelection, bool busy)
{
    const QString replayDenied = client ? client->deniedReason(EngineClient::Access::Operator) : QString();
    const QString purgeDenied = client ? client->deniedReason(EngineClient::Access::Admin) : QString();
    const bool ready = client && !busy;
    const auto set = [](QPushButton *b, bool enabled, const QString &denied, const QString &tip) {
        b->setEnabled(enabled && denied.isEmpty());
        b->setToolTip(denied.isEmpty() ? tip : denied);
        b->setStatusTip(b->toolTip());
    };
    set(m_replaySel, ready && hasSelection, replayDenied,
        tr("Replay the selected entries (a selected group stands for its entries); a dry run first. Ctrl+R"));
    set(m_replayAll, ready, replayDenied, tr("Replay every DEAD entry matching the filter; a dry run first."));
    set(m_purgeSel, ready && hasSelection, purgeDenied, tr("Delete the selected entries for good; a dry run first. Del"));
    set(m_purgeAll, ready, purgeDenied, tr("Delete every entry matching the filter for good; a dry run first."));
    m_rate->setEnabled(replayDenied.isEmpty() && !busy);
}

void DlqActionBar::setBusy(bool busy, const QString &label)
{
    m_progress->setVisible(busy);
    m_cancel->setVisible(busy);
    m_progress->setFormat(label.isEmpty() ? QStringLiteral("%v / %m") : label);
    if (busy)
        m_progress->setRange(0, 0);
}

void DlqActionBar::setProgress(int done, int total)
{
    m_progress->setRange(0, total);
    m_progress->setValue(done);
}

int DlqActionBar::rate() const
{
    return m_rate->value();
}

} // namespace orrery
