#include "server/dataset.h"

#include <gtest/gtest.h>

TEST(Dataset, LoadsTheBundledIrisData)
{
    QString error;
    const auto data =
        iris::loadCsv(QStringLiteral(VITALS_SOURCE_DIR "/resources/data/iris.csv"), &error);
    ASSERT_TRUE(data) << error.toStdString();
    // Fisher's data: 150 rows, 50 per species (resources/data/README.md).
    EXPECT_EQ(data->examples.size(), 150u);
    EXPECT_EQ(data->classNames, (QStringList{QStringLiteral("setosa"), QStringLiteral("versicolor"),
                                             QStringLiteral("virginica")}));
    EXPECT_EQ(data->featureNames.size(), 4);
    int perClass[3] = {0, 0, 0};
    for (const auto &e : data->examples)
        ++perClass[e.label];
    EXPECT_EQ(perClass[0], 50);
    EXPECT_EQ(perClass[1], 50);
    EXPECT_EQ(perClass[2], 50);
    // First data line of the file: 5.1,3.5,1.4,0.2,setosa
    EXPECT_DOUBLE_EQ(data->examples[0].features[0], 5.1);
    EXPECT_DOUBLE_EQ(data->examples[0].features[3], 0.2);
}

TEST(Dataset, MalformedInputNamesTheLine)
{
    struct Case {
        const char *text;
        const char *mentions;
    };
    const Case cases[] = {
        {"", "no header"},
        {"a,b,c,d,e\n", "no examples"},
        {"a,b,c,d,e\n1,2,3,x\n", ":2: expected 5 columns"},
        {"a,b,c,d,e\n1,2,3,4,s\n1,2,nan,4,s\n", ":3: column 3"},
        {"a,b,c,d,e\n1,2,3,inf,s\n", "column 4"},
        {"a,b,c,d,e\n1,2,3,4,\n", "empty class"},
    };
    for (const auto &c : cases) {
        QString error;
        EXPECT_FALSE(iris::parseCsv(QByteArray(c.text), QStringLiteral("t.csv"), &error)) << c.text;
        EXPECT_TRUE(error.contains(QString::fromLatin1(c.mentions))) << error.toStdString();
    }
}

TEST(Dataset, MissingFileIsAClearError)
{
    QString error;
    EXPECT_FALSE(iris::loadCsv(QStringLiteral("/nonexistent/iris.csv"), &error));
    EXPECT_TRUE(error.contains(QStringLiteral("cannot open /nonexistent/iris.csv")));
}
