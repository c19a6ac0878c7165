#pragma once

#include <string_view>

namespace iris {

// The model file (see model.h) trained at build time from resources/data/iris.csv with the
// default TrainOptions; compiled into the program, so serving needs no file at run time.
std::string_view builtinModelJson();

} // namespace iris
