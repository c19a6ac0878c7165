// The CSV layout shared by `vitals query --format csv` and a panel's CSV export.
#include "core/prom/csv.h"

#include <QTextStream>

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace vitals;
using prom::LabelSet;

namespace {
QString csvOf(const prom::QueryResult &r)
{
    QString text;
    QTextStream out(&text);
    prom::writeCsv(out, r);
    out.flush();
    return text;
}
} // namespace

TEST(Csv, VectorHasSortedLabelColumnsThenTimestampAndValue)
{
    prom::QueryResult r;
    r.type = prom::ResultType::Vector;
    r.vector.push_back({LabelSet::fromPairs({{QStringLiteral("job"), QStringLiteral("iris")},
                                             {QStringLiteral("__name__"), QStringLiteral("up")}}),
                        1700000000250, 1.0});
    r.vector.push_back({LabelSet::fromPairs({{QStringLiteral("instance"), QStringLiteral("a:1")}}),
                        1700000001000, 0.5});
    EXPECT_EQ(csvOf(r), QStringLiteral("__name__,instance,job,timestamp,value\n"
                                       "up,,iris,1700000000.250,1\n"
                                       ",a:1,,1700000001.000,0.5\n"));
}

TEST(Csv, SpecialValuesAndQuotedFields)
{
    prom::QueryResult r;
    r.type = prom::ResultType::Matrix;
    series::Series s(LabelSet::fromPairs({{QStringLiteral("msg"), QStringLiteral("a,\"b\"\nc")}}));
    s.append(1000, std::numeric_limits<double>::quiet_NaN());
    s.append(2000, std::numeric_limits<double>::infinity());
    s.append(3000, -std::numeric_limits<double>::infinity());
    s.append(4000, 0.1);
    r.matrix.push_back(std::move(s));
    EXPECT_EQ(csvOf(r), QStringLiteral("msg,timestamp,value\n"
                                       "\"a,\"\"b\"\"\nc\",1.000,NaN\n"
                                       "\"a,\"\"b\"\"\nc\",2.000,+Inf\n"
                                       "\"a,\"\"b\"\"\nc\",3.000,-Inf\n"
                                       "\"a,\"\"b\"\"\nc\",4.000,0.1\n"));
}

TEST(Csv, ScalarStringAndNegativeTimes)
{
    prom::QueryResult scalar;
    scalar.type = prom::ResultType::Scalar;
    scalar.tMs = 1500;
    scalar.scalar = 2;
    EXPECT_EQ(csvOf(scalar), QStringLiteral("timestamp,value\n1.500,2\n"));
    prom::QueryResult string;
    string.type = prom::ResultType::String;
    string.tMs = 2000;
    string.string = QStringLiteral("x,y");
    EXPECT_EQ(csvOf(string), QStringLiteral("timestamp,value\n2.000,\"x,y\"\n"));
    EXPECT_EQ(prom::csvTimestamp(-1500), QStringLiteral("-1.500"));
}

TEST(Csv, RowsFromSeveralQueriesGetAQueryColumn)
{
    std::vector<prom::CsvRow> rows;
    prom::appendCsvRows(rows, std::vector<prom::VectorSample>{{LabelSet(), 1000, 1}},
                        QStringLiteral("A"));
    prom::appendCsvRows(
        rows,
        std::vector<prom::VectorSample>{
            {LabelSet::fromPairs({{QStringLiteral("le"), QStringLiteral("+Inf")}}), 1000, 2}},
        QStringLiteral("B"));
    QString text;
    QTextStream out(&text);
    prom::writeCsv(out, rows);
    out.flush();
    EXPECT_EQ(text, QStringLiteral("query,le,timestamp,value\nA,,1.000,1\nB,+Inf,1.000,2\n"));
}
