#include "server/model.h"

#include "server/jsonwriter.h"

#include <QFile>

#include <simdjson.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>

namespace iris {

Prediction Model::predict(const std::array<double, kFeatureCount> &x) const noexcept
{
    std::array<double, kFeatureCount> z;
    for (int f = 0; f < kFeatureCount; ++f)
        z[f] = (x[f] - mean[f]) / stdDev[f];
    std::array<double, kClassCount> logits;
    for (int c = 0; c < kClassCount; ++c) {
        double s = bias[c];
        for (int f = 0; f < kFeatureCount; ++f)
            s += weights[c][f] * z[f];
        logits[c] = s;
    }
    Prediction p;
    const double top = *std::max_element(logits.begin(), logits.end());
    double sum = 0.0;
    for (int c = 0; c < kClassCount; ++c) {
        p.probabilities[c] = std::exp(logits[c] - top);
        sum += p.probabilities[c];
    }
    for (int c = 0; c < kClassCount; ++c)
        p.probabilities[c] /= sum;
    p.label = int(std::max_element(p.probabilities.begin(), p.probabilities.end())
                  - p.probabilities.begin());
    return p;
}

namespace {

// std::shuffle's use of the engine is implementation-defined; this Fisher–Yates with a plain
// modulo keeps the split identical across standard libraries.
void shuffle(std::vector<int> &v, std::mt19937 &rng)
{
    for (std::size_t i = v.size(); i > 1; --i) {
        const std::size_t j = rng() % i;
        std::swap(v[i - 1], v[j]);
    }
}

ReferenceBins makeBins(const std::vector<double> &values, int binCount)
{
    ReferenceBins bins;
    const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    const double low = *lo;
    const double width = (*hi - low) > 0 ? (*hi - low) / binCount : 1.0;
    for (int i = 0; i <= binCount; ++i)
        // Inner edges rounded to 1 µm so the model card and the `le` labels stay readable.
        bins.edges.push_back(i == 0 ? low
                             : i == binCount && *hi > low
                                 ? *hi
                                 : std::round((low + width * i) * 1e4) / 1e4);
    std::vector<int> counts(std::size_t(binCount), 0);
    for (const double v : values) {
        // Bin i holds (edges[i], edges[i+1]]; bin 0 also holds edges[0].
        int i = 0;
        while (i < binCount - 1 && v > bins.edges[std::size_t(i) + 1])
            ++i;
        ++counts[std::size_t(i)];
    }
    for (const int c : counts)
        bins.proportions.push_back(double(c) / double(values.size()));
    return bins;
}

} // namespace

std::optional<Model> train(const Dataset &data, const TrainOptions &options, QString *error)
{
    const auto started = std::chrono::steady_clock::now();
    if (data.classNames.size() != kClassCount || data.featureNames.size() != kFeatureCount) {
        if (error)
            *error = QStringLiteral("training needs %1 classes and %2 features, found %3 and %4")
                         .arg(kClassCount)
                         .arg(kFeatureCount)
                         .arg(data.classNames.size())
                         .arg(data.featureNames.size());
        return std::nullopt;
    }

    std::mt19937 rng(options.seed);
    std::vector<int> trainIdx, holdIdx;
    for (int c = 0; c < kClassCount; ++c) {
        std::vector<int> idx;
        for (int i = 0; i < int(data.examples.size()); ++i)
            if (data.examples[std::size_t(i)].label == c)
                idx.push_back(i);
        shuffle(idx, rng);
        const auto nHold = std::size_t(std::lround(double(idx.size()) * options.holdoutShare));
        if (idx.size() < 2 || nHold == 0 || nHold >= idx.size()) {
            if (error)
                *error = QStringLiteral("class %1 has too few examples (%2) for a holdout split")
                             .arg(data.classNames[c])
                             .arg(idx.size());
            return std::nullopt;
        }
        holdIdx.insert(holdIdx.end(), idx.begin(), idx.begin() + std::ptrdiff_t(nHold));
        trainIdx.insert(trainIdx.end(), idx.begin() + std::ptrdiff_t(nHold), idx.end());
    }
    std::sort(trainIdx.begin(), trainIdx.end());
    std::sort(holdIdx.begin(), holdIdx.end());

    Model m;
    m.featureNames = data.featureNames;
    m.classNames = data.classNames;
    m.seed = options.seed;
    m.epochs = options.epochs;
    m.trainSize = int(trainIdx.size());
    m.holdoutSize = int(holdIdx.size());

    const double n = double(trainIdx.size());
    for (int f = 0; f < kFeatureCount; ++f) {
        double s = 0;
        for (const int i : trainIdx)
            s += data.examples[std::size_t(i)].features[f];
        m.mean[f] = s / n;
        double ss = 0;
        for (const int i : trainIdx) {
            const double d = data.examples[std::size_t(i)].features[f] - m.mean[f];
            ss += d * d;
        }
        m.stdDev[f] = ss > 0 ? std::sqrt(ss / n) : 1.0;
    }
    std::array<int, kClassCount> perClass{};
    for (const int i : trainIdx)
        ++perClass[std::size_t(data.examples[std::size_t(i)].label)];
    for (int c = 0; c < kClassCount; ++c)
        m.classPriors[c] = double(perClass[c]) / n;

    std::vector<std::array<double, kFeatureCount>> z;
    for (const int i : trainIdx) {
        std::array<double, kFeatureCount> row;
        for (int f = 0; f < kFeatureCount; ++f)
            row[f] = (data.examples[std::size_t(i)].features[f] - m.mean[f]) / m.stdDev[f];
        z.push_back(row);
    }

    for (int epoch = 0; epoch < options.epochs; ++epoch) {
        std::array<std::array<double, kFeatureCount>, kClassCount> gw{};
        std::array<double, kClassCount> gb{};
        for (std::size_t k = 0; k < z.size(); ++k) {
            std::array<double, kClassCount> logits;
            for (int c = 0; c < kClassCount; ++c) {
                double s = m.bias[c];
                for (int f = 0; f < kFeatureCount; ++f)
                    s += m.weights[c][f] * z[k][f];
                logits[c] = s;
            }
            const double top = *std::max_element(logits.begin(), logits.end());
            double sum = 0;
            for (auto &l : logits) {
                l = std::exp(l - top);
                sum += l;
            }
            const int y = data.examples[std::size_t(trainIdx[k])].label;
            for (int c = 0; c < kClassCount; ++c) {
                const double err = logits[c] / sum - (c == y ? 1.0 : 0.0);
                gb[c] += err;
                for (int f = 0; f < kFeatureCount; ++f)
                    gw[c][f] += err * z[k][f];
            }
        }
        for (int c = 0; c < kClassCount; ++c) {
            m.bias[c] -= options.learningRate * gb[c] / n;
            for (int f = 0; f < kFeatureCount; ++f)
                m.weights[c][f] -=
                    options.learningRate * (gw[c][f] / n + options.l2 * m.weights[c][f]);
        }
    }

    int correct = 0;
    for (const int i : holdIdx) {
        const auto &e = data.examples[std::size_t(i)];
        if (m.predict(e.features).label == e.label)
            ++correct;
    }
    m.accuracy = double(correct) / double(holdIdx.size());

    for (int f = 0; f < kFeatureCount; ++f) {
        std::vector<double> values;
        for (const int i : trainIdx)
            values.push_back(data.examples[std::size_t(i)].features[f]);
        m.referenceBins[f] = makeBins(values, options.referenceBinCount);
    }
    m.trainingSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return m;
}

namespace {

void writeStrings(JsonWriter &w, const QStringList &list)
{
    w.raw("[");
    for (int i = 0; i < list.size(); ++i) {
        if (i)
            w.raw(",");
        w.string(list[i].toStdString());
    }
    w.raw("]");
}

void writeCardFields(JsonWriter &w, const Model &m)
{
    w.raw("\"accuracy\":");
    w.number(m.accuracy);
    w.raw(",\"classes\":");
    writeStrings(w, m.classNames);
    w.raw(",\"features\":");
    writeStrings(w, m.featureNames);
    w.raw(",\"class_priors\":");
    w.numbers(m.classPriors);
    w.raw(",\"reference_bins\":{");
    for (int f = 0; f < kFeatureCount; ++f) {
        if (f)
            w.raw(",");
        w.string(m.featureNames[f].toStdString());
        w.raw(":{\"edges\":");
        w.numbers(m.referenceBins[f].edges);
        w.raw(",\"proportions\":");
        w.numbers(m.referenceBins[f].proportions);
        w.raw("}");
    }
    w.raw("},\"train_size\":");
    w.integer(m.trainSize);
    w.raw(",\"holdout_size\":");
    w.integer(m.holdoutSize);
    w.raw(",\"training_seconds\":");
    w.number(m.trainingSeconds);
}

} // namespace

std::string modelCardJson(const Model &model)
{
    std::string out;
    JsonWriter w(out);
    w.raw("{");
    writeCardFields(w, model);
    w.raw(",\"algorithm\":\"multinomial logistic regression on standardized features\"}");
    return out;
}

std::string toJson(const Model &m)
{
    std::string out;
    JsonWriter w(out);
    w.raw("{\"format\":\"iris-softmax/1\",\"model_name\":\"iris\",");
    writeCardFields(w, m);
    w.raw(",\"seed\":");
    w.integer(m.seed);
    w.raw(",\"epochs\":");
    w.integer(m.epochs);
    w.raw(",\"weights\":[");
    for (int c = 0; c < kClassCount; ++c) {
        if (c)
            w.raw(",");
        w.numbers(m.weights[c]);
    }
    w.raw("],\"bias\":");
    w.numbers(m.bias);
    w.raw(",\"scaler\":{\"mean\":");
    w.numbers(m.mean);
    w.raw(",\"std\":");
    w.numbers(m.stdDev);
    w.raw("}}\n");
    return out;
}

namespace {

using simdjson::dom::element;

struct Reader {
    QString *error;
    bool ok = true;

