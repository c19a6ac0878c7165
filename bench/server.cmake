# bench-server: nanoseconds per predict() and per request's metrics recording.
vitals_add_bench(server SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/server.cpp LIBS vitals::server)
