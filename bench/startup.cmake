# bench-startup: `vitals` started against the replay server until Model health is painted with
# data, against bench-bareqt (a bare QMainWindow with a label) — the floor.
find_package(Qt6 REQUIRED COMPONENTS Widgets)
add_executable(bench-bareqt ${CMAKE_CURRENT_SOURCE_DIR}/startup/bareqt.cpp)
target_link_libraries(bench-bareqt PRIVATE Qt6::Widgets vitals_warnings)
vitals_add_bench(startup SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/startup.cpp
    LIBS vitals_bench_replay Qt6::Core)
add_dependencies(bench-startup vitals bench-bareqt)
