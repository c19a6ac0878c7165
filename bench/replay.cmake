# The replay server the console benchmarks read from (tests/support's FakeHttpServer answering
# like Prometheus 2.42).
add_library(vitals_bench_replay STATIC ${CMAKE_CURRENT_SOURCE_DIR}/replay/replayserver.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/replay/replayserver.h)
target_include_directories(vitals_bench_replay PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(vitals_bench_replay PUBLIC vitals_test_support Qt6::Core PRIVATE vitals_warnings)
