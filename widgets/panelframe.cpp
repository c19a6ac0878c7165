#include "widgets/panelframe.h"

#include <QLabel>
#include <QResizeEvent>
#include <QVBoxLayout>

#include <algorithm>

namespace vitals {

PanelFrame::PanelFrame(const QString &title, QWidget *content, QWidget *parent)
    : QFrame(parent)
    , m_title(new QLabel(title, this))
    , m_status(new QLabel(this))
    , m_content(content)
    , m_message(new QLabel(this))
{
    setFrameShape(QFrame::StyledPanel);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->setSpacing(2);
    auto *header = new QHBoxLayout;
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    header->addWidget(m_title, 1);
    header->addWidget(m_status);
    fixStatusSize();
    layout->addLayout(header);
    content->setParent(this);
    layout->addWidget(content, 1);

    m_message->setWordWrap(true);
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setAutoFillBackground(true);
    m_message->setMargin(12);
    m_message->hide();
}

QString PanelFrame::title() const
{
    return m_title->text();
}

void PanelFrame::setDescription(const QString &text)
{
    m_title->setToolTip(text);
}

void PanelFrame::setLoading()
{
    m_state = State::Loading;
    m_status->setText(tr("loading…"));
}

void PanelFrame::setReady()
{
    m_state = State::Ready;
    m_status->clear();
    m_message->hide();
}

void PanelFrame::fixStatusSize()
{
    // A label whose size can change asks its parent's layout to run again on every setText(),
    // and the frame's layout then asks the dashboard's grid: with a fixed size, a refresh that
    // toggles "loading…" on 100 panels lays out nothing.
    const QFontMetrics metrics(m_status->font());
    int width = 0;
    for (const QString &text : {tr("loading…"), tr("error")})
        width = std::max(width, metrics.horizontalAdvance(text));
    m_status->setFixedSize(width + 2 * m_status->margin() + 2, metrics.height());
    m_status->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
}

void PanelFrame::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        fixStatusSize();
}

void PanelFrame::setEmpty(const QString &hint, const QString &query)
{
    m_state = State::Empty;
    m_status->clear();
    QString html = QStringLiteral("<b>%1</b><br>%2").arg(tr("No data"), hint.toHtmlEscaped());
    if (!query.isEmpty())
        html += QStringLiteral("<br><code>%1</code>").arg(query.toHtmlEscaped());
    showMessage(html);
}

void PanelFrame::setError(const QString &message, const QString &query)
{
    m_state = State::Error;
    m_status->setText(tr("error"));
    QString html =
        QStringLiteral("<span style='color:#d63b3b'><b>%1</b></span>").arg(message.toHtmlEscaped());
    if (!query.isEmpty())
        html += QStringLiteral("<br><code>%1</code>").arg(query.toHtmlEscaped());
    showMessage(html);
}

QString PanelFrame::message() const
{
    return m_message->isVisibleTo(this) ? m_message->text() : QString();
}

void PanelFrame::resizeEvent(QResizeEvent *event)
{
    QFrame::resizeEvent(event);
    placeMessage();
}

void PanelFrame::showMessage(const QString &html)
{
    m_message->setText(html);
    m_message->show();
    m_message->raise();
    placeMessage();
}

void PanelFrame::placeMessage()
{
    const QRect area = m_content->geometry();
    const int w = std::min(area.width() - 20, 520);
    const int h = std::min(area.height() - 20, m_message->heightForWidth(w) + 4);
    m_message->setGeometry(area.center().x() - w / 2, area.center().y() - h / 2, w,
                           std::max(h, 40));
}

} // namespace vitals
