#include "ui/panelrenderer.h"

#include "widgets/panelframe.h"

#include <QDesktopServices>
#include <QLabel>
#include <QRegularExpression>
#include <QTextBrowser>
#include <QTextDocument>

#include <cmath>
#include <memory>

namespace vitals {

namespace {

// HTML beyond this many characters is cut: Qt lays out the whole document on the UI thread, so a
// published dashboard with a megabyte of HTML must not freeze the window.
constexpr qsizetype kMaxHtmlChars = 64 * 1024;

// HTML as Qt's rich text draws it (tables, lists, fonts, colours, links) that never loads
// anything: no image, style sheet or file is read, from disk or the network (loadResource
// answers empty data), and a link opens in the browser only when clicked, and only for http(s) and
// mailto.
class HtmlTextView : public QTextBrowser
{
public:
    HtmlTextView()
    {
        setOpenLinks(false);
        setOpenExternalLinks(false);
        setFrameShape(QFrame::NoFrame);
        viewport()->setAutoFillBackground(false);
        connect(this, &QTextBrowser::anchorClicked, this, [](const QUrl &url) {
            const QString scheme = url.scheme().toLower();
            if (scheme == QLatin1String("http") || scheme == QLatin1String("https")
                || scheme == QLatin1String("mailto"))
                QDesktopServices::openUrl(url);
        });
    }

    // An empty answer that is not null: a null one would make QTextDocument read a local file
    // itself (an image of /dev/zero would never finish).
    QVariant loadResource(int, const QUrl &) override { return QVariant(QByteArray()); }

    // The report sizes a text panel to its text at the page's width.
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override
    {
        // Parented to the view, so its images are asked of loadResource above too.
        const std::unique_ptr<QTextDocument> doc(
            document()->clone(const_cast<HtmlTextView *>(this)));
        doc->setTextWidth(width);
        return int(std::ceil(doc->size().height()));
    }
};

// The HTML a text panel shows: scripts dropped (Qt would print their code as text), and a body
// longer than kMaxHtmlChars cut there with a note saying so.
QString shownHtml(const QString &content)
{
    QString html = content.left(kMaxHtmlChars);
    static const QRegularExpression script(QStringLiteral("<script\\b.*?(</script\\s*>|$)"),
                                           QRegularExpression::CaseInsensitiveOption
                                               | QRegularExpression::DotMatchesEverythingOption);
    html.remove(script);
    if (content.size() > kMaxHtmlChars)
        html += QObject::tr("<hr><p><i>This text is %1 KiB of HTML; only its first %2 KiB are "
                            "shown.</i></p>")
                    .arg(content.size() / 1024)
                    .arg(kMaxHtmlChars / 1024);
    return html;
}

// A text panel: the panel's Markdown content, or its HTML (Grafana's mode "html"); it has no
// data, so it is always ready.
class TextRenderer : public PanelRenderer
{
public:
    explicit TextRenderer(const dashboard::Panel &panel)
    {
        if (panel.contentHtml) {
            auto *view = new HtmlTextView;
            view->setHtml(shownHtml(panel.content));
            m_widget = view;
            return;
        }
        auto *label = new QLabel(panel.content);
        label->setWordWrap(true);
        label->setTextFormat(Qt::MarkdownText);
        label->setAlignment(Qt::AlignTop | Qt::AlignLeft);
        m_widget = label;
    }

    QWidget *widget() const override { return m_widget; }
    void render(const panel::PanelData &, PanelFrame &frame) override { frame.setReady(); }

private:
    QWidget *m_widget = nullptr;
};

} // namespace

std::unique_ptr<PanelRenderer> makeTextRenderer(const dashboard::Panel &panel)
{
    return std::make_unique<TextRenderer>(panel);
}

} // namespace vitals
