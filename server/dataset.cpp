#include "server/dataset.h"

#include <QFile>

#include <cmath>

namespace iris {

std::optional<Dataset> loadCsv(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot open %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    // The data sets this reads are small; refuse anything absurd rather than fill memory.
    constexpr qint64 kMaxBytes = 64LL * 1024 * 1024;
    if (file.size() > kMaxBytes) {
        if (error)
            *error = QStringLiteral("%1 is larger than 64 MiB").arg(path);
        return std::nullopt;
    }
    return parseCsv(file.readAll(), path, error);
}

std::optional<Dataset> parseCsv(const QByteArray &text, const QString &origin, QString *error)
{
    auto fail = [&](int line, const QString &what) -> std::optional<Dataset> {
        if (error)
            *error = QStringLiteral("%1:%2: %3").arg(origin).arg(line).arg(what);
        return std::nullopt;
    };

    Dataset data;
    const QList<QByteArray> lines = text.split('\n');
    int lineNo = 0;
    for (QByteArray line : lines) {
        ++lineNo;
        line = line.trimmed();
        if (line.isEmpty())
            continue;
        const QList<QByteArray> cells = line.split(',');
        if (cells.size() != kFeatureCount + 1)
            return fail(lineNo, QStringLiteral("expected %1 columns, found %2")
                                    .arg(kFeatureCount + 1)
                                    .arg(cells.size()));
        if (data.featureNames.isEmpty()) {
            for (int i = 0; i < kFeatureCount; ++i)
                data.featureNames << QString::fromUtf8(cells[i].trimmed());
            continue;
        }
        Example example;
        for (int i = 0; i < kFeatureCount; ++i) {
            bool ok = false;
            const double v = cells[i].trimmed().toDouble(&ok);
            if (!ok || !std::isfinite(v))
                return fail(lineNo, QStringLiteral("column %1 is not a finite number: \"%2\"")
                                        .arg(i + 1)
                                        .arg(QString::fromUtf8(cells[i].left(40))));
            example.features[std::size_t(i)] = v;
        }
        const QString cls = QString::fromUtf8(cells[kFeatureCount].trimmed());
        if (cls.isEmpty())
            return fail(lineNo, QStringLiteral("empty class name"));
        int label = int(data.classNames.indexOf(cls));
        if (label < 0) {
            label = int(data.classNames.size());
            data.classNames << cls;
        }
        example.label = label;
        data.examples.push_back(example);
    }
    if (data.featureNames.isEmpty())
        return fail(lineNo, QStringLiteral("no header line"));
    if (data.examples.empty())
        return fail(lineNo, QStringLiteral("no examples after the header"));
    return data;
}

} // namespace iris
