// The function and aggregation table of Prometheus 2.42 and the keywords, for highlighting and
// completion.
#include "core/promql/promqllanguage.h"

#include <algorithm>

namespace vitals::promql {

namespace {

using FK = FunctionKind;

std::vector<FunctionDoc> buildFunctions()
{
    // Prometheus 2.42 (docs/querying/functions.md and operators.md of that release).
    std::vector<FunctionDoc> f = {
        {"abs", "abs(v instant-vector)", "Absolute value of every sample.", FK::Function},
        {"absent", "absent(v instant-vector)",
         "1-element vector if v has no elements, else empty; for alerting on missing series.",
         FK::Function},
        {"absent_over_time", "absent_over_time(v range-vector)",
         "1-element vector if the range vector has no samples, else empty.", FK::Function},
        {"acos", "acos(v instant-vector)", "Arccosine of every sample.", FK::Function},
        {"acosh", "acosh(v instant-vector)", "Inverse hyperbolic cosine of every sample.",
         FK::Function},
        {"asin", "asin(v instant-vector)", "Arcsine of every sample.", FK::Function},
        {"asinh", "asinh(v instant-vector)", "Inverse hyperbolic sine of every sample.",
         FK::Function},
        {"atan", "atan(v instant-vector)", "Arctangent of every sample.", FK::Function},
        {"atanh", "atanh(v instant-vector)", "Inverse hyperbolic tangent of every sample.",
         FK::Function},
        {"avg_over_time", "avg_over_time(v range-vector)",
         "Average of all points in the range, per series.", FK::Function},
        {"ceil", "ceil(v instant-vector)", "Rounds every sample up to the nearest integer.",
         FK::Function},
        {"changes", "changes(v range-vector)",
         "Number of times the value changed within the range.", FK::Function},
        {"clamp", "clamp(v instant-vector, min scalar, max scalar)",
         "Clamps every sample to [min, max].", FK::Function},
        {"clamp_max", "clamp_max(v instant-vector, max scalar)",
         "Clamps every sample to an upper bound.", FK::Function},
        {"clamp_min", "clamp_min(v instant-vector, min scalar)",
         "Clamps every sample to a lower bound.", FK::Function},
        {"cos", "cos(v instant-vector)", "Cosine of every sample (radians).", FK::Function},
        {"cosh", "cosh(v instant-vector)", "Hyperbolic cosine of every sample.", FK::Function},
        {"count_over_time", "count_over_time(v range-vector)",
         "Number of points in the range, per series.", FK::Function},
        {"day_of_month", "day_of_month(v=vector(time()) instant-vector)",
         "Day of the month (1–31) in UTC.", FK::Function},
        {"day_of_week", "day_of_week(v=vector(time()) instant-vector)",
         "Day of the week (0 = Sunday) in UTC.", FK::Function},
        {"day_of_year", "day_of_year(v=vector(time()) instant-vector)",
         "Day of the year (1–366) in UTC.", FK::Function},
        {"days_in_month", "days_in_month(v=vector(time()) instant-vector)",
         "Number of days in the month (28–31) in UTC.", FK::Function},
        {"deg", "deg(v instant-vector)", "Converts radians to degrees.", FK::Function},
        {"delta", "delta(v range-vector)",
         "Difference between the first and last value of a gauge over the range.", FK::Function},
        {"deriv", "deriv(v range-vector)",
         "Per-second derivative of a gauge by simple linear regression.", FK::Function},
        {"exp", "exp(v instant-vector)", "Exponential function of every sample.", FK::Function},
        {"floor", "floor(v instant-vector)", "Rounds every sample down to the nearest integer.",
         FK::Function},
        {"histogram_count", "histogram_count(v instant-vector)",
         "Observation count of native histograms (experimental).", FK::Function},
        {"histogram_fraction", "histogram_fraction(lower scalar, upper scalar, v instant-vector)",
         "Estimated fraction of observations between lower and upper (native histograms).",
         FK::Function},
        {"histogram_quantile", "histogram_quantile(φ scalar, b instant-vector)",
         "φ-quantile (0 ≤ φ ≤ 1) from histogram buckets (le label) or native histograms.",
         FK::Function},
        {"histogram_sum", "histogram_sum(v instant-vector)",
         "Sum of observations of native histograms (experimental).", FK::Function},
        {"holt_winters", "holt_winters(v range-vector, sf scalar, tf scalar)",
         "Smoothed value by double exponential smoothing of a gauge.", FK::Function},
        {"hour", "hour(v=vector(time()) instant-vector)", "Hour of the day (0–23) in UTC.",
         FK::Function},
        {"idelta", "idelta(v range-vector)",
         "Difference between the last two samples in the range.", FK::Function},
        {"increase", "increase(v range-vector)",
         "Increase of a counter over the range, extrapolated, reset-aware.", FK::Function},
        {"irate", "irate(v range-vector)",
         "Per-second rate from the last two samples of a counter.", FK::Function},
        {"label_join", "label_join(v instant-vector, dst string, sep string, src… string)",
         "Joins the values of source labels into a destination label.", FK::Function},
        {"label_replace",
         "label_replace(v instant-vector, dst string, repl string, src string, regex string)",
         "Sets a label from a regex match on another label.", FK::Function},
        {"last_over_time", "last_over_time(v range-vector)",
         "Most recent point in the range, per series.", FK::Function},
        {"ln", "ln(v instant-vector)", "Natural logarithm of every sample.", FK::Function},
        {"log10", "log10(v instant-vector)", "Decimal logarithm of every sample.", FK::Function},
        {"log2", "log2(v instant-vector)", "Binary logarithm of every sample.", FK::Function},
        {"max_over_time", "max_over_time(v range-vector)",
         "Maximum of all points in the range, per series.", FK::Function},
        {"min_over_time", "min_over_time(v range-vector)",
         "Minimum of all points in the range, per series.", FK::Function},
        {"minute", "minute(v=vector(time()) instant-vector)", "Minute of the hour (0–59) in UTC.",
         FK::Function},
        {"month", "month(v=vector(time()) instant-vector)", "Month of the year (1–12) in UTC.",
         FK::Function},
        {"pi", "pi()", "The number π.", FK::Function},
        {"predict_linear", "predict_linear(v range-vector, t scalar)",
         "Value t seconds from now by linear regression over the range.", FK::Function},
        {"present_over_time", "present_over_time(v range-vector)",
         "1 for every series with a point in the range.", FK::Function},
        {"quantile_over_time", "quantile_over_time(φ scalar, v range-vector)",
         "φ-quantile of all points in the range, per series.", FK::Function},
        {"rad", "rad(v instant-vector)", "Converts degrees to radians.", FK::Function},
        {"rate", "rate(v range-vector)",
         "Per-second average rate of increase of a counter over the range.", FK::Function},
        {"resets", "resets(v range-vector)", "Number of counter resets within the range.",
         FK::Function},
        {"round", "round(v instant-vector, to_nearest=1 scalar)",
         "Rounds every sample to the nearest multiple of to_nearest.", FK::Function},
        {"scalar", "scalar(v instant-vector)",
         "The sample of a 1-element vector as a scalar, else NaN.", FK::Function},
        {"sgn", "sgn(v instant-vector)", "Sign of every sample: 1, -1 or 0.", FK::Function},
        {"sin", "sin(v instant-vector)", "Sine of every sample (radians).", FK::Function},
        {"sinh", "sinh(v instant-vector)", "Hyperbolic sine of every sample.", FK::Function},
        {"sort", "sort(v instant-vector)", "Sorts by sample value, ascending (instant queries).",
         FK::Function},
        {"sort_desc", "sort_desc(v instant-vector)",
         "Sorts by sample value, descending (instant queries).", FK::Function},
        {"sqrt", "sqrt(v instant-vector)", "Square root of every sample.", FK::Function},
        {"stddev_over_time", "stddev_over_time(v range-vector)",
         "Population standard deviation of the points in the range.", FK::Function},
        {"stdvar_over_time", "stdvar_over_time(v range-vector)",
         "Population variance of the points in the range.", FK::Function},
        {"sum_over_time", "sum_over_time(v range-vector)",
         "Sum of all points in the range, per series.", FK::Function},
        {"tan", "tan(v instant-vector)", "Tangent of every sample (radians).", FK::Function},
        {"tanh", "tanh(v instant-vector)", "Hyperbolic tangent of every sample.", FK::Function},
        {"time", "time()", "Evaluation time in seconds since the Unix epoch.", FK::Function},
        {"timestamp", "timestamp(v instant-vector)",
         "Timestamp of every sample in seconds since the epoch.", FK::Function},
        {"vector", "vector(s scalar)", "The scalar as a vector with no labels.", FK::Function},
        {"year", "year(v=vector(time()) instant-vector)", "Year in UTC.", FK::Function},
        {"avg", "avg [by|without (labels)] (v)", "Average over dimensions.", FK::Aggregation},
        {"bottomk", "bottomk [by|without (labels)] (k, v)", "Smallest k elements by sample value.",
         FK::Aggregation},
        {"count", "count [by|without (labels)] (v)", "Number of elements in the vector.",
         FK::Aggregation},
        {"count_values", "count_values [by|without (labels)] (\"label\", v)",
         "Number of elements with the same value, per value.", FK::Aggregation},
        {"group", "group [by|without (labels)] (v)", "1 for every group (all values become 1).",
         FK::Aggregation},
        {"max", "max [by|without (labels)] (v)", "Maximum over dimensions.", FK::Aggregation},
        {"min", "min [by|without (labels)] (v)", "Minimum over dimensions.", FK::Aggregation},
        {"quantile", "quantile [by|without (labels)] (φ, v)",
         "φ-quantile (0 ≤ φ ≤ 1) over dimensions.", FK::Aggregation},
        {"stddev", "stddev [by|without (labels)] (v)",
         "Population standard deviation over dimensions.", FK::Aggregation},
        {"stdvar", "stdvar [by|without (labels)] (v)", "Population variance over dimensions.",
         FK::Aggregation},
        {"sum", "sum [by|without (labels)] (v)", "Sum over dimensions.", FK::Aggregation},
        {"topk", "topk [by|without (labels)] (k, v)", "Largest k elements by sample value.",
         FK::Aggregation},
    };
    std::sort(f.begin(), f.end(),
              [](const FunctionDoc &a, const FunctionDoc &b) { return a.name < b.name; });
    return f;
}

} // namespace

const std::vector<FunctionDoc> &functions()
{
    static const std::vector<FunctionDoc> table = buildFunctions();
    return table;
}

const FunctionDoc *findFunction(QStringView name)
{
    const auto &table = functions();
    auto it = std::lower_bound(table.begin(), table.end(), name,
                               [](const FunctionDoc &f, QStringView n) { return f.name < n; });
    return it != table.end() && it->name == name ? &*it : nullptr;
}

const QStringList &keywords()
{
    static const QStringList k = {
        QStringLiteral("by"),       QStringLiteral("without"),    QStringLiteral("on"),
        QStringLiteral("ignoring"), QStringLiteral("group_left"), QStringLiteral("group_right"),
        QStringLiteral("offset"),   QStringLiteral("bool"),       QStringLiteral("and"),
        QStringLiteral("or"),       QStringLiteral("unless"),     QStringLiteral("atan2")};
    return k;
}

} // namespace vitals::promql
