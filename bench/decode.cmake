# bench-decode: our query_range decoder vs a straightforward QJsonDocument decoder vs simdjson's
# parse alone, on a generated 1M-sample answer. Its last line feeds the README's figures.
find_package(simdjson REQUIRED)
vitals_add_bench(decode SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/decode.cpp
    LIBS vitals::core simdjson::simdjson)
