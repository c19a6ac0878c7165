// Text panels in HTML (Grafana's mode "html"): drawn as Qt rich text, scripts dropped, nothing
// loaded (an image of /dev/zero would never finish reading), links left to a click, and a huge
// body cut with a note instead of freezing the window. Markdown panels stay QLabels.
#include "ui/panelrenderer.h"

#include <QElapsedTimer>
#include <QLabel>
#include <QTextBrowser>

#include <gtest/gtest.h>

#include <memory>

using namespace vitals;

namespace {

dashboard::Panel textPanel(const QString &content, bool html)
{
    dashboard::Panel p;
    p.id = QStringLiteral("t");
    p.type = dashboard::PanelType::Text;
    p.content = content;
    p.contentHtml = html;
    return p;
}

} // namespace

TEST(HtmlTextPanel, RichTextWithoutScriptsImagesOrAutomaticLinks)
{
    // The Prometheus 1 stats dashboard's panel, plus a script, an image of an endless file and a
    // style sheet from the network.
    const QString html = QStringLiteral(
        "<span style=\"font-size: 25px; color: #bbbfc2\">Prometheus</span>"
        "<p>You're using <b>Prometheus</b>. See <a href=\"http://prometheus.io/\">Prometheus</a>."
        "</p><script>alert('x')</script><img src=\"file:///dev/zero\">"
        "<table><tr><td>cell</td></tr></table>"
        "<link rel=\"stylesheet\" href=\"http://127.0.0.1:9/x.css\">");
    const auto renderer = makeRenderer(textPanel(html, true));
    const std::unique_ptr<QWidget> widget(renderer->widget());
    auto *view = qobject_cast<QTextBrowser *>(widget.get());
    ASSERT_NE(view, nullptr);
    const QString text = view->toPlainText();
    EXPECT_TRUE(text.contains(QStringLiteral("You're using Prometheus. See Prometheus.")))
        << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("cell"))) << text.toStdString();
    EXPECT_FALSE(text.contains(QStringLiteral("alert"))) << text.toStdString();
    EXPECT_TRUE(view->toHtml().contains(QStringLiteral("http://prometheus.io/")));
    EXPECT_TRUE(view->toHtml().contains(QStringLiteral("font-weight")));
    EXPECT_FALSE(view->openLinks());
    EXPECT_FALSE(view->openExternalLinks());
    EXPECT_TRUE(view->isReadOnly());
    // Empty, not null: a null answer would make QTextDocument read the file itself.
    const QVariant resource = view->loadResource(QTextDocument::ImageResource,
                                                 QUrl(QStringLiteral("file:///etc/hostname")));
    EXPECT_FALSE(resource.isNull());
    EXPECT_TRUE(resource.toByteArray().isEmpty());
    widget->resize(400, 300);
    EXPECT_GT(widget->heightForWidth(400), 20);
}

TEST(HtmlTextPanel, HugeBodyIsCutWithANote)
{
    QString html;
    for (int i = 0; i < 40'000; ++i)
        html += QStringLiteral("<p>line %1 <b>bold</b></p>").arg(i);
    ASSERT_GT(html.size(), 1'000'000);
    QElapsedTimer timer;
    timer.start();
    const auto renderer = makeRenderer(textPanel(html, true));
    const std::unique_ptr<QWidget> widget(renderer->widget());
    EXPECT_LT(timer.elapsed(), 5'000);
    auto *view = qobject_cast<QTextBrowser *>(widget.get());
    ASSERT_NE(view, nullptr);
    const QString text = view->toPlainText();
    EXPECT_TRUE(text.contains(QStringLiteral("only its first 64 KiB are shown")))
        << text.right(200).toStdString();
    EXPECT_FALSE(text.contains(QStringLiteral("line 39999")));
}

TEST(HtmlTextPanel, MarkdownStaysALabel)
{
    const auto renderer = makeRenderer(textPanel(QStringLiteral("# Title\n\n*text*"), false));
    const std::unique_ptr<QWidget> widget(renderer->widget());
    auto *label = qobject_cast<QLabel *>(widget.get());
    ASSERT_NE(label, nullptr);
    EXPECT_EQ(label->textFormat(), Qt::MarkdownText);
}
