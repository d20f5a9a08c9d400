# REST API throughput with wrk (GET a task, start a workflow), against an in-process server.
add_executable(bench_rest ${CMAKE_CURRENT_LIST_DIR}/bench_rest.cpp)
target_link_libraries(bench_rest PRIVATE orrery_api orrery_workflow orrery_store Qt6::Core Qt6::Network)
