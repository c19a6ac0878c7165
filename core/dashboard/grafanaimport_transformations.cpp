#include "core/dashboard/grafanaimporter.h"

#include "core/dashboard/jsonreader.h"

// Grafana's table transformations: kept on table panels, which run them (transformations.h).
namespace vitals::dashboard::grafana {

using detail::indexPath;
using detail::joinPath;

void Importer::readTransformations(const QJsonObject &p, const QString &path, const QString &what,
                                   Panel &out)
{
    const QJsonArray list = arr(p, "transformations");
    if (list.isEmpty())
        return;
    const QString tPath = joinPath(path, QStringLiteral("transformations"));
    if (out.type != PanelType::Table) {
        skipped(tPath, QStringLiteral("transformations of panel %1 are not applied").arg(what));
        return;
    }
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject entry = list.at(i).toObject();
        const QString id = str(entry, "id");
        if (!isSupportedTransformation(id)) {
            skipped(
                indexPath(tPath, i),
                QStringLiteral("transformation \"%1\" of panel %2 is not supported").arg(id, what));
            continue;
        }
        out.transformations.push_back(
            {id, obj(entry, "options"), entry.value(QLatin1String("disabled")).toBool()});
    }
}

} // namespace vitals::dashboard::grafana