    bool fail(const QString &what)
    {
        if (ok && error)
            *error = what;
        ok = false;
        return false;
    }
    bool number(element e, const char *what, double *out)
    {
        double v = 0;
        if (e.get_double().get(v) != simdjson::SUCCESS) {
            int64_t i = 0;
            if (e.get_int64().get(i) != simdjson::SUCCESS)
                return fail(QStringLiteral("%1 is not a number").arg(QLatin1String(what)));
            v = double(i);
        }
        if (!std::isfinite(v))
            return fail(QStringLiteral("%1 is not finite").arg(QLatin1String(what)));
        *out = v;
        return true;
    }
    bool field(element obj, const char *key, element *out)
    {
        if (obj[key].get(*out) != simdjson::SUCCESS)
            return fail(QStringLiteral("missing field \"%1\"").arg(QLatin1String(key)));
        return true;
    }
    template<typename Vec>
    bool numbers(element obj, const char *key, std::size_t expected, Vec *out)
    {
        element e;
        if (!field(obj, key, &e))
            return false;
        simdjson::dom::array a;
        if (e.get_array().get(a) != simdjson::SUCCESS)
            return fail(QStringLiteral("\"%1\" is not an array").arg(QLatin1String(key)));
        if (expected && a.size() != expected)
            return fail(QStringLiteral("\"%1\" has %2 values, expected %3")
                            .arg(QLatin1String(key))
                            .arg(a.size())
                            .arg(expected));
        std::size_t i = 0;
        for (element v : a) {
            double d = 0;
            if (!number(v, key, &d))
                return false;
            if constexpr (requires { out->push_back(d); })
                out->push_back(d);
            else
                (*out)[i] = d;
            ++i;
        }
        return true;
    }
    bool strings(element obj, const char *key, QStringList *out)
    {
        element e;
        if (!field(obj, key, &e))
            return false;
        simdjson::dom::array a;
        if (e.get_array().get(a) != simdjson::SUCCESS)
            return fail(QStringLiteral("\"%1\" is not an array").arg(QLatin1String(key)));
        for (element v : a) {
            std::string_view s;
            if (v.get_string().get(s) != simdjson::SUCCESS)
                return fail(QStringLiteral("\"%1\" holds a non-string").arg(QLatin1String(key)));
            *out << QString::fromUtf8(s.data(), qsizetype(s.size()));
        }
        return true;
    }
};

} // namespace

std::optional<Model> fromJson(std::string_view json, QString *error)
{
    if (json.size() > 16u * 1024 * 1024) {
        if (error)
            *error = QStringLiteral("model file is larger than 16 MiB");
        return std::nullopt;
    }
    simdjson::dom::parser parser;
    element root;
    if (const auto err = parser.parse(json.data(), json.size()).get(root)) {
        if (error)
            *error = QStringLiteral("model file is not valid JSON: %1")
                         .arg(QLatin1String(simdjson::error_message(err)));
        return std::nullopt;
    }
    Reader r{error};
    Model m;
    if (!root.is_object()) {
        r.fail(QStringLiteral("model file is not a JSON object"));
        return std::nullopt;
    }
    r.strings(root, "features", &m.featureNames) && r.strings(root, "classes", &m.classNames);
    if (r.ok && m.featureNames.size() != kFeatureCount)
        r.fail(QStringLiteral("\"features\" must name %1 features").arg(kFeatureCount));
    if (r.ok && m.classNames.size() != kClassCount)
        r.fail(QStringLiteral("\"classes\" must name %1 classes").arg(kClassCount));
    element weights, scaler, bins, e;
    if (r.ok && r.field(root, "weights", &weights)) {
        simdjson::dom::array rows;
        if (weights.get_array().get(rows) != simdjson::SUCCESS || rows.size() != kClassCount) {
            r.fail(QStringLiteral("\"weights\" must be %1 rows").arg(kClassCount));
        } else {
            int c = 0;
            for (element row : rows) {
                simdjson::dom::array cols;
                if (row.get_array().get(cols) != simdjson::SUCCESS
                    || cols.size() != kFeatureCount) {
                    r.fail(QStringLiteral("each \"weights\" row must have %1 values")
                               .arg(kFeatureCount));
                    break;
                }
                int f = 0;
                for (element v : cols)
                    if (!r.number(v, "weights", &m.weights[c][f++]))
                        break;
                ++c;
            }
        }
    }
    if (r.ok)
        r.numbers(root, "bias", kClassCount, &m.bias);
    if (r.ok && r.field(root, "scaler", &scaler) && scaler.is_object()) {
        r.numbers(scaler, "mean", kFeatureCount, &m.mean)
            && r.numbers(scaler, "std", kFeatureCount, &m.stdDev);
        for (const double s : m.stdDev)
            if (r.ok && !(s > 0))
                r.fail(QStringLiteral("scaler std must be positive"));
    }
    if (r.ok && r.field(root, "accuracy", &e))
        r.number(e, "accuracy", &m.accuracy);
    if (r.ok)
        r.numbers(root, "class_priors", kClassCount, &m.classPriors);
    // Optional bookkeeping fields: absent in hand-written model files.
    double d = 0;
    if (r.ok && root["training_seconds"].get(e) == simdjson::SUCCESS
        && r.number(e, "training_seconds", &d))
        m.trainingSeconds = d;
    if (r.ok && root["train_size"].get(e) == simdjson::SUCCESS && r.number(e, "train_size", &d))
        m.trainSize = int(d);
    if (r.ok && root["holdout_size"].get(e) == simdjson::SUCCESS && r.number(e, "holdout_size", &d))
        m.holdoutSize = int(d);
    if (r.ok && root["seed"].get(e) == simdjson::SUCCESS && r.number(e, "seed", &d))
        m.seed = unsigned(d);
    if (r.ok && root["epochs"].get(e) == simdjson::SUCCESS && r.number(e, "epochs", &d))
        m.epochs = int(d);
    if (r.ok && r.field(root, "reference_bins", &bins)) {
        for (int f = 0; f < kFeatureCount && r.ok; ++f) {
            const std::string name = m.featureNames[f].toStdString();
            element fb;
            if (bins[name].get(fb) != simdjson::SUCCESS) {
                r.fail(
                    QStringLiteral("reference_bins lacks feature \"%1\"").arg(m.featureNames[f]));
                break;
            }
            auto &rb = m.referenceBins[f];
            if (!r.numbers(fb, "edges", 0, &rb.edges)
                || !r.numbers(fb, "proportions", 0, &rb.proportions))
                break;
            if (rb.edges.size() < 2 || rb.proportions.size() + 1 != rb.edges.size()
                || !std::is_sorted(rb.edges.begin(), rb.edges.end())
                || std::adjacent_find(rb.edges.begin(), rb.edges.end()) != rb.edges.end())
                r.fail(QStringLiteral("reference_bins of \"%1\" need strictly ascending edges "
                                      "and one proportion per bin")
                           .arg(m.featureNames[f]));
        }
    }
    if (!r.ok)
        return std::nullopt;
    return m;
}

std::optional<Model> loadModelFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot open %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    if (file.size() > 16LL * 1024 * 1024) {
        if (error)
            *error = QStringLiteral("%1 is larger than 16 MiB").arg(path);
        return std::nullopt;
    }
    const QByteArray bytes = file.readAll();
    QString inner;
    auto model = fromJson(std::string_view(bytes.constData(), std::size_t(bytes.size())), &inner);
    if (!model && error)
        *error = QStringLiteral("%1: %2").arg(path, inner);
    return model;
}

} // namespace iris
