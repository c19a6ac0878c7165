# paneleditor-screenshot: regenerates docs/panel-editor*.png from a live Prometheus (see the .cpp).
add_executable(paneleditor-screenshot ${CMAKE_CURRENT_SOURCE_DIR}/paneleditor_screenshot.cpp)
target_link_libraries(paneleditor-screenshot PRIVATE vitals::ui vitals_warnings)
target_compile_definitions(paneleditor-screenshot PRIVATE
    VITALS_MODEL_HEALTH="${PROJECT_SOURCE_DIR}/resources/dashboards/model-health.json")
