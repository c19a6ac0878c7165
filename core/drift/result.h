#pragma once

#include <string_view>

// Outcome of a drift computation: a value, or the reason there is none. Statistics never throw
// and never crash on bad input; they return an Error the console can show in one line.
namespace vitals::drift {

enum class Error {
    None,
    Empty,            // no bins or no buckets at all
    SizeMismatch,     // two distributions with a different number of bins
    EdgeMismatch,     // bin edges that do not line up
    BadEdges,         // edges not strictly increasing, NaN, duplicate `le`, wrong edge count
    MissingInfBucket, // Prometheus buckets without the +Inf bucket
    NonFinite,        // NaN or infinite count
    NegativeCount,    // a count or proportion below zero
    ZeroTotal,        // nothing observed: proportions are undefined
    ZeroExpected,     // an expected proportion of zero in a chi-square test
    TooFewBins,       // a test that needs at least two categories got fewer
};

// A one-line description of the error for people, in English.
std::string_view errorMessage(Error error);

// A value with an error code. `value` is meaningful only when ok(); otherwise it holds a
// default (NaN for numbers), so a caller that forgets to check shows "NaN", not a wrong figure.
template<typename T> struct Result {
    T value{};
    Error error = Error::None;

    bool ok() const { return error == Error::None; }
};

} // namespace vitals::drift
