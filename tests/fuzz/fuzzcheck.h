#pragma once

#include <cstdio>
#include <cstdlib>

// Fuzz targets check properties, not just "no crash": a broken property aborts, which libFuzzer
// and the regression replay both report as a failure with this message.
#define FUZZ_CHECK(condition, what)                                                                \
    do {                                                                                           \
        if (!(condition)) {                                                                        \
            std::fprintf(stderr, "fuzz property violated: %s (%s:%d)\n", what, __FILE__,           \
                         __LINE__);                                                                \
            std::abort();                                                                          \
        }                                                                                          \
    } while (false)
