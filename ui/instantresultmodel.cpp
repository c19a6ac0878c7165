#include "ui/instantresultmodel.h"

#include <QDateTime>

#include <cmath>
#include <set>

namespace vitals {

namespace {

// Six significant digits read well (52.0847, not 52.0847457627119); the tooltip has them all.
QString formatValue(double v, int digits = 6)
{
    if (std::isnan(v))
        return QStringLiteral("NaN");
    if (std::isinf(v))
        return v > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf");
    return QString::number(v, 'g', digits);
}

} // namespace

InstantResultModel::InstantResultModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void InstantResultModel::clear()
{
    beginResetModel();
    m_labels.clear();
    m_rows.clear();
    endResetModel();
}

void InstantResultModel::setResult(const prom::QueryResult &result)
{
    beginResetModel();
    m_labels.clear();
    m_rows.clear();
    std::set<QString> names;
    switch (result.type) {
    case prom::ResultType::Vector:
        for (const prom::VectorSample &s : result.vector) {
            Row row{s.labels.toMap(), formatValue(s.value), s.value};
            for (auto it = row.labels.cbegin(); it != row.labels.cend(); ++it)
                names.insert(it.key());
            m_rows.push_back(std::move(row));
        }
        break;
    case prom::ResultType::Matrix:
        for (const series::Series &s : result.matrix) {
            Row row{s.labels().toMap(), QString(), qQNaN()};
            QStringList lines;
            for (std::size_t i = 0; i < s.size(); ++i)
                lines << QStringLiteral("%1 @ %2").arg(
                    formatValue(s.value(i)), QDateTime::fromMSecsSinceEpoch(s.timestampAt(i))
                                                 .toString(QStringLiteral("HH:mm:ss.zzz")));
            row.valueText = lines.join(u'\n');
            if (!s.isEmpty())
                row.value = s.value(s.size() - 1);
            for (auto it = row.labels.cbegin(); it != row.labels.cend(); ++it)
                names.insert(it.key());
            m_rows.push_back(std::move(row));
        }
        break;
    case prom::ResultType::Scalar:
        m_rows.push_back({{}, formatValue(result.scalar), result.scalar});
        break;
    case prom::ResultType::String:
        m_rows.push_back({{}, result.string, qQNaN()});
        break;
    case prom::ResultType::None:
        break;
    }
    if (names.erase(QStringLiteral("__name__")))
        m_labels << QStringLiteral("__name__");
    for (const QString &n : names)
        m_labels << n;
    endResetModel();
}

int InstantResultModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int InstantResultModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_labels.size()) + 1;
}

QVariant InstantResultModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[std::size_t(index.row())];
    const bool valueColumn = index.column() == int(m_labels.size());
    switch (role) {
    case Qt::DisplayRole:
        return valueColumn ? row.valueText : row.labels.value(m_labels[index.column()]);
    case Qt::ToolTipRole:
        if (valueColumn && !row.valueText.contains(u'\n'))
            return formatValue(row.value, 17);
        return valueColumn ? row.valueText : row.labels.value(m_labels[index.column()]);
    case Qt::UserRole:
        return valueColumn ? QVariant(row.value)
                           : QVariant(row.labels.value(m_labels[index.column()]));
    case Qt::TextAlignmentRole:
        return valueColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                           : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    default:
        return {};
    }
}

QVariant InstantResultModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section + 1;
    if (section == int(m_labels.size()))
        return tr("Value");
    if (section >= 0 && section < int(m_labels.size()))
        return m_labels[section];
    return {};
}

} // namespace vitals
