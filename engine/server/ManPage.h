#pragma once

#include <QCommandLineOption>
#include <QList>
#include <QString>
#include <QStringList>

namespace orrery {

// A manual page (man(7) roff) built from the same option table the program's --help prints, so
// the two never disagree: orreryd and orrery render theirs with --man-page, and the build turns
// that into orreryd.1 and orrery.1.
class ManPage
{
public:
    struct Entry
    {
        QString term;
        QString text;
    };

    ManPage(const QString &name, const QString &summary);

    void setSynopsis(const QStringList &lines) { m_synopsis = lines; }
    // Paragraphs separated by blank lines; a line starting with two spaces is kept as is.
    void setDescription(const QString &text) { m_description = text; }
    void setOptions(const QList<QCommandLineOption> &options) { m_options = options; }
    void setCommands(const QList<Entry> &commands) { m_commands = commands; }
    void setEnvironment(const QList<Entry> &variables) { m_environment = variables; }
    // A further section (FILES, SIGNALS, SEE ALSO, ...) in the order added.
    void addSection(const QString &title, const QString &text);

    QString render(const QString &version) const;

    // The options QCommandLineParser's addHelpOption() and addVersionOption() add, which its
    // option list does not show: -h/--help, --help-all, -v/--version.
    static QList<QCommandLineOption> helpAndVersionOptions();

    // Roff-safe text: backslashes escaped, hyphens as \-, a leading dot or quote neutralised.
    static QString escape(const QString &text);

private:
    QString optionTerm(const QCommandLineOption &option) const;

    QString m_name;
    QString m_summary;
    QStringList m_synopsis;
    QString m_description;
    QList<QCommandLineOption> m_options;
    QList<Entry> m_commands;
    QList<Entry> m_environment;
    QList<Entry> m_sections;
};

} // namespace orrery
