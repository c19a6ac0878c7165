#pragma once

#include "server/dataset.h"

#include <QString>
#include <QStringList>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace iris {

inline constexpr int kClassCount = 3;

// Reference distribution of one feature in the training split, for drift detection.
// `edges` has bins+1 ascending values in centimetres (edges[0] = training minimum, last =
// training maximum, equal widths); `proportions[i]` is the share of training values in bin i,
// where bin 0 is [edges[0], edges[1]] and bin i > 0 is (edges[i], edges[i+1]] — the same
// "less or equal" convention as Prometheus histogram buckets, whose `le` bounds are these edges.
struct ReferenceBins {
    std::vector<double> edges;
    std::vector<double> proportions;
};

// Result of one prediction: the arg-max class and the softmax probabilities (sum to 1).
struct Prediction {
    int label = 0;
    std::array<double, kClassCount> probabilities{};
};

// A multinomial logistic regression (softmax) over four standardized features.
//
// Model file (JSON, written by toJson(), read by fromJson()):
//   {"format":"iris-softmax/1", "model_name":"iris",
//    "features":["sepal_length_cm",…], "classes":["setosa",…],
//    "weights":[[w00,w01,w02,w03],…3 rows], "bias":[b0,b1,b2],
//    "scaler":{"mean":[…4],"std":[…4]},
//    "accuracy":0.97, "train_size":120, "holdout_size":30, "seed":42, "epochs":3000,
//    "training_seconds":0.004, "class_priors":[…3],
//    "reference_bins":{"<feature>":{"edges":[…11],"proportions":[…10]},…}}
// Values are plain data; a const Model may be shared by any number of threads.
struct Model {
    QStringList featureNames;
    QStringList classNames;
    std::array<std::array<double, kFeatureCount>, kClassCount> weights{};
    std::array<double, kClassCount> bias{};
    std::array<double, kFeatureCount> mean{};
    std::array<double, kFeatureCount> stdDev{};
    double accuracy = 0.0; // on the stratified holdout split, 0..1
    int trainSize = 0;
    int holdoutSize = 0;
    unsigned seed = 0;
    int epochs = 0;
    double trainingSeconds = 0.0;                  // wall time of train(), for the model card
    std::array<double, kClassCount> classPriors{}; // class shares in the training split
    std::array<ReferenceBins, kFeatureCount> referenceBins;

    // Inputs in centimetres, in the order of featureNames. Pure, no allocation, ~100 ns.
    Prediction predict(const std::array<double, kFeatureCount> &x) const noexcept;
};

struct TrainOptions {
    unsigned seed = 42;        // drives the stratified split only; training is deterministic
    double holdoutShare = 0.2; // per class
    int epochs = 3000;         // full-batch gradient descent steps
    double learningRate = 0.5;
    double l2 = 1e-3; // weight decay on the weights (not the bias)
    int referenceBinCount = 10;
};

// Trains on a stratified (1 - holdoutShare) split of `data` and evaluates on the rest. Identical
// input and options give bit-identical weights. Needs exactly kClassCount classes; returns
// nullopt with `error` set otherwise.
std::optional<Model> train(const Dataset &data, const TrainOptions &options, QString *error);

// Serialises to the model file format above (compact JSON, UTF-8).
std::string toJson(const Model &model);

// Parses a model file; on a missing field, a wrong count or a non-finite number returns nullopt
// and sets `error`. Accepts files up to 16 MiB.
std::optional<Model> fromJson(std::string_view json, QString *error);
std::optional<Model> loadModelFile(const QString &path, QString *error);

// The model card part of toJson() (everything but weights, bias and scaler) as a JSON object:
//   {"accuracy":…,"classes":[…],"features":[…],"class_priors":[…],
//    "reference_bins":{"<feature>":{"edges":[…],"proportions":[…]}},
//    "train_size":…,"holdout_size":…,"training_seconds":…,"algorithm":"…"}
std::string modelCardJson(const Model &model);

} // namespace iris
