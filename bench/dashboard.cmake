# bench-dashboard: refresh and paint times of the Model health dashboard, offscreen, against the
# replay server.
vitals_add_bench(dashboard SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/dashboard.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/dashboard/eventclock.cpp
    LIBS vitals::ui vitals_bench_replay)
