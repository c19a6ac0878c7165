#pragma once

#include "core/promql/promqllanguage.h"

#include <QHash>
#include <QPlainTextEdit>
#include <QPointer>
#include <QSet>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

#include <functional>

class QCompleter;
class QStandardItemModel;

namespace vitals {

// Colours PromQL: functions, aggregations, keywords, label names, durations, numbers, strings,
// comments (token classes from promql::tokenizeLine). Raw strings and braces spanning lines are
// followed through the block state. GUI thread only; owned by its document.
class PromQLHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    explicit PromQLHighlighter(QTextDocument *document);

    // The format used for a token class (tests compare it with QTextLayout::formats()).
    static QTextCharFormat formatFor(promql::TokenKind kind);

protected:
    void highlightBlock(const QString &text) override;
};

// Where label names and values come from, implemented by whoever owns a Prometheus client (the
// Explore page). Answers may arrive later; the editor keeps a cache and shows them when the
// cursor is still where they were asked for. A request may be answered with an empty list
// (nothing known, or the server failed) and must be answered at most once.
class PromQLCompletionProvider
{
public:
    using Reply = std::function<void(const QStringList &)>;
    virtual ~PromQLCompletionProvider() = default;

    // Label names of the series of `metric` (every label name when it is empty).
    virtual void requestLabelNames(const QString &metric, Reply reply) = 0;
    // Values of `label` among the series of `metric` (among every series when it is empty).
    virtual void requestLabelValues(const QString &metric, const QString &label, Reply reply) = 0;
};

// A PromQL editor: syntax highlighting and a completion popup that knows where the cursor is.
//  - outside braces: functions and aggregation operators (each with its one-line doc), keywords
//    and the metric names given with setMetricNames() (their HELP as the doc);
//  - after "{" or "," inside braces: label names of the metric before the brace;
//  - inside the quotes of label="…: that label's values.
// Ctrl+Space opens the popup, Tab/Enter accept, Escape closes; Ctrl+Enter emits runRequested().
// A Prometheus parse error can be marked at its line and column with showErrorAt().
// GUI thread only; owned by its parent widget; the provider is not owned.
class PromQLEditor : public QPlainTextEdit
{
    Q_OBJECT
public:
    // Data roles of the completion model (column 0).
    enum Role { KindRole = Qt::UserRole + 1, DocRole };
    enum class ItemKind { Function, Aggregation, Keyword, Metric, LabelName, LabelValue };

    explicit PromQLEditor(QWidget *parent = nullptr);
    ~PromQLEditor() override;

    QString query() const { return toPlainText(); }
    void setQuery(const QString &query);

    // Metric names offered outside braces; `help` maps a name to its type and HELP text.
    void setMetricNames(const QStringList &names, const QHash<QString, QString> &help = {});
    QStringList metricNames() const { return m_metricNames; }
    void setCompletionProvider(PromQLCompletionProvider *provider);
    // Forgets cached label names and values (after a connection change).
    void clearCompletionCache();

    // Looks at the cursor, fills the completion model and, if `showPopup`, opens the popup when
    // there is something to offer (a label list may open it later, when its answer arrives).
    void updateCompletions(bool showPopup = true);
    QCompleter *completer() const { return m_completer; }
    // The entries the popup offers now (completion prefix applied), in order.
    QStringList completionCandidates() const;
    // The context of the last updateCompletions().
    promql::CompletionContext completionContext() const { return m_context; }
    // Accepts the candidate at `row` of completionCandidates() as if the user picked it.
    void acceptCompletion(int row);

    // Marks the span in error at (`line`, `column`) (0-based; the column in QChar units) and sets
    // the mark's tooltip to `message`; moves the cursor there when `placeCursor` (after a run,
    // not while the user types). clearError() removes the mark.
    void showErrorAt(int line, int column, const QString &message, bool placeCursor = true);
    QString errorMessage() const { return m_errorMessage; }
    void clearError();
    bool hasErrorMark() const { return m_hasError; }

    QSize sizeHint() const override;

Q_SIGNALS:
    // Ctrl+Enter (or Ctrl+Return): run the query.
    void runRequested();

protected:
    void keyPressEvent(QKeyEvent *event) override;
    bool event(QEvent *event) override;

private:
    void fillModel();
    // The TYPE — HELP of a metric, or of its histogram/summary family for _bucket, _sum, _count.
    QString helpFor(const QString &metric) const;
    void addRow(const QString &text, const QString &doc, ItemKind kind);
    void insertCompletion(const QModelIndex &index);
    void showPopup();
    void requestLabels();

    QCompleter *m_completer = nullptr;
    QStandardItemModel *m_model = nullptr;
    PromQLHighlighter *m_highlighter = nullptr;
    PromQLCompletionProvider *m_provider = nullptr;
    QStringList m_metricNames;
    QHash<QString, QString> m_metricHelp;
    QHash<QString, QStringList> m_labelNameCache;  // metric → label names
    QHash<QString, QStringList> m_labelValueCache; // metric + '\x1f' + label → values
    QSet<QString> m_pending;                       // cache keys asked for, not answered yet
    promql::CompletionContext m_context;
    bool m_popupWanted = false;
    bool m_hasError = false;
    QString m_errorMessage;
    int m_generation = 0; // bumped by clearCompletionCache(): late answers are dropped
};

} // namespace vitals
