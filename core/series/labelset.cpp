#include "core/series/labelset.h"

#include <QHash>

#include <algorithm>
#include <mutex>
#include <unordered_map>

namespace vitals::series {

struct LabelSet::Data {
    std::vector<Label> labels;
    std::size_t hash = 0;
    QString key;
};

namespace {

// The key separates names and values with characters that cannot appear in UTF-8 text decoded
// from JSON without being a valid code point, so distinct sets never collide.
QString makeKey(const std::vector<Label> &labels)
{
    QString key;
    qsizetype length = 0;
    for (const Label &l : labels)
        length += l.name.size() + l.value.size() + 2;
    key.reserve(length);
    for (const Label &l : labels) {
        key += l.name;
        key += QChar(0xFFFE);
        key += l.value;
        key += QChar(0xFFFF);
    }
    return key;
}

struct Pool {
    std::mutex mutex;
    std::unordered_map<QString, std::weak_ptr<const LabelSet::Data>> sets;
    std::size_t sweepAt = 1024;

    void sweepLocked()
    {
        for (auto it = sets.begin(); it != sets.end();) {
            if (it->second.expired())
                it = sets.erase(it);
            else
                ++it;
        }
        sweepAt = std::max<std::size_t>(1024, sets.size() * 2);
    }
};

Pool &pool()
{
    static Pool p;
    return p;
}

std::shared_ptr<const LabelSet::Data> intern(std::vector<Label> labels)
{
    auto data = std::make_shared<LabelSet::Data>();
    data->key = makeKey(labels);
    data->hash = qHash(data->key);
    data->labels = std::move(labels);

    Pool &p = pool();
    std::lock_guard lock(p.mutex);
    auto [it, inserted] = p.sets.try_emplace(data->key);
    if (!inserted) {
        if (auto existing = it->second.lock())
            return existing;
    }
    it->second = data;
    if (p.sets.size() >= p.sweepAt)
        p.sweepLocked();
    return data;
}

const std::shared_ptr<const LabelSet::Data> &emptyData()
{
    static const std::shared_ptr<const LabelSet::Data> empty = intern({});
    return empty;
}

QString escaped(QStringView value)
{
    QString out;
    out.reserve(value.size() + 2);
    for (QChar c : value) {
        if (c == u'\\')
            out += QLatin1String("\\\\");
        else if (c == u'"')
            out += QLatin1String("\\\"");
        else if (c == u'\n')
            out += QLatin1String("\\n");
        else
            out += c;
    }
    return out;
}

} // namespace

LabelSet::LabelSet()
    : m_d(emptyData())
{}

LabelSet LabelSet::fromLabels(std::vector<Label> labels)
{
    if (labels.empty())
        return LabelSet();
    std::stable_sort(labels.begin(), labels.end(),
                     [](const Label &a, const Label &b) { return a.name < b.name; });
    // stable_sort keeps equal names in input order, so overwriting keeps the last value.
    std::vector<Label> unique;
    unique.reserve(labels.size());
    for (auto &l : labels) {
        if (!unique.empty() && unique.back().name == l.name)
            unique.back().value = std::move(l.value);
        else
            unique.push_back(std::move(l));
    }
    return LabelSet(intern(std::move(unique)));
}

LabelSet LabelSet::fromPairs(std::initializer_list<std::pair<QString, QString>> pairs)
{
    std::vector<Label> labels;
    labels.reserve(pairs.size());
    for (const auto &[name, value] : pairs)
        labels.push_back({name, value});
    return fromLabels(std::move(labels));
}

const std::vector<Label> &LabelSet::labels() const
{
    return m_d->labels;
}

QString LabelSet::value(QStringView name) const
{
    const auto &ls = m_d->labels;
    auto it = std::lower_bound(ls.begin(), ls.end(), name, [](const Label &l, QStringView n) {
        return QStringView(l.name) < n;
    });
    if (it != ls.end() && it->name == name)
        return it->value;
    return {};
}

bool LabelSet::contains(QStringView name) const
{
    const auto &ls = m_d->labels;
    auto it = std::lower_bound(ls.begin(), ls.end(), name, [](const Label &l, QStringView n) {
        return QStringView(l.name) < n;
    });
    return it != ls.end() && it->name == name;
}

std::vector<QString> LabelSet::names() const
{
    std::vector<QString> out;
    out.reserve(m_d->labels.size());
    for (const Label &l : m_d->labels)
        out.push_back(l.name);
    return out;
}

QMap<QString, QString> LabelSet::toMap() const
{
    QMap<QString, QString> map;
    for (const Label &label : labels())
        map.insert(label.name, label.value);
    return map;
}

namespace {

// The one naming rule for a series (seriesName() and LabelSet::toString()): the metric name,
// then the other labels in braces, in the order given.
template<typename Labels> QString nameOf(const QString &metric, const Labels &labels)
{
    QString out = metric;
    out += u'{';
    bool first = true;
    for (const auto &[name, value] : labels) {
        if (name == u"__name__")
            continue;
        if (!first)
            out += QLatin1String(", ");
        first = false;
        out += name;
        out += QLatin1String("=\"");
        out += escaped(value);
        out += u'"';
    }
    if (first && !metric.isEmpty())
        return metric;
    out += u'}';
    return out;
}

} // namespace

QString LabelSet::toString() const
{
    std::vector<std::pair<QStringView, QStringView>> labels;
    labels.reserve(m_d->labels.size());
    for (const Label &l : m_d->labels)
        labels.emplace_back(l.name, l.value);
    return nameOf(metricName(), labels);
}

QString seriesName(const QMap<QString, QString> &labels)
{
    std::vector<std::pair<QStringView, QStringView>> pairs;
    pairs.reserve(std::size_t(labels.size()));
    for (auto it = labels.cbegin(); it != labels.cend(); ++it)
        pairs.emplace_back(it.key(), it.value());
    return nameOf(labels.value(QStringLiteral("__name__")), pairs);
}

std::size_t LabelSet::hash() const
{
    return m_d->hash;
}

bool operator<(const LabelSet &a, const LabelSet &b)
{
    if (a.m_d == b.m_d)
        return false;
    const auto &x = a.m_d->labels;
    const auto &y = b.m_d->labels;
    return std::lexicographical_compare(x.begin(), x.end(), y.begin(), y.end(),
                                        [](const Label &l, const Label &r) {
                                            if (l.name != r.name)
                                                return l.name < r.name;
                                            return l.value < r.value;
                                        });
}

std::size_t LabelSet::internedCount()
{
    Pool &p = pool();
    std::lock_guard lock(p.mutex);
    p.sweepLocked();
    return p.sets.size();
}

} // namespace vitals::series
