#include "core/sim/payloads.h"

#include <algorithm>
#include <cmath>

namespace vitals::sim {

namespace {

constexpr std::array<PayloadKind, 5> kMalformedKinds{PayloadKind::ShortArray, PayloadKind::Strings,
                                                     PayloadKind::WrongKey, PayloadKind::EmptyBody,
                                                     PayloadKind::Truncated};

double roundToTenth(double v) {
    return std::round(v * 10.0) / 10.0;
}

QByteArray number(double v) {
    return QByteArray::number(v, 'f', 1);
}

} // namespace

const std::array<SpeciesStats, 3> &irisSpeciesStats() {
    // Computed from resources/data/iris.csv (sample standard deviation, n-1); checked against
    // the file by IrisSpeciesStats.MatchTheDataFile.
    static const std::array<SpeciesStats, 3> stats{{
        {{{5.006, 0.3525}, {3.428, 0.3791}, {1.462, 0.1737}, {0.246, 0.1054}}}, // setosa
        {{{5.936, 0.5162}, {2.770, 0.3138}, {4.260, 0.4699}, {1.326, 0.1978}}}, // versicolor
        {{{6.588, 0.6359}, {2.974, 0.3225}, {5.552, 0.5519}, {2.026, 0.2747}}}, // virginica
    }};
    return stats;
}

bool isMalformed(PayloadKind kind) {
    return kind != PayloadKind::Normal && kind != PayloadKind::Drift;
}

QString payloadKindName(PayloadKind kind) {
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
    : m_rng(seed) {}

std::array<double, 4> PayloadGenerator::drawNormal(int *species) {
    const auto &stats = irisSpeciesStats();
    std::uniform_int_distribution<int> pick(0, int(stats.size()) - 1);
    const int chosen = pick(m_rng);
    if (species)
        *species = chosen;
    const SpeciesStats &s = stats[std::size_t(chosen)];
    std::array<double, 4> out{};
    for (std::size_t i = 0; i < out.size(); ++i) {
        std::normal_distribution<double> dist(s[i].mean, s[i].stddev);
        // The server rejects lengths <= 0; a tail draw of a small petal width can go there.
        out[i] = std::clamp(roundToTenth(dist(m_rng)), 0.1, 99.9);
    }
    return out;
}

std::array<double, 4> PayloadGenerator::drawDrift() {
    std::array<double, 4> out{};
    for (std::size_t i = 0; i < out.size(); ++i) {
        std::uniform_real_distribution<double> dist(DriftRanges::low[i], DriftRanges::high[i]);
        out[i] = std::clamp(roundToTenth(dist(m_rng)), DriftRanges::low[i], DriftRanges::high[i]);
    }
    return out;
}

QByteArray PayloadGenerator::featuresBody(const std::array<double, 4> &f) {
    return "{\"features\":[" + number(f[0]) + ',' + number(f[1]) + ',' + number(f[2]) + ',' +
           number(f[3]) + "]}";
}

Payload PayloadGenerator::normal() {
    return make(PayloadKind::Normal);
}

Payload PayloadGenerator::drift() {
    return make(PayloadKind::Drift);
}

Payload PayloadGenerator::conceptDrift() {
    Payload p;
    int species = 0;
    p.body = featuresBody(drawNormal(&species));
    p.trueClass = species;
    if (species > 0 && std::uniform_real_distribution<double>(0, 1)(m_rng) < kConceptSwapShare)
        p.trueClass = species == 1 ? 2 : 1;
    return p;
}

Payload PayloadGenerator::malformed() {
    std::uniform_int_distribution<int> pick(0, int(kMalformedKinds.size()) - 1);
    return make(kMalformedKinds[std::size_t(pick(m_rng))]);
}

Payload PayloadGenerator::make(PayloadKind kind) {
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
        p.body = "{\"features\":[\"" + number(f[0]) + "\",\"" + number(f[1]) + "\",\"" +
                 number(f[2]) + "\",\"" + number(f[3]) + "\"]}";
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
