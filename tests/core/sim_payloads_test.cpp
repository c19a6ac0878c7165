#include "core/sim/payloads.h"
#include "core/sim/scenario.h"
#include "core/sim/tokenbucket.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <gtest/gtest.h>

#include <cmath>
#include <map>

using namespace vitals::sim;

namespace {

// Four numbers in (0, 100) under "features": what iris-server accepts.
bool isValidFeatures(const QByteArray &body, std::array<double, 4> *out = nullptr)
{
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return false;
    const QJsonValue f = doc.object().value(QStringLiteral("features"));
    if (!f.isArray() || f.toArray().size() != 4)
        return false;
    for (int i = 0; i < 4; ++i) {
        const QJsonValue v = f.toArray().at(i);
        if (!v.isDouble() || !(v.toDouble() > 0 && v.toDouble() < 100))
            return false;
        if (out)
            (*out)[std::size_t(i)] = v.toDouble();
    }
    return true;
}

} // namespace

TEST(IrisSpeciesStats, MatchTheDataFile)
{
    QFile file(QStringLiteral(VITALS_SOURCE_DIR "/resources/data/iris.csv"));
    ASSERT_TRUE(file.open(QIODevice::ReadOnly)) << "cannot read " << file.fileName().toStdString();
    const QStringList species{QStringLiteral("setosa"), QStringLiteral("versicolor"),
                              QStringLiteral("virginica")};
    std::array<std::array<std::vector<double>, 4>, 3> values;
    file.readLine(); // header
    while (!file.atEnd()) {
        const QList<QByteArray> cells = file.readLine().trimmed().split(',');
        if (cells.size() != 5)
            continue;
        const qsizetype s = species.indexOf(QString::fromUtf8(cells[4]));
        ASSERT_GE(s, 0);
        for (std::size_t i = 0; i < 4; ++i)
            values[std::size_t(s)][i].push_back(cells[qsizetype(i)].toDouble());
    }
    for (std::size_t s = 0; s < 3; ++s) {
        for (std::size_t i = 0; i < 4; ++i) {
            const auto &v = values[s][i];
            ASSERT_EQ(v.size(), 50u);
            double mean = 0;
            for (double x : v)
                mean += x;
            mean /= double(v.size());
            double ss = 0;
            for (double x : v)
                ss += (x - mean) * (x - mean);
            const double sd = std::sqrt(ss / double(v.size() - 1));
            // The constants are rounded to 4 decimals.
            EXPECT_NEAR(irisSpeciesStats()[s][i].mean, mean, 5e-4) << s << "/" << i;
            EXPECT_NEAR(irisSpeciesStats()[s][i].stddev, sd, 5e-4) << s << "/" << i;
        }
    }
}

TEST(PayloadGenerator, NormalRowsAreTheDataFile)
{
    QFile file(QStringLiteral(VITALS_SOURCE_DIR "/resources/data/iris.csv"));
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    file.readLine(); // header
    std::size_t row = 0;
    while (!file.atEnd()) {
        const QList<QByteArray> cells = file.readLine().trimmed().split(',');
        if (cells.size() != 5)
            continue;
        ASSERT_LT(row, irisRows().size());
        for (std::size_t i = 0; i < 4; ++i)
            EXPECT_EQ(irisRows()[row][i], cells[qsizetype(i)].toDouble()) << row << "/" << i;
        ++row;
    }
    EXPECT_EQ(row, 150u);
    // Every normal body is one of those flowers, and its true class is the flower's species.
    PayloadGenerator gen(7);
    for (int n = 0; n < 300; ++n) {
        const Payload p = gen.normal();
        std::array<double, 4> f{};
        ASSERT_TRUE(isValidFeatures(p.body, &f));
        ASSERT_GE(p.trueClass, 0);
        bool found = false;
        for (std::size_t r = std::size_t(p.trueClass) * 50; r < std::size_t(p.trueClass + 1) * 50;
             ++r)
            found = found
                    || (std::abs(irisRows()[r][0] - f[0]) < 1e-9
                        && std::abs(irisRows()[r][1] - f[1]) < 1e-9
                        && std::abs(irisRows()[r][2] - f[2]) < 1e-9
                        && std::abs(irisRows()[r][3] - f[3]) < 1e-9);
        EXPECT_TRUE(found) << p.body.toStdString();
    }
}

