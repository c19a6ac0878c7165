#include "core/snapshot/cborio.h"

#include <QtEndian>

#include <cstring>

namespace vitals::snapshot::codec {

QCborValue labelsToCbor(const series::LabelSet &labels)
{
    QCborArray a;
    for (const series::Label &l : labels.labels()) {
        a.append(l.name);
        a.append(l.value);
    }
    return a;
}

// Little-endian IEEE doubles, so NaN and ±Inf survive; and int64 deltas from the previous value.
QByteArray doublesToBytes(const std::vector<double> &values)
{
    QByteArray out(qsizetype(values.size() * 8), Qt::Uninitialized);
    for (std::size_t i = 0; i < values.size(); ++i) {
        quint64 bits = 0;
        std::memcpy(&bits, &values[i], 8);
        qToLittleEndian<quint64>(bits, out.data() + i * 8);
    }
    return out;
}

QByteArray deltasToBytes(const std::vector<qint64> &values)
{
    QByteArray out(qsizetype(values.size() * 8), Qt::Uninitialized);
    qint64 previous = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        qToLittleEndian<qint64>(values[i] - previous, out.data() + i * 8);
        previous = values[i];
    }
    return out;
}

// Samples as two byte strings: timestamps as little-endian int64 deltas from the previous one
// (the first from 0), values as little-endian IEEE doubles, so NaN and ±Inf survive.
void samplesToCbor(const series::Series &s, QCborMap &m)
{
    m.insert(QStringLiteral("t"), deltasToBytes(s.timestampsMs()));
    m.insert(QStringLiteral("v"), doublesToBytes(s.values()));
}

std::vector<double> bytesToDoubles(const QByteArray &bytes)
{
    std::vector<double> out(std::size_t(bytes.size() / 8));
    for (std::size_t i = 0; i < out.size(); ++i) {
        const quint64 bits = qFromLittleEndian<quint64>(bytes.constData() + i * 8);
        std::memcpy(&out[i], &bits, 8);
    }
    return out;
}

// Timestamps written by deltasToBytes(); a sum past int64 is an error at `path`.
std::optional<std::vector<qint64>> bytesToTimes(Reader &r, const QByteArray &bytes,
                                                const QString &path)
{
    std::vector<qint64> out(std::size_t(bytes.size() / 8));
    qint64 previous = 0;
    for (std::size_t i = 0; i < out.size(); ++i) {
        const qint64 delta = qFromLittleEndian<qint64>(bytes.constData() + i * 8);
        if (__builtin_add_overflow(previous, delta, &out[i])) {
            r.fail(path, QStringLiteral("timestamp out of range"));
            return std::nullopt;
        }
        previous = out[i];
    }
    return out;
}

series::Series readSamples(Reader &r, const QCborMap &m, const QString &path,
                           series::LabelSet labels)
{
    series::Series s(std::move(labels));
    const QByteArray t = r.bytes(m, QStringLiteral("t"), path);
    const QByteArray v = r.bytes(m, QStringLiteral("v"), path);
    if (r.failed())
        return s;
    if (t.size() % 8 != 0 || t.size() != v.size()) {
        r.fail(path, QStringLiteral("timestamps and values differ in length"));
        return s;
    }
    const auto times = bytesToTimes(r, t, path + QStringLiteral(".t"));
    if (!times)
        return s;
    const std::vector<double> values = bytesToDoubles(v);
    s.reserve(times->size());
    for (std::size_t i = 0; i < times->size(); ++i) {
        if (!s.append((*times)[i], values[i])) {
            r.fail(path + QStringLiteral(".t"), QStringLiteral("samples out of time order"));
            return s;
        }
    }
    return s;
}

} // namespace vitals::snapshot::codec
