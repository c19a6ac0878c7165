#include "widgets/promqleditor.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHeaderView>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QScrollBar>
#include <QStandardItemModel>
#include <QTextBlock>
#include <QToolTip>
#include <QTreeView>

namespace vitals {

using promql::CompletionContext;
using promql::TokenKind;

namespace {

QString cacheKey(const QString &metric, const QString &label)
{
    return metric + QChar(0x1f) + label;
}

QString itemKindName(PromQLEditor::ItemKind kind)
{
    switch (kind) {
    case PromQLEditor::ItemKind::Function:
        return QObject::tr("function");
    case PromQLEditor::ItemKind::Aggregation:
        return QObject::tr("aggregation");
    case PromQLEditor::ItemKind::Keyword:
        return QObject::tr("keyword");
    case PromQLEditor::ItemKind::Metric:
        return QObject::tr("metric");
    case PromQLEditor::ItemKind::LabelName:
        return QObject::tr("label");
    case PromQLEditor::ItemKind::LabelValue:
        return QObject::tr("value");
    }
    return {};
}

} // namespace

PromQLHighlighter::PromQLHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
{}

QTextCharFormat PromQLHighlighter::formatFor(TokenKind kind)
{
    QTextCharFormat f;
    switch (kind) {
    case TokenKind::Function:
        f.setForeground(QColor(0x1f, 0x6f, 0xc5));
        break;
    case TokenKind::Aggregation:
        f.setForeground(QColor(0x1f, 0x6f, 0xc5));
        f.setFontWeight(QFont::Bold);
        break;
    case TokenKind::Keyword:
        f.setForeground(QColor(0x9b, 0x3d, 0xb8));
        f.setFontWeight(QFont::Bold);
        break;
    case TokenKind::LabelName:
        f.setForeground(QColor(0xb3, 0x5c, 0x00));
        break;
    case TokenKind::Duration:
        f.setForeground(QColor(0x0a, 0x8a, 0x7a));
        break;
    case TokenKind::Number:
        f.setForeground(QColor(0x0a, 0x7a, 0x3a));
        break;
    case TokenKind::String:
        f.setForeground(QColor(0xb3, 0x22, 0x22));
        break;
    case TokenKind::Comment:
        f.setForeground(QColor(0x80, 0x80, 0x80));
        f.setFontItalic(true);
        break;
    case TokenKind::Operator:
        f.setForeground(QColor(0x60, 0x60, 0x60));
        break;
    case TokenKind::Identifier:
    case TokenKind::Punctuation:
        break;
    }
    // On a dark base (View › Theme › Dark) the same hues, lighter, so dark red strings and
    // blue functions stay readable.
    if (f.hasProperty(QTextFormat::ForegroundBrush)
        && QGuiApplication::palette().color(QPalette::Base).lightness() < 128)
        f.setForeground(f.foreground().color().lighter(160));
    return f;
}

void PromQLHighlighter::highlightBlock(const QString &text)
{
    promql::LineState state = promql::LineState::fromInt(previousBlockState());
    for (const promql::Token &t : promql::tokenizeLine(text, &state)) {
        if (t.kind != TokenKind::Identifier && t.kind != TokenKind::Punctuation)
            setFormat(t.start, t.length, formatFor(t.kind));
    }
    setCurrentBlockState(state.toInt());
}

PromQLEditor::PromQLEditor(QWidget *parent)
    : QPlainTextEdit(parent)
    , m_completer(new QCompleter(this))
    , m_model(new QStandardItemModel(this))
    , m_highlighter(new PromQLHighlighter(document()))
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setTabChangesFocus(false);
    setLineWrapMode(QPlainTextEdit::WidgetWidth);
    setPlaceholderText(tr("PromQL expression, e.g. rate(inference_requests_total[1m])  —  "
                          "Ctrl+Space completes, Ctrl+Enter runs"));