TEST(PayloadGenerator, ConceptSwapsHalfOfVersicolorAndVirginica)
{
    PayloadGenerator gen(11);
    int swapped = 0, others = 0, setosa = 0;
    for (int n = 0; n < 3000; ++n) {
        const Payload p = gen.conceptDrift();
        std::array<double, 4> f{};
        ASSERT_TRUE(isValidFeatures(p.body, &f));
        // Petal length separates the species of the data set: < 2.5 setosa, else versicolor
        // below about 4.9, virginica above; swapped labels name the other of the two.
        if (f[2] < 2.5) {
            EXPECT_EQ(p.trueClass, 0);
            ++setosa;
        } else {
            ASSERT_TRUE(p.trueClass == 1 || p.trueClass == 2);
            const int species = f[2] < 4.9 ? 1 : 2;
            (p.trueClass != species ? swapped : others) += 1;
        }
    }
    // 2000 versicolor and virginica draws, half swapped (binomial sd 22); a few flowers sit on
    // the wrong side of 4.9 cm, which moves both counts a little.
    EXPECT_NEAR(swapped, 1000, 150);
    EXPECT_NEAR(setosa, 1000, 100);
    EXPECT_GT(others, 0);
}

TEST(PayloadGenerator, NormalBodiesAreValidAndLookLikeTheData)
{
    PayloadGenerator gen(42);
    constexpr int n = 3000;
    std::array<double, 4> sum{};
    for (int i = 0; i < n; ++i) {
        const Payload p = gen.normal();
        EXPECT_EQ(p.kind, PayloadKind::Normal);
        std::array<double, 4> f{};
        ASSERT_TRUE(isValidFeatures(p.body, &f)) << p.body.toStdString();
        for (std::size_t k = 0; k < 4; ++k)
            sum[k] += f[k];
    }
    // Pooled means of the 150 rows of iris.csv: 5.843, 3.057, 3.758, 1.199 cm. With 3000 draws
    // the sample mean is within about 0.05 cm of them (sd of the mean <= 1.8/sqrt(3000)).
    const std::array<double, 4> pooled{5.843, 3.057, 3.758, 1.199};
    for (std::size_t k = 0; k < 4; ++k)
        EXPECT_NEAR(sum[k] / n, pooled[k], 0.1) << "feature " << k;
}

TEST(PayloadGenerator, DriftBodiesStayInTheirRangesOutsideTheTrainingData)
{
    PayloadGenerator gen(7);
    // Maxima of iris.csv per feature.
    const std::array<double, 4> trainingMax{7.9, 4.4, 6.9, 2.5};
    for (int i = 0; i < 1000; ++i) {
        const Payload p = gen.drift();
        std::array<double, 4> f{};
        ASSERT_TRUE(isValidFeatures(p.body, &f)) << p.body.toStdString();
        for (std::size_t k = 0; k < 4; ++k) {
            EXPECT_GE(f[k], DriftRanges::low[k]);
            EXPECT_LE(f[k], DriftRanges::high[k]);
            EXPECT_GT(f[k], trainingMax[k]);
        }
    }
    EXPECT_EQ(DriftRanges::low[0], 8.0);
    EXPECT_EQ(DriftRanges::high[0], 10.0);
    EXPECT_EQ(DriftRanges::low[2], 7.0);
    EXPECT_EQ(DriftRanges::high[2], 9.0);
}

TEST(PayloadGenerator, MalformedBodiesAreNeverValidAndCoverEveryKind)
{
    PayloadGenerator gen(1);
    std::map<PayloadKind, int> seen;
    for (int i = 0; i < 500; ++i) {
        const Payload p = gen.malformed();
        EXPECT_TRUE(isMalformed(p.kind));
        EXPECT_FALSE(isValidFeatures(p.body)) << p.body.toStdString();
        ++seen[p.kind];
    }
    EXPECT_EQ(seen.size(), 5u);
    EXPECT_TRUE(gen.make(PayloadKind::EmptyBody).body.isEmpty());
    EXPECT_TRUE(gen.make(PayloadKind::WrongKey).body.contains("\"inputs\""));
    EXPECT_TRUE(gen.make(PayloadKind::Strings).body.contains("[\""));
    const QJsonDocument shortArray =
        QJsonDocument::fromJson(gen.make(PayloadKind::ShortArray).body);
    EXPECT_EQ(shortArray.object().value(QStringLiteral("features")).toArray().size(), 3);
    QJsonParseError err{};
    QJsonDocument::fromJson(gen.make(PayloadKind::Truncated).body, &err);
    EXPECT_NE(err.error, QJsonParseError::NoError);
}

TEST(PayloadGenerator, SameSeedSameBodies)
{
    PayloadGenerator a(99), b(99), c(100);
    bool differs = false;
    for (int i = 0; i < 50; ++i) {
        const QByteArray x = a.normal().body;
        EXPECT_EQ(x, b.normal().body);
        differs = differs || x != c.normal().body;
    }
    EXPECT_TRUE(differs);
}

