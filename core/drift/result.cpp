#include "core/drift/result.h"

namespace vitals::drift {

std::string_view errorMessage(Error error)
{
    switch (error) {
    case Error::None:
        return "no error";
    case Error::Empty:
        return "no data: the distribution has no bins";
    case Error::SizeMismatch:
        return "the two distributions have a different number of bins";
    case Error::EdgeMismatch:
        return "the bin edges of the two distributions do not line up";
    case Error::BadEdges:
        return "bin edges are not strictly increasing numbers";
    case Error::MissingInfBucket:
        return "the histogram has no +Inf bucket";
    case Error::NonFinite:
        return "a count is NaN or infinite";
    case Error::NegativeCount:
        return "a count is negative";
    case Error::ZeroTotal:
        return "nothing was observed in this window";
    case Error::ZeroExpected:
        return "a category has an expected share of zero";
    case Error::TooFewBins:
        return "at least two categories are needed";
    }
    return "unknown error";
}

} // namespace vitals::drift
