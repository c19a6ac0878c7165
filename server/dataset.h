#pragma once

#include <QString>
#include <QStringList>

#include <array>
#include <optional>
#include <vector>

namespace iris {

inline constexpr int kFeatureCount = 4;

// One labelled example: four measurements in centimetres and the class index.
struct Example {
    std::array<double, kFeatureCount> features{};
    int label = 0;
};

// A labelled data set read from CSV: header `f1,f2,f3,f4,class`, one example per line.
struct Dataset {
    QStringList featureNames; // from the header, in column order
    QStringList classNames;   // in order of first appearance
    std::vector<Example> examples;
};

// Reads a data set in the layout of resources/data/iris.csv. On malformed input (missing
// file, wrong column count, a value that is not a finite number) returns nullopt and sets
// `error` to a message naming the line. Thread-safe; reads the whole file.
std::optional<Dataset> loadCsv(const QString &path, QString *error);

// The same, from text already in memory; `origin` names it in error messages.
std::optional<Dataset> parseCsv(const QByteArray &text, const QString &origin, QString *error);

} // namespace iris