TEST(PayloadGenerator, FeaturesBodyUsesOneDecimal)
{
    EXPECT_EQ(PayloadGenerator::featuresBody({5.1, 3.5, 1.4, 0.2}),
              QByteArray("{\"features\":[5.1,3.5,1.4,0.2]}"));
}

TEST(Scenario, NamesRoundTrip)
{
    for (const QString &name : scenarioNames()) {
        const auto s = scenarioFromName(name);
        ASSERT_TRUE(s.has_value()) << name.toStdString();
        EXPECT_EQ(scenarioName(*s), name);
    }
    EXPECT_EQ(scenarioFromName(QStringLiteral(" Spike ")), Scenario::Spike);
    EXPECT_FALSE(scenarioFromName(QStringLiteral("burst")).has_value());
    EXPECT_FALSE(scenarioFromName(QString()).has_value());
}

TEST(Scenario, CycleGoesNormalErrorsConceptDriftSpikeAndRepeats)
{
    // Phase lengths from scenario.h: 20 + 75 + 100 + 90 + 10 s.
    EXPECT_EQ(cycleLengthMs(), 295000);
    EXPECT_EQ(cyclePhaseAt(0), Scenario::Normal);
    EXPECT_EQ(cyclePhaseAt(19999), Scenario::Normal);
    EXPECT_EQ(cyclePhaseAt(20000), Scenario::Errors);
    EXPECT_EQ(cyclePhaseAt(94999), Scenario::Errors);
    EXPECT_EQ(cyclePhaseAt(95000), Scenario::Concept);
    EXPECT_EQ(cyclePhaseAt(195000), Scenario::Drift);
    EXPECT_EQ(cyclePhaseAt(285000), Scenario::Spike);
    EXPECT_EQ(cyclePhaseAt(295000), Scenario::Normal);
    EXPECT_EQ(cyclePhaseAt(295000 + 30000), Scenario::Errors);
    EXPECT_EQ(cyclePhaseAt(-5), Scenario::Normal);
    // A time scale of 0.1 runs the same cycle ten times as fast.
    EXPECT_EQ(cyclePhaseAt(1999, 0.1), Scenario::Normal);
    EXPECT_EQ(cyclePhaseAt(2000, 0.1), Scenario::Errors);
    EXPECT_EQ(cyclePhaseAt(19500, 0.1), Scenario::Drift);
    EXPECT_EQ(cyclePhaseAt(29500, 0.1), Scenario::Normal);
}

TEST(TokenBucket, PacesToTheRate)
{
    TokenBucket bucket(10, 1, 0); // 10 per second, no burst beyond one token
    int taken = bucket.take(0, 100);
    EXPECT_EQ(taken, 1); // starts with one token
    // Polled every 10 ms for 10 s: 100 more tokens, never more than one at once.
    for (qint64 t = 10; t <= 10000; t += 10) {
        const int n = bucket.take(t, 100);
        EXPECT_LE(n, 1);
        taken += n;
    }
    EXPECT_EQ(taken, 101);
}

TEST(TokenBucket, BurstCapsCatchUpAfterAStall)
{
    TokenBucket bucket(100, TokenBucket::defaultBurst(100), 0);
    EXPECT_EQ(TokenBucket::defaultBurst(100), 25.0);
    EXPECT_EQ(TokenBucket::defaultBurst(2), 1.0);
    bucket.take(0, 100);
    // A 5 s stall earns 500 tokens, but only a quarter second's worth may go out at once.
    EXPECT_EQ(bucket.take(5000, 1000), 25);
    EXPECT_EQ(bucket.take(5000, 1000), 0);
}

TEST(TokenBucket, TakesNoMoreThanAllowed)
{
    TokenBucket bucket(1000, 100, 0);
    EXPECT_EQ(bucket.take(1000, 3), 3);
    EXPECT_EQ(bucket.take(1000, 0), 0);
    EXPECT_EQ(bucket.take(1000, -4), 0);
    EXPECT_EQ(bucket.take(1000, 1000), 97);
}

TEST(TokenBucket, RateChangeKeepsEarnedTokensUpToTheNewBurst)
{
    TokenBucket bucket(100, 50, 0);
    bucket.take(0, 10);
    bucket.reset(2, 1, 1000); // 50 earned, but the new burst is 1
    EXPECT_EQ(bucket.take(1000, 100), 1);
    EXPECT_EQ(bucket.take(1400, 100), 0);
    EXPECT_EQ(bucket.take(1500, 100), 1);
}
