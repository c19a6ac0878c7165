#pragma once

#include <QMap>
#include <QString>
#include <QStringView>

#include <cstddef>
#include <memory>
#include <utility>
#include <vector>

namespace vitals::series {

// One label of a series: a name and its value (UTF-8 decoded, never escaped).
struct Label {
    QString name;
    QString value;
    friend bool operator==(const Label &, const Label &) = default;
};

// The identity of a series: its labels sorted by name, with the metric name (if any) stored as
// the label "__name__" like Prometheus does.
//
// LabelSets are interned: building two equal sets yields the same shared, immutable data, so
// copying a LabelSet costs one atomic increment, comparing two is a pointer comparison, and a
// panel with a thousand series that share the same labels keeps one copy of them. The pool keeps
// only weak references; data is freed when the last LabelSet using it goes away.
//
// Thread-safety: LabelSet values may be created, copied and read from any thread (the pool is
// guarded by a mutex); a single LabelSet object is not synchronised, like any value type.
class LabelSet
{
public:
    // The empty set ("{}").
    LabelSet();

    // Sorts by name and interns. With duplicate names the last value wins.
    static LabelSet fromLabels(std::vector<Label> labels);
    static LabelSet fromPairs(std::initializer_list<std::pair<QString, QString>> pairs);

    // The labels, sorted by name.
    const std::vector<Label> &labels() const;
    bool isEmpty() const { return labels().empty(); }
    std::size_t size() const { return labels().size(); }

    // The value of label `name`, or an empty string when absent (Prometheus treats an absent
    // label and an empty one the same way).
    QString value(QStringView name) const;
    bool contains(QStringView name) const;
    // Shorthand for value("__name__").
    QString metricName() const { return value(u"__name__"); }

    // Sorted label names (including "__name__" when present).
    std::vector<QString> names() const;
    // The labels as a name → value map (for legend templates and variable queries).
    QMap<QString, QString> toMap() const;

    // PromQL selector notation: `up{instance="localhost:9090", job="prometheus"}`; without a
    // metric name just the braces (`{status="200"}`); the empty set is `{}`. Values are escaped
    // the way PromQL expects (backslash, double quote, newline).
    QString toString() const;

    // A stable hash of the contents (equal sets have equal hashes).
    std::size_t hash() const;

    friend bool operator==(const LabelSet &a, const LabelSet &b) { return a.m_d == b.m_d; }
    // Orders by labels (name, then value), e.g. for sorting series in a legend.
    friend bool operator<(const LabelSet &a, const LabelSet &b);

    // Number of distinct label sets alive in the intern pool (for tests and diagnostics).
    static std::size_t internedCount();

    struct Data;

private:
    explicit LabelSet(std::shared_ptr<const Data> d)
        : m_d(std::move(d))
    {}
    std::shared_ptr<const Data> m_d;
};

// The text form of a series, the one rule every legend, table and variable uses:
// `metric{a="1", b="2"}` (labels in the map's order, i.e. by name), `{a="1"}` without a
// metric name, just `metric` without other labels, `{}` for none. Values are escaped as in a
// PromQL string (backslash, double quote, newline). LabelSet::toString() gives the same text.
QString seriesName(const QMap<QString, QString> &labels);

} // namespace vitals::series

template<> struct std::hash<vitals::series::LabelSet> {
    std::size_t operator()(const vitals::series::LabelSet &s) const noexcept { return s.hash(); }
};