    auto *popup = new QTreeView;
    popup->setHeaderHidden(true);
    popup->setRootIsDecorated(false);
    popup->setUniformRowHeights(true);
    popup->setAlternatingRowColors(true);
    popup->setSelectionBehavior(QAbstractItemView::SelectRows);
    popup->setEditTriggers(QAbstractItemView::NoEditTriggers);
    popup->header()->setStretchLastSection(true);
    m_completer->setModel(m_model);
    m_completer->setPopup(popup); // the completer owns the popup
    m_completer->setWidget(this);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setFilterMode(Qt::MatchContains);
    m_completer->setCompletionColumn(0);
    m_completer->setMaxVisibleItems(12);
    connect(m_completer, qOverload<const QModelIndex &>(&QCompleter::activated), this,
            &PromQLEditor::insertCompletion);
}

PromQLEditor::~PromQLEditor() = default;

QSize PromQLEditor::sizeHint() const
{
    const int lines = 4;
    return {600, fontMetrics().lineSpacing() * lines + 2 * frameWidth() + 12};
}

void PromQLEditor::setQuery(const QString &query)
{
    setPlainText(query);
    moveCursor(QTextCursor::End);
    clearError();
}

void PromQLEditor::setMetricNames(const QStringList &names, const QHash<QString, QString> &help)
{
    m_metricNames = names;
    m_metricHelp = help;
}

void PromQLEditor::setCompletionProvider(PromQLCompletionProvider *provider)
{
    m_provider = provider;
    clearCompletionCache();
}

void PromQLEditor::clearCompletionCache()
{
    m_labelNameCache.clear();
    m_labelValueCache.clear();
    m_pending.clear();
    ++m_generation;
}

void PromQLEditor::addRow(const QString &text, const QString &doc, ItemKind kind)
{
    auto *name = new QStandardItem(text);
    name->setData(int(kind), KindRole);
    name->setData(doc, DocRole);
    const QString tip = doc.isEmpty() ? itemKindName(kind) : doc;
    name->setToolTip(tip);
    auto *detail = new QStandardItem(doc.isEmpty() ? itemKindName(kind) : doc);
    detail->setToolTip(tip);
    detail->setForeground(QColor(0x70, 0x70, 0x70));
    m_model->appendRow({name, detail});
}

QString PromQLEditor::helpFor(const QString &metric) const
{
    if (const auto it = m_metricHelp.constFind(metric); it != m_metricHelp.cend())
        return *it;
    // Prometheus describes a histogram or summary once, under its family name; its series
    // carry a suffix.
    static const std::pair<QLatin1String, const char *> kSuffixes[] = {
        {QLatin1String("_bucket"), QT_TR_NOOP("buckets of")},
        {QLatin1String("_sum"), QT_TR_NOOP("sum of")},
        {QLatin1String("_count"), QT_TR_NOOP("count of")}};
    for (const auto &[suffix, what] : kSuffixes)
        if (metric.endsWith(suffix)) {
            const QString family = metric.left(metric.size() - suffix.size());
            if (const auto it = m_metricHelp.constFind(family); it != m_metricHelp.cend())
                return tr("%1 %2: %3").arg(tr(what), family, *it);
        }
    return {};
}

void PromQLEditor::fillModel()
{
    m_model->clear();
    switch (m_context.kind) {
    case CompletionContext::Kind::None:
        break;
    case CompletionContext::Kind::Name:
        for (const promql::FunctionDoc &f : promql::functions())
            addRow(f.name, f.signature + QStringLiteral(" — ") + f.doc,
                   f.kind == promql::FunctionKind::Aggregation ? ItemKind::Aggregation
                                                               : ItemKind::Function);
        for (const QString &k : promql::keywords())
            addRow(k, QString(), ItemKind::Keyword);
        for (const QString &m : m_metricNames)
            addRow(m, helpFor(m), ItemKind::Metric);
        break;
    case CompletionContext::Kind::LabelName:
        for (const QString &l : m_labelNameCache.value(m_context.metric))
            addRow(l, QString(), ItemKind::LabelName);
        break;
    case CompletionContext::Kind::LabelValue:
        for (const QString &v :
             m_labelValueCache.value(cacheKey(m_context.metric, m_context.label)))
            addRow(v, QString(), ItemKind::LabelValue);
        break;
    }
    m_completer->setCompletionPrefix(m_context.prefix);
}

