# explore-screenshot: regenerates docs/explore.png from a live Prometheus (see the .cpp).
add_executable(explore-screenshot ${CMAKE_CURRENT_SOURCE_DIR}/explore_screenshot.cpp)
target_link_libraries(explore-screenshot PRIVATE vitals::ui vitals_warnings)
