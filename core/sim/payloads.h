#pragma once

#include <QByteArray>
#include <QString>

#include <array>
#include <random>

// Request bodies for iris-server's `POST /predict`, drawn the way the traffic simulator's
// scenarios need them. Plain C++ (no QObject); not thread-safe (one generator per thread).
namespace vitals::sim {

// Mean and sample standard deviation of one feature of one species, in centimetres.
struct FeatureStats {
    double mean = 0;
    double stddev = 0;
};

// The four features in the order of the `/predict` contract: sepal length, sepal width,
// petal length, petal width.
using SpeciesStats = std::array<FeatureStats, 4>;

// Per-species statistics of Fisher's Iris data (setosa, versicolor, virginica), computed from
// resources/data/iris.csv (50 rows each). A unit test recomputes them from the file.
const std::array<SpeciesStats, 3> &irisSpeciesStats();

// The 150 rows of resources/data/iris.csv (four features in cm), 50 per species in the order
// setosa, versicolor, virginica.
const std::array<std::array<double, 4>, 150> &irisRows();

// The kind of a generated body. Malformed kinds are rejected by a correct server with a 4xx.
enum class PayloadKind {
    Normal,     // four plausible measurements drawn like the training data
    Drift,      // four plausible measurements far outside the training ranges
    ShortArray, // {"features":[a,b,c]}
    Strings,    // {"features":["a","b","c","d"]}
    WrongKey,   // {"inputs":[a,b,c,d]}
    EmptyBody,  // zero bytes
    Truncated,  // JSON cut off in the middle
};

bool isMalformed(PayloadKind kind);
QString payloadKindName(PayloadKind kind);

struct Payload {
    PayloadKind kind = PayloadKind::Normal;
    QByteArray body;
    // The flower's true class (0 setosa, 1 versicolor, 2 virginica), what a label sent back
    // later says; -1 when there is none (drifted and malformed bodies).
    int trueClass = -1;
};

// Share of versicolor and virginica flowers whose true class the concept scenario swaps.
inline constexpr double kConceptSwapShare = 0.5;

// Ranges of the drift scenario, in centimetres: larger flowers than any in the data set
// (whose maxima are 7.9, 4.4, 6.9, 2.5) yet physically plausible.
struct DriftRanges {
    static constexpr std::array<double, 4> low{8.0, 4.5, 7.0, 2.6};
    static constexpr std::array<double, 4> high{10.0, 5.5, 9.0, 3.5};
};

class PayloadGenerator
{
public:
    explicit PayloadGenerator(quint64 seed);

    // A species chosen uniformly, then one of its 50 flowers of the data set (irisRows()).
    Payload normal();
    // Each feature uniform within DriftRanges, rounded to 0.1 cm.
    Payload drift();
    // Inputs drawn like normal(), but for kConceptSwapShare of the versicolor and virginica
    // flowers the true class is the other of the two (concept drift: same inputs, new answers).
    Payload conceptDrift();
    // One of the malformed kinds, chosen uniformly.
    Payload malformed();
    // A body of the given kind.
    Payload make(PayloadKind kind);

    // Encodes four values as {"features":[...]} with one decimal.
    static QByteArray featuresBody(const std::array<double, 4> &features);

private:
    std::array<double, 4> drawNormal(int *species = nullptr);
    std::array<double, 4> drawDrift();

    std::mt19937_64 m_rng;
};

} // namespace vitals::sim
