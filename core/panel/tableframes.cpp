#include "core/panel/tableframes.h"

#include "core/dashboard/seriesoverride.h"
#include "core/dashboard/templating.h"
#include "core/dashboard/valuemapping.h"
#include "core/panel/paneldata.h"

#include <QDateTime>

#include <cmath>

namespace vitals::panel {

using dashboard::Field;
using dashboard::FieldType;
using dashboard::Frame;
using dashboard::Frames;

namespace {

Field timeField(QString name = QStringLiteral("Time"))
{
    Field f;
    f.name = std::move(name);
    f.type = FieldType::Time;
    return f;
}

} // namespace

Frames answerFrames(const dashboard::Panel &panel, const std::vector<PanelValue> &values)
{
    Frames frames;
    const bool several = panel.queries.size() > 1;
    for (std::size_t q = 0; q < panel.queries.size(); ++q) {
        const dashboard::Query &query = panel.queries[q];
        std::vector<const PanelValue *> mine;
        for (const PanelValue &v : values)
            if (v.query == q)
                mine.push_back(&v);
        if (panel.tableFormat) {
            Frame frame;
            frame.refId = query.refId;
            QStringList labelNames;
            for (const PanelValue *v : mine)
                for (const auto &l : v->labels.labels())
                    if (!labelNames.contains(l.name))
                        labelNames << l.name;
            labelNames.sort();
            Field time = timeField();
            std::vector<Field> labels;
            for (const QString &name : labelNames) {
                Field f;
                f.name = name;
                f.type = FieldType::String;
                labels.push_back(std::move(f));
            }
            Field value;
            value.name =
                several ? QStringLiteral("Value #") + query.refId : QStringLiteral("Value");
            for (const PanelValue *v : mine) {
                time.numbers.push_back(double(v->tMs));
                for (std::size_t i = 0; i < labels.size(); ++i) {
                    const QString text = v->labels.value(labelNames.at(qsizetype(i)));
                    labels[i].strings << (text.isEmpty() ? QString() : text);
                }
                value.numbers.push_back(v->value);
            }
            frame.fields.push_back(std::move(time));
            for (Field &f : labels)
                frame.fields.push_back(std::move(f));
            frame.fields.push_back(std::move(value));
            frames.push_back(std::move(frame));
            continue;
        }
        for (const PanelValue *v : mine) {
            Frame frame;
            frame.refId = query.refId;
            Field time = timeField();
            time.numbers.push_back(double(v->tMs));
            Field value;
            value.name = v->name;
            for (const auto &l : v->labels.labels())
                value.labels[l.name] = l.value;
            value.numbers.push_back(v->value);
            frame.fields.push_back(std::move(time));
            frame.fields.push_back(std::move(value));
            frames.push_back(std::move(frame));
        }
    }
    return frames;
}

PanelTable framesTable(const Frames &frames, const dashboard::Panel &panel, units::Unit unit)
{
    PanelTable table;
    const Frame *frame = nullptr;
    for (const Frame &f : frames)
        if (!f.fields.empty()) {
            frame = &f;
            break;
        }
    if (!frame)
        return table;
    std::vector<units::Unit> columnUnits;
    for (const Field &f : frame->fields) {
        const dashboard::SeriesStyle style = dashboard::styleFor(panel.overrides, f.name, {});
        table.header << style.displayName.value_or(f.name);
        columnUnits.push_back(style.unit ? units::unitFromName(*style.unit) : unit);
    }
    for (std::size_t r = 0; r < frame->rows(); ++r) {
        QStringList row;
        for (std::size_t c = 0; c < frame->fields.size(); ++c) {
            const Field &f = frame->fields[c];
            if (f.isNull(r)) {
                row << QString();
            } else if (f.type == FieldType::String) {
                row << f.strings.at(qsizetype(r));
            } else if (f.type == FieldType::Time) {
                row << QDateTime::fromMSecsSinceEpoch(qint64(f.numbers[r]))
                           .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
            } else {
                const auto mapped = dashboard::mapValue(panel.mappings, f.numbers[r]);
                row << (mapped && !mapped->text.isEmpty()
                            ? mapped->text
                            : units::format(f.numbers[r], columnUnits[c]));
            }
        }
        table.rows.push_back(std::move(row));
    }
    return table;
}

} // namespace vitals::panel
