#pragma once

#include <QWidget>

class QProgressBar;
class QPushButton;
class QSpinBox;

namespace orrery {

class EngineClient;

// The DLQ view's actions: Replay / Purge of the selection or of everything matching the filter,
// the replay rate, the progress of a running operation with Cancel, and "Copy as curl". An
// action the token's role may not perform is disabled with the reason as its tooltip.
class DlqActionBar : public QWidget
{
    Q_OBJECT

public:
    enum class CurlTarget { List, Entry, ReplaySelection, PurgeSelection, ReplayMatching, PurgeMatching };

    explicit DlqActionBar(QWidget *parent = nullptr);

    // Enables what `client`'s role allows, given whether entries are selected and whether an
    // operation is running.
    void updateFor(const EngineClient *client, bool hasSelection, bool busy);
    // Shows the progress bar (busy until setProgress) and Cancel; `label` uses %v and %m.
    void setBusy(bool busy, const QString &label = {});
    void setProgress(int done, int total);
    int rate() const;

Q_SIGNALS:
    void replaySelected();
    void replayMatching();
    void purgeSelected();
    void purgeMatching();
    void cancelRequested();
    void curlRequested(orrery::DlqActionBar::CurlTarget target);

private:
    QPushButton *m_replaySel;
    QPushButton *m_replayAll;
    QPushButton *m_purgeSel;
    QPushButton *m_purgeAll;
    QSpinBox *m_rate;
    QProgressBar *m_progress;
    QPushButton *m_cancel;
    QPushButton *m_curl;
};

} // namespace orrery
