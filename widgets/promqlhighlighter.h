#pragma once

#include "core/promql/promqllanguage.h"

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

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

} // namespace vitals
