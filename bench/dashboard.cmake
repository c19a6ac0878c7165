# bench-dashboard: refresh and paint times of the Model health dashboard, offscreen, against a
# local replay server (tests/support's FakeHttpServer).
vitals_add_bench(dashboard SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/dashboard.cpp
    LIBS vitals::ui vitals_test_support)
