#include "core/sim/payloads.h"

#include <algorithm>
#include <cmath>

namespace vitals::sim {

namespace {

constexpr std::array<PayloadKind, 5> kMalformedKinds{PayloadKind::ShortArray, PayloadKind::Strings,
                                                     PayloadKind::WrongKey, PayloadKind::EmptyBody,
                                                     PayloadKind::Truncated};

double roundToTenth(double v)
{
    return std::round(v * 10.0) / 10.0;
}

QByteArray number(double v)
{
    return QByteArray::number(v, 'f', 1);
}

// The 150 flowers of resources/data/iris.csv (Fisher's Iris data, public domain), 50 per
// species in file order: normal traffic replays them, so its distribution is the training
// data's and the drift gauges stay quiet on it. Checked against the file by
// PayloadGenerator.NormalRowsAreTheDataFile.
constexpr std::array<std::array<double, 4>, 150> kIrisRows{{
    // setosa
    {5.1, 3.5, 1.4, 0.2},
    {4.9, 3.0, 1.4, 0.2},
    {4.7, 3.2, 1.3, 0.2},
    {4.6, 3.1, 1.5, 0.2},
    {5.0, 3.6, 1.4, 0.2},
    {5.4, 3.9, 1.7, 0.4},
    {4.6, 3.4, 1.4, 0.3},
    {5.0, 3.4, 1.5, 0.2},
    {4.4, 2.9, 1.4, 0.2},
    {4.9, 3.1, 1.5, 0.1},
    {5.4, 3.7, 1.5, 0.2},
    {4.8, 3.4, 1.6, 0.2},
    {4.8, 3.0, 1.4, 0.1},
    {4.3, 3.0, 1.1, 0.1},
    {5.8, 4.0, 1.2, 0.2},
    {5.7, 4.4, 1.5, 0.4},
    {5.4, 3.9, 1.3, 0.4},
    {5.1, 3.5, 1.4, 0.3},
    {5.7, 3.8, 1.7, 0.3},
    {5.1, 3.8, 1.5, 0.3},
    {5.4, 3.4, 1.7, 0.2},
    {5.1, 3.7, 1.5, 0.4},
    {4.6, 3.6, 1.0, 0.2},
    {5.1, 3.3, 1.7, 0.5},
    {4.8, 3.4, 1.9, 0.2},
    {5.0, 3.0, 1.6, 0.2},
    {5.0, 3.4, 1.6, 0.4},
    {5.2, 3.5, 1.5, 0.2},
    {5.2, 3.4, 1.4, 0.2},
    {4.7, 3.2, 1.6, 0.2},
    {4.8, 3.1, 1.6, 0.2},
    {5.4, 3.4, 1.5, 0.4},
    {5.2, 4.1, 1.5, 0.1},
    {5.5, 4.2, 1.4, 0.2},
    {4.9, 3.1, 1.5, 0.2},
    {5.0, 3.2, 1.2, 0.2},
    {5.5, 3.5, 1.3, 0.2},
    {4.9, 3.6, 1.4, 0.1},
    {4.4, 3.0, 1.3, 0.2},
    {5.1, 3.4, 1.5, 0.2},
    {5.0, 3.5, 1.3, 0.3},
    {4.5, 2.3, 1.3, 0.3},
    {4.4, 3.2, 1.3, 0.2},
    {5.0, 3.5, 1.6, 0.6},
    {5.1, 3.8, 1.9, 0.4},
    {4.8, 3.0, 1.4, 0.3},
    {5.1, 3.8, 1.6, 0.2},
    {4.6, 3.2, 1.4, 0.2},
    {5.3, 3.7, 1.5, 0.2},
    {5.0, 3.3, 1.4, 0.2},
    // versicolor
    {7.0, 3.2, 4.7, 1.4},
    {6.4, 3.2, 4.5, 1.5},
    {6.9, 3.1, 4.9, 1.5},
    {5.5, 2.3, 4.0, 1.3},
    {6.5, 2.8, 4.6, 1.5},
    {5.7, 2.8, 4.5, 1.3},
    {6.3, 3.3, 4.7, 1.6},
    {4.9, 2.4, 3.3, 1.0},
    {6.6, 2.9, 4.6, 1.3},
    {5.2, 2.7, 3.9, 1.4},
    {5.0, 2.0, 3.5, 1.0},
    {5.9, 3.0, 4.2, 1.5},
    {6.0, 2.2, 4.0, 1.0},
    {6.1, 2.9, 4.7, 1.4},
    {5.6, 2.9, 3.6, 1.3},
    {6.7, 3.1, 4.4, 1.4},
    {5.6, 3.0, 4.5, 1.5},
    {5.8, 2.7, 4.1, 1.0},
    {6.2, 2.2, 4.5, 1.5},
    {5.6, 2.5, 3.9, 1.1},
    {5.9, 3.2, 4.8, 1.8},
    {6.1, 2.8, 4.0, 1.3},
    {6.3, 2.5, 4.9, 1.5},
    {6.1, 2.8, 4.7, 1.2},
    {6.4, 2.9, 4.3, 1.3},
    {6.6, 3.0, 4.4, 1.4},
    {6.8, 2.8, 4.8, 1.4},
    {6.7, 3.0, 5.0, 1.7},
    {6.0, 2.9, 4.5, 1.5},
    {5.7, 2.6, 3.5, 1.0},
    {5.5, 2.4, 3.8, 1.1},
    {5.5, 2.4, 3.7, 1.0},
    {5.8, 2.7, 3.9, 1.2},
    {6.0, 2.7, 5.1, 1.6},
    {5.4, 3.0, 4.5, 1.5},
    {6.0, 3.4, 4.5, 1.6},
    {6.7, 3.1, 4.7, 1.5},
    {6.3, 2.3, 4.4, 1.3},
    {5.6, 3.0, 4.1, 1.3},
    {5.5, 2.5, 4.0, 1.3},
    {5.5, 2.6, 4.4, 1.2},
    {6.1, 3.0, 4.6, 1.4},
    {5.8, 2.6, 4.0, 1.2},
    {5.0, 2.3, 3.3, 1.0},
    {5.6, 2.7, 4.2, 1.3},
    {5.7, 3.0, 4.2, 1.2},
    {5.7, 2.9, 4.2, 1.3},
    {6.2, 2.9, 4.3, 1.3},
    {5.1, 2.5, 3.0, 1.1},
    {5.7, 2.8, 4.1, 1.3},
    // virginica
    {6.3, 3.3, 6.0, 2.5},
    {5.8, 2.7, 5.1, 1.9},
    {7.1, 3.0, 5.9, 2.1},
    {6.3, 2.9, 5.6, 1.8},
    {6.5, 3.0, 5.8, 2.2},
    {7.6, 3.0, 6.6, 2.1},
    {4.9, 2.5, 4.5, 1.7},
    {7.3, 2.9, 6.3, 1.8},
    {6.7, 2.5, 5.8, 1.8},
    {7.2, 3.6, 6.1, 2.5},
    {6.5, 3.2, 5.1, 2.0},
    {6.4, 2.7, 5.3, 1.9},
    {6.8, 3.0, 5.5, 2.1},
    {5.7, 2.5, 5.0, 2.0},
    {5.8, 2.8, 5.1, 2.4},
    {6.4, 3.2, 5.3, 2.3},
    {6.5, 3.0, 5.5, 1.8},
    {7.7, 3.8, 6.7, 2.2},
    {7.7, 2.6, 6.9, 2.3},
    {6.0, 2.2, 5.0, 1.5},
    {6.9, 3.2, 5.7, 2.3},
    {5.6, 2.8, 4.9, 2.0},
    {7.7, 2.8, 6.7, 2.0},
    {6.3, 2.7, 4.9, 1.8},
    {6.7, 3.3, 5.7, 2.1},
    {7.2, 3.2, 6.0, 1.8},
    {6.2, 2.8, 4.8, 1.8},
    {6.1, 3.0, 4.9, 1.8},
    {6.4, 2.8, 5.6, 2.1},
    {7.2, 3.0, 5.8, 1.6},
    {7.4, 2.8, 6.1, 1.9},
    {7.9, 3.8, 6.4, 2.0},
    {6.4, 2.8, 5.6, 2.2},
    {6.3, 2.8, 5.1, 1.5},
    {6.1, 2.6, 5.6, 1.4},
    {7.7, 3.0, 6.1, 2.3},
    {6.3, 3.4, 5.6, 2.4},
    {6.4, 3.1, 5.5, 1.8},
    {6.0, 3.0, 4.8, 1.8},
    {6.9, 3.1, 5.4, 2.1},
    {6.7, 3.1, 5.6, 2.4},
    {6.9, 3.1, 5.1, 2.3},
    {5.8, 2.7, 5.1, 1.9},
    {6.8, 3.2, 5.9, 2.3},
    {6.7, 3.3, 5.7, 2.5},
    {6.7, 3.0, 5.2, 2.3},
    {6.3, 2.5, 5.0, 1.9},
    {6.5, 3.0, 5.2, 2.0},
    {6.2, 3.4, 5.4, 2.3},
    {5.9, 3.0, 5.1, 1.8},
}};

} // namespace

const std::array<std::array<double, 4>, 150> &irisRows()
{
    return kIrisRows;
}

const std::array<SpeciesStats, 3> &irisSpeciesStats()
{
    // Computed from resources/data/iris.csv (sample standard deviation, n-1); checked against
    // the file by IrisSpeciesStats.MatchTheDataFile.
    static const std::array<SpeciesStats, 3> stats{{
        {{{5.006, 0.3525}, {3.428, 0.3791}, {1.462, 0.1737}, {0.246, 0.1054}}}, // setosa
        {{{5.936, 0.5162}, {2.770, 0.3138}, {4.260, 0.4699}, {1.326, 0.1978}}}, // versicolor
        {{{6.588, 0.6359}, {2.974, 0.3225}, {5.552, 0.5519}, {2.026, 0.2747}}}, // virginica
    }};
    return stats;
}

bool isMalformed(PayloadKind kind)
{
    return kind != PayloadKind::Normal && kind != PayloadKind::Drift;
}

QString payloadKindName(PayloadKind kind)
{
    switch (kind) {
    case PayloadKind::Normal:
        return QStringLiteral("normal");
    case PayloadKind::Drift:
        return QStringLiteral("drift");
    case PayloadKind::ShortArray:
        return QStringLiteral("short-array");
    case PayloadKind::Strings:
        return QStringLiteral("strings");
    case PayloadKind::WrongKey:
        return QStringLiteral("wrong-key");
    case PayloadKind::EmptyBody:
        return QStringLiteral("empty-body");
    case PayloadKind::Truncated:
        return QStringLiteral("truncated");
    }
    return {};
}

PayloadGenerator::PayloadGenerator(quint64 seed)
    : m_rng(seed)
{}

std::array<double, 4> PayloadGenerator::drawNormal(int *species)
{
    // A species chosen uniformly, then one of its 50 flowers: the training data's own
    // distribution, clumps at whole millimetres included (a Gaussian per species misses them,
    // which moves PSI to 0.15-0.3 on some features with no drift at all).
    std::uniform_int_distribution<int> pickSpecies(0, 2);
    std::uniform_int_distribution<int> pickRow(0, 49);
    const int chosen = pickSpecies(m_rng);
    if (species)
        *species = chosen;
    return kIrisRows[std::size_t(chosen * 50 + pickRow(m_rng))];
}

std::array<double, 4> PayloadGenerator::drawDrift()
{
    std::array<double, 4> out{};
    for (std::size_t i = 0; i < out.size(); ++i) {
        std::uniform_real_distribution<double> dist(DriftRanges::low[i], DriftRanges::high[i]);
        out[i] = std::clamp(roundToTenth(dist(m_rng)), DriftRanges::low[i], DriftRanges::high[i]);
    }
    return out;
}

QByteArray PayloadGenerator::featuresBody(const std::array<double, 4> &f)
{
    return "{\"features\":[" + number(f[0]) + ',' + number(f[1]) + ',' + number(f[2]) + ','
           + number(f[3]) + "]}";
}

Payload PayloadGenerator::normal()
{
    return make(PayloadKind::Normal);
}

Payload PayloadGenerator::drift()
{
    return make(PayloadKind::Drift);
}

Payload PayloadGenerator::conceptDrift()
{
    Payload p;
    int species = 0;
    p.body = featuresBody(drawNormal(&species));
    p.trueClass = species;
    if (species > 0 && std::uniform_real_distribution<double>(0, 1)(m_rng) < kConceptSwapShare)
        p.trueClass = species == 1 ? 2 : 1;
    return p;
}

Payload PayloadGenerator::malformed()
{
    std::uniform_int_distribution<int> pick(0, int(kMalformedKinds.size()) - 1);
    return make(kMalformedKinds[std::size_t(pick(m_rng))]);
}

Payload PayloadGenerator::make(PayloadKind kind)
{
    Payload p;
    p.kind = kind;
    switch (kind) {
    case PayloadKind::Normal:
        p.body = featuresBody(drawNormal(&p.trueClass));
        break;
    case PayloadKind::Drift:
        p.body = featuresBody(drawDrift());
        break;
    case PayloadKind::ShortArray: {
        const auto f = drawNormal();
        p.body = "{\"features\":[" + number(f[0]) + ',' + number(f[1]) + ',' + number(f[2]) + "]}";
        break;
    }
    case PayloadKind::Strings: {
        const auto f = drawNormal();
        p.body = "{\"features\":[\"" + number(f[0]) + "\",\"" + number(f[1]) + "\",\""
                 + number(f[2]) + "\",\"" + number(f[3]) + "\"]}";
        break;
    }
    case PayloadKind::WrongKey:
        p.body = featuresBody(drawNormal()).replace("features", "inputs");
        break;
    case PayloadKind::EmptyBody:
        break;
    case PayloadKind::Truncated: {
        const QByteArray full = featuresBody(drawNormal());
        p.body = full.left(full.size() / 2);
        break;
    }
    }
    return p;
}

} // namespace vitals::sim
