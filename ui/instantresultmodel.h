#pragma once

#include "core/prom/results.h"

#include <QAbstractTableModel>
#include <QMap>
#include <QStringList>

#include <vector>

namespace vitals {

// An instant query's answer as a table: one row per element, a column per label name (sorted,
// the metric name "__name__" first) and a last "Value" column. Scalars and strings give one row
// with only the value; a range vector (e.g. up[1m]) gives each series' samples as
// "value @ time" lines. Values keep NaN and ±Inf as Prometheus writes them.
// Qt::DisplayRole is text; Qt::UserRole of the value column is the number (for sorting).
class InstantResultModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    explicit InstantResultModel(QObject *parent = nullptr);

    void setResult(const prom::QueryResult &result);
    void clear();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // The label columns, in order (without the value column).
    const QStringList &labelColumns() const { return m_labels; }

private:
    struct Row {
        QMap<QString, QString> labels;
        QString valueText;
        double value = 0;
    };
    QStringList m_labels;
    std::vector<Row> m_rows;
};

} // namespace vitals
