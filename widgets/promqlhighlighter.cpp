#include "widgets/promqlhighlighter.h"

#include <QGuiApplication>
#include <QPalette>

namespace vitals {

using promql::TokenKind;

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

} // namespace vitals