void PromQLEditor::requestLabels()
{
    if (!m_provider)
        return;
    const int generation = m_generation;
    QPointer<PromQLEditor> self(this);
    if (m_context.kind == CompletionContext::Kind::LabelName) {
        const QString metric = m_context.metric;
        const QString key = cacheKey(metric, QString()) + QStringLiteral("names");
        if (m_labelNameCache.contains(metric) || m_pending.contains(key))
            return;
        m_pending.insert(key);
        m_provider->requestLabelNames(
            metric, [self, generation, metric, key](const QStringList &names) {
                if (!self || self->m_generation != generation)
                    return;
                self->m_pending.remove(key);
                QStringList visible;
                for (const QString &n : names)
                    if (n != QLatin1String("__name__"))
                        visible << n;
                self->m_labelNameCache.insert(metric, visible);
                if (self->m_context.kind == CompletionContext::Kind::LabelName
                    && self->m_context.metric == metric)
                    self->updateCompletions(self->m_popupWanted);
            });
    } else if (m_context.kind == CompletionContext::Kind::LabelValue) {
        const QString metric = m_context.metric;
        const QString label = m_context.label;
        const QString key = cacheKey(metric, label);
        if (m_labelValueCache.contains(key) || m_pending.contains(key))
            return;
        m_pending.insert(key);
        m_provider->requestLabelValues(
            metric, label, [self, generation, key, metric, label](const QStringList &values) {
                if (!self || self->m_generation != generation)
                    return;
                self->m_pending.remove(key);
                self->m_labelValueCache.insert(key, values);
                if (self->m_context.kind == CompletionContext::Kind::LabelValue
                    && self->m_context.metric == metric && self->m_context.label == label)
                    self->updateCompletions(self->m_popupWanted);
            });
    }
}

void PromQLEditor::updateCompletions(bool showPopup)
{
    m_context = promql::completionContext(toPlainText(), textCursor().position());
    m_popupWanted = showPopup;
    requestLabels();
    fillModel();
    if (showPopup)
        this->showPopup();
}

void PromQLEditor::showPopup()
{
    if (m_context.kind == CompletionContext::Kind::None || m_completer->completionCount() == 0) {
        m_completer->popup()->hide();
        return;
    }
    // A single candidate equal to what is typed is no help.
    if (m_completer->completionCount() == 1
        && m_completer->currentCompletion() == m_context.prefix) {
        m_completer->popup()->hide();
        return;
    }
    QAbstractItemView *popup = m_completer->popup();
    popup->setCurrentIndex(m_completer->completionModel()->index(0, 0));
    if (auto *tree = qobject_cast<QTreeView *>(popup))
        tree->resizeColumnToContents(0);
    QRect rect = cursorRect();
    rect.setWidth(std::min(760, std::max(420, width())));
    m_completer->complete(rect);
}

QStringList PromQLEditor::completionCandidates() const
{
    QStringList out;
    const QAbstractItemModel *model = m_completer->completionModel();
    for (int r = 0; r < model->rowCount(); ++r)
        out << model->index(r, 0).data().toString();
    return out;
}

void PromQLEditor::acceptCompletion(int row)
{
    insertCompletion(m_completer->completionModel()->index(row, 0));
}

void PromQLEditor::insertCompletion(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    const QString text = index.sibling(index.row(), 0).data().toString();
    const auto kind = ItemKind(index.sibling(index.row(), 0).data(KindRole).toInt());
    const CompletionContext ctx = promql::completionContext(toPlainText(), textCursor().position());
    QTextCursor cursor = textCursor();
    cursor.setPosition(ctx.prefixStart);
    cursor.setPosition(textCursor().position(), QTextCursor::KeepAnchor);
    QString insert = text;
    bool reopen = false;
    const QString plain = toPlainText();
    const int after = textCursor().position();
    switch (kind) {
    case ItemKind::Function:
    case ItemKind::Aggregation:
        if (after >= plain.size() || plain[after] != u'(')
            insert += u'(';
        break;
    case ItemKind::LabelName:
        if (ctx.metric.isEmpty() && after < plain.size() && plain[after] == u')')
            break; // inside by(…)/without(…): just the name
        if (after >= plain.size() || (plain[after] != u'=' && plain[after] != u'!')) {
            insert += QStringLiteral("=\"");
            reopen = true;
        }
        break;
    case ItemKind::LabelValue:
        if (after >= plain.size() || plain[after] != ctx.quote)
            insert += ctx.quote.isNull() ? QChar(u'"') : ctx.quote;
        break;
    case ItemKind::Keyword:
    case ItemKind::Metric:
        break;
    }
    cursor.insertText(insert);
    setTextCursor(cursor);
    m_completer->popup()->hide();
    if (reopen)
        updateCompletions(true);
}

