#include "server/builtinmodel.h"
#include "server/dataset.h"
#include "server/model.h"

#include <gtest/gtest.h>

#include <numeric>

namespace {

iris::Dataset irisData()
{
    QString error;
    auto data = iris::loadCsv(QStringLiteral(VITALS_SOURCE_DIR "/resources/data/iris.csv"), &error);
    EXPECT_TRUE(data) << error.toStdString();
    return data ? *data : iris::Dataset{};
}

iris::Model trained()
{
    QString error;
    auto model = iris::train(irisData(), iris::TrainOptions{}, &error);
    EXPECT_TRUE(model) << error.toStdString();
    return model ? *model : iris::Model{};
}

} // namespace

TEST(Model, HoldoutAccuracyIsAtLeast93Percent)
{
    const auto m = trained();
    // Stratified 80/20 split of 150 rows: 10 per class held out.
    EXPECT_EQ(m.holdoutSize, 30);
    EXPECT_EQ(m.trainSize, 120);
    EXPECT_GE(m.accuracy, 0.93);
}

TEST(Model, ProbabilitiesSumToOneForEveryRow)
{
    const auto m = trained();
    for (const auto &e : irisData().examples) {
        const auto p = m.predict(e.features);
        EXPECT_NEAR(std::accumulate(p.probabilities.begin(), p.probabilities.end(), 0.0), 1.0,
                    1e-12);
        for (const double v : p.probabilities) {
            EXPECT_GE(v, 0.0);
            EXPECT_LE(v, 1.0);
        }
    }
}

TEST(Model, KnownExampleOfEachSpecies)
{
    const auto m = trained();
    // Rows 1, 51 and 101 of iris.csv, one per species.
    EXPECT_EQ(m.predict({5.1, 3.5, 1.4, 0.2}).label, 0);
    EXPECT_EQ(m.predict({7.0, 3.2, 4.7, 1.4}).label, 1);
    EXPECT_EQ(m.predict({6.3, 3.3, 6.0, 2.5}).label, 2);
    EXPECT_GT(m.predict({5.1, 3.5, 1.4, 0.2}).probabilities[0], 0.9);
    EXPECT_EQ(m.classNames[2], QStringLiteral("virginica"));
}

TEST(Model, TrainingIsDeterministic)
{
    const auto a = trained();
    const auto b = trained();
    EXPECT_EQ(a.weights, b.weights);
    EXPECT_EQ(a.bias, b.bias);
    EXPECT_EQ(a.mean, b.mean);
    EXPECT_EQ(a.accuracy, b.accuracy);
}

TEST(Model, ModelCardHasPriorsAndReferenceBins)
{
    const auto m = trained();
    for (const double p : m.classPriors)
        EXPECT_DOUBLE_EQ(p, 40.0 / 120.0); // 40 training rows per class
    for (const auto &bins : m.referenceBins) {
        ASSERT_EQ(bins.edges.size(), 11u);
        ASSERT_EQ(bins.proportions.size(), 10u);
        EXPECT_TRUE(std::is_sorted(bins.edges.begin(), bins.edges.end()));
        EXPECT_NEAR(std::accumulate(bins.proportions.begin(), bins.proportions.end(), 0.0), 1.0,
                    1e-9);
    }
    // Sepal length spans 4.3 … 7.9 cm in the whole data set; the training split lies inside.
    EXPECT_GE(m.referenceBins[0].edges.front(), 4.3);
    EXPECT_LE(m.referenceBins[0].edges.back(), 7.9);
    const std::string card = iris::modelCardJson(m);
    for (const char *key :
         {"\"accuracy\":", "\"classes\":[\"setosa\"", "\"features\":[\"sepal_length_cm\"",
          "\"class_priors\":[", "\"reference_bins\":{\"sepal_length_cm\":{\"edges\":["})
        EXPECT_NE(card.find(key), std::string::npos) << key << " in " << card;
}

TEST(Model, JsonRoundTripKeepsEveryNumber)
{
    const auto m = trained();
    QString error;
    const auto back = iris::fromJson(iris::toJson(m), &error);
    ASSERT_TRUE(back) << error.toStdString();
    EXPECT_EQ(back->weights, m.weights);
    EXPECT_EQ(back->bias, m.bias);
    EXPECT_EQ(back->stdDev, m.stdDev);
    EXPECT_EQ(back->classPriors, m.classPriors);
    EXPECT_EQ(back->referenceBins[3].edges, m.referenceBins[3].edges);
    EXPECT_EQ(back->featureNames, m.featureNames);
    EXPECT_EQ(back->accuracy, m.accuracy);
}

TEST(Model, BuiltInModelIsTheOneTrainedFromTheBundledData)
{
    QString error;
    const auto builtin = iris::fromJson(iris::builtinModelJson(), &error);
    ASSERT_TRUE(builtin) << error.toStdString();
    const auto m = trained();
    EXPECT_EQ(builtin->weights, m.weights);
    EXPECT_EQ(builtin->accuracy, m.accuracy);
}

TEST(Model, MalformedModelFilesAreRejectedWithAReason)
{
    const std::string good = iris::toJson(trained());
    struct Case {
        std::string text;
        const char *mentions;
    };
    auto replaced = [&](const std::string &from, const std::string &to) {
        std::string s = good;
        const auto at = s.find(from);
        EXPECT_NE(at, std::string::npos) << from;
        return s.replace(at, from.size(), to);
    };
    const Case cases[] = {
        {"", "not valid JSON"},
        {"[1,2]", "not a JSON object"},
        {good.substr(0, good.size() / 2), "not valid JSON"},
        {replaced("\"bias\":", "\"bias_\":"), "missing field \"bias\""},
        {replaced("\"bias\":[", "\"bias\":[1,"), "\"bias\" has 4 values"},
        {replaced("\"weights\":[[", "\"weights\":[[\"x\","), "each \"weights\" row"},
        {replaced("\"std\":[", "\"std\":[0,"), "\"std\" has 5"},
        {replaced("\"classes\":[", "\"classes\":[\"extra\","), "3 classes"},
        {replaced("\"edges\":[", "\"edges\":[99,"), "ascending"},
    };
    for (const auto &c : cases) {
        QString error;
        EXPECT_FALSE(iris::fromJson(c.text, &error)) << c.text.substr(0, 80);
        EXPECT_TRUE(error.contains(QString::fromLatin1(c.mentions))) << error.toStdString();
    }
    QString error;
    EXPECT_FALSE(iris::loadModelFile(QStringLiteral("/nonexistent/model.json"), &error));
    EXPECT_TRUE(error.contains(QStringLiteral("cannot open")));
}
