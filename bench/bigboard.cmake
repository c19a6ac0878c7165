# bench-bigboard: the Node Exporter Full dashboard (about 170 panels) refreshed for 24 h against
# a real Prometheus holding a day of four hosts, against the same queries sent with no console.
vitals_add_bench(bigboard SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/bigboard.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/bigboard/nodehistory.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/bigboard/nodehistory.h
    ${CMAKE_CURRENT_SOURCE_DIR}/dashboard/eventclock.cpp
    LIBS vitals::ui vitals_test_support)
target_include_directories(bench-bigboard PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