void PromQLEditor::keyPressEvent(QKeyEvent *event)
{
    const bool ctrl = event->modifiers() & Qt::ControlModifier;
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    if (ctrl && enter) {
        m_completer->popup()->hide();
        Q_EMIT runRequested();
        return;
    }
    if (m_completer->popup()->isVisible()) {
        switch (event->key()) {
        case Qt::Key_Return:
        case Qt::Key_Enter:
        case Qt::Key_Escape:
        case Qt::Key_Tab:
        case Qt::Key_Backtab:
            event->ignore(); // the completer accepts or closes
            return;
        default:
            break;
        }
    }
    if (ctrl && event->key() == Qt::Key_Space) {
        updateCompletions(true);
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
    if (m_hasError && !event->text().isEmpty())
        clearError();

    const QString typed = event->text();
    const bool printable = !typed.isEmpty() && !ctrl && (typed[0].isPrint());
    const bool erase = event->key() == Qt::Key_Backspace || event->key() == Qt::Key_Delete;
    if (!printable && !erase) {
        if (event->key() != Qt::Key_Shift)
            m_completer->popup()->hide();
        return;
    }
    m_context = promql::completionContext(toPlainText(), textCursor().position());
    const bool labelContext = m_context.kind == CompletionContext::Kind::LabelName
                              || m_context.kind == CompletionContext::Kind::LabelValue;
    if (labelContext || m_context.prefix.size() >= 1)
        updateCompletions(true);
    else
        m_completer->popup()->hide();
}

void PromQLEditor::showErrorAt(int line, int column, const QString &message, bool placeCursor)
{
    const QTextBlock block = document()->findBlockByNumber(line);
    if (!block.isValid())
        return;
    const int length = block.length() - 1; // without the paragraph separator
    column = std::clamp(column, 0, std::max(0, length));
    if (placeCursor) {
        QTextCursor cursor(block);
        cursor.setPosition(block.position() + column);
        setTextCursor(cursor);
    }

    QTextEdit::ExtraSelection mark;
    mark.cursor = QTextCursor(block);
    // The span in error: the whole name or number the position falls in, or else from the
    // position to the end of the line (at most 40 characters). At the end of a line (an
    // unclosed parenthesis) the last character is marked.
    const QString text = block.text();
    auto isWord = [&](int i) {
        return i >= 0 && i < length
               && (text[i].isLetterOrNumber() || text[i] == u'_' || text[i] == u':');
    };
    int from = column < length ? column : std::max(0, length - 1);
    int to = from + 1;
    if (isWord(from)) {
        while (isWord(from - 1))
            --from;
        while (isWord(to))
            ++to;
    } else {
        to = std::min(length, from + 40);
    }
    to = std::max(std::min(to, length), std::min(length, from + 1));
    mark.cursor.setPosition(block.position() + from);
    mark.cursor.setPosition(block.position() + to, QTextCursor::KeepAnchor);
    // Translucent, so the text stays readable on light and dark palettes alike.
    mark.format.setBackground(QColor(0xd6, 0x3b, 0x3b, 90));
    mark.format.setFontUnderline(true);
    mark.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
    mark.format.setUnderlineColor(QColor(0xd6, 0x3b, 0x3b));
    mark.format.setToolTip(message);
    setExtraSelections({mark});
    m_hasError = true;
    m_errorMessage = message;
    if (placeCursor)
        ensureCursorVisible();
}

void PromQLEditor::clearError()
{
    if (!m_hasError)
        return;
    setExtraSelections({});
    m_hasError = false;
    m_errorMessage.clear();
}

bool PromQLEditor::event(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange)
        m_highlighter->rehighlight(); // the theme changed: the colours follow
    if (event->type() == QEvent::ToolTip && m_hasError) {
        auto *help = static_cast<QHelpEvent *>(event);
        QToolTip::showText(help->globalPos(), m_errorMessage, this);
        return true;
    }
    return QPlainTextEdit::event(event);
}

} // namespace vitals
