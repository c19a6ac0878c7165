#include "ui/reportimages.h"

#include "ui/panelrenderer.h"
#include "ui/reportpager.h"
#include "widgets/panelframe.h"
#include "widgets/timeserieschart.h"

#include <QApplication>
#include <QStyle>

namespace vitals::report {

namespace {

std::unique_ptr<QWidget> makeStage()
{
    auto stage = std::make_unique<QWidget>();
    stage->setAttribute(Qt::WA_DontShowOnScreen);
    stage->setPalette(QApplication::style()->standardPalette());
    return stage;
}

QImage grab(QWidget &stage, QWidget &what, QSize size)
{
    QImage image(size * kImageScale, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(kImageScale);
    image.fill(stage.palette().color(QPalette::Window));
    what.render(&image);
    return image;
}

} // namespace

PanelPicture::PanelPicture(const dashboard::Panel &panel,
                           std::shared_ptr<const panel::PanelData> data,
                           std::vector<std::pair<qint64, qint64>> alertSpans)
    : m_stage(makeStage())
    , m_renderer(makeRenderer(panel))
{
    m_frame = makePanelFrame(panel, *m_renderer, m_stage.get());
    if (auto *chart = qobject_cast<TimeSeriesChart *>(m_frame->content()))
        chart->setShadedSpans(std::move(alertSpans));
    if (data)
        m_renderer->render(*data, *m_frame);
}

PanelPicture::~PanelPicture() = default;

QImage PanelPicture::render(QSize size)
{
    m_stage->resize(size);
    m_frame->setGeometry(QRect(QPoint(0, 0), size));
    m_frame->show();
    m_stage->show();
    QCoreApplication::sendPostedEvents();
    if (auto *chart = qobject_cast<TimeSeriesChart *>(m_frame->content()))
        chart->flush();
    QCoreApplication::sendPostedEvents();
    return grab(*m_stage, *m_frame, size);
}

std::vector<QColor> PanelPicture::seriesColors() const
{
    std::vector<QColor> colors;
    if (const auto *chart = qobject_cast<const TimeSeriesChart *>(m_frame->content()))
        for (int i = 0; i < chart->seriesCount(); ++i)
            colors.push_back(chart->seriesColor(i));
    return colors;
}

int PanelPicture::contentHeightForWidth(int width) const
{
    const QWidget *content = m_frame->content();
    return content && content->hasHeightForWidth() ? content->heightForWidth(width) : -1;
}

QImage renderSeries(std::vector<ChartSeries> series, qint64 fromMs, qint64 toMs, QSize size,
                    units::Unit unit)
{
    const auto stage = makeStage();
    stage->resize(size);
    auto *chart = new TimeSeriesChart(stage.get());
    chart->setValueBounds(0.0, unit == units::Unit::PercentUnit ? std::optional<double>(1.0)
                                                                : std::nullopt);
    chart->setUnit(unit);
    chart->setGeometry(QRect(QPoint(0, 0), size));
    chart->setTimeSpan(fromMs, toMs);
    chart->setSeries(std::move(series));
    stage->show();
    QCoreApplication::sendPostedEvents();
    chart->flush();
    QCoreApplication::sendPostedEvents();
    return grab(*stage, *chart, size);
}

} // namespace vitals::report
