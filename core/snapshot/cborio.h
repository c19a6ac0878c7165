#pragma once

#include "core/series/labelset.h"
#include "core/series/series.h"

#include <QCborArray>
#include <QCborMap>
#include <QCborValue>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

// Reading and writing the snapshot payload's building blocks: labels, packed samples, and a
// checking reader that records the first problem with its path ("panels[2].t: …").
// Internal to core/snapshot; pure functions, any thread.
namespace vitals::snapshot::codec {

// Labels as a flat array of name, value pairs.
QCborValue labelsToCbor(const series::LabelSet &labels);
// Little-endian IEEE doubles, so NaN and ±Inf survive; and int64 deltas from the previous value.
QByteArray doublesToBytes(const std::vector<double> &values);
QByteArray deltasToBytes(const std::vector<qint64> &values);
// Samples as two byte strings in `m`: "t", timestamps as little-endian int64 deltas from the
// previous one (the first from 0), and "v", the values as little-endian IEEE doubles.
void samplesToCbor(const series::Series &s, QCborMap &m);

// Reading: every accessor checks the type and records the first problem with its path.
class Reader
{
public:
    explicit Reader(QString *error)
        : m_error(error)
    {}
    bool failed() const { return m_failed; }
    void fail(const QString &path, const QString &what)
    {
        if (m_failed)
            return;
        m_failed = true;
        if (m_error)
            *m_error = QStringLiteral("%1: %2").arg(path, what);
    }
    QCborMap map(const QCborValue &v, const QString &path)
    {
        if (!v.isMap())
            fail(path, QStringLiteral("expected a map"));
        return v.toMap();
    }
    QCborArray array(const QCborMap &m, const QString &key, const QString &path)
    {
        const QCborValue v = m.value(key);
        if (!v.isArray())
            fail(path + u'.' + key, QStringLiteral("expected an array"));
        return v.toArray();
    }
    QString text(const QCborMap &m, const QString &key, const QString &path)
    {
        const QCborValue v = m.value(key);
        if (!v.isString())
            fail(path + u'.' + key, QStringLiteral("expected text"));
        return v.toString();
    }
    qint64 integer(const QCborMap &m, const QString &key, const QString &path)
    {
        const QCborValue v = m.value(key);
        if (!v.isInteger())
            fail(path + u'.' + key, QStringLiteral("expected an integer"));
        return v.toInteger();
    }
    double number(const QCborMap &m, const QString &key, const QString &path)
    {
        const QCborValue v = m.value(key);
        if (!v.isDouble() && !v.isInteger())
            fail(path + u'.' + key, QStringLiteral("expected a number"));
        return v.toDouble();
    }
    QByteArray bytes(const QCborMap &m, const QString &key, const QString &path)
    {
        const QCborValue v = m.value(key);
        if (!v.isByteArray())
            fail(path + u'.' + key, QStringLiteral("expected bytes"));
        return v.toByteArray();
    }
    QStringList texts(const QCborMap &m, const QString &key, const QString &path)
    {
        QStringList out;
        const QCborArray a = array(m, key, path);
        for (qsizetype i = 0; i < a.size() && !m_failed; ++i) {
            if (!a.at(i).isString())
                fail(QStringLiteral("%1.%2[%3]").arg(path, key).arg(i),
                     QStringLiteral("expected text"));
            out << a.at(i).toString();
        }
        return out;
    }
    series::LabelSet labels(const QCborMap &m, const QString &key, const QString &path)
    {
        const QCborArray a = array(m, key, path);
        if (a.size() % 2 != 0)
            fail(path + u'.' + key, QStringLiteral("expected name, value pairs"));
        std::vector<series::Label> labels;
        for (qsizetype i = 0; i + 1 < a.size() && !m_failed; i += 2) {
            if (!a.at(i).isString() || !a.at(i + 1).isString())
                fail(path + u'.' + key, QStringLiteral("expected text"));
            labels.push_back({a.at(i).toString(), a.at(i + 1).toString()});
        }
        return series::LabelSet::fromLabels(std::move(labels));
    }

private:
    QString *m_error;
    bool m_failed = false;
};

std::vector<double> bytesToDoubles(const QByteArray &bytes);
// Timestamps written by deltasToBytes(); a sum past int64 is an error at `path`.
std::optional<std::vector<qint64>> bytesToTimes(Reader &r, const QByteArray &bytes,
                                                const QString &path);
// Samples written by samplesToCbor(), in time order, or an error at `path`.
series::Series readSamples(Reader &r, const QCborMap &m, const QString &path,
                           series::LabelSet labels);

} // namespace vitals::snapshot::codec
