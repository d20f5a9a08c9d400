# bench_memory (issue 15, "Memory"): orreryd's RSS and GET /api/tasks page latency on a store of
# 1,000,000 completed and 100,000 queued tasks. Included from CMakeLists.txt; a build target only,
# never a CTest test (it takes minutes and prints figures).
add_executable(bench_memory
  ${CMAKE_CURRENT_LIST_DIR}/memory/bench_memory.cpp
  ${CMAKE_CURRENT_LIST_DIR}/memory/BenchStoreFiller.cpp
  ${CMAKE_CURRENT_LIST_DIR}/memory/BenchStoreFiller.h)
target_link_libraries(bench_memory PRIVATE orrery_store orrery_testsupport orrery_itest_support Qt6::Core Qt6::Network)
target_include_directories(bench_memory PRIVATE ${CMAKE_SOURCE_DIR}/tests/support ${CMAKE_SOURCE_DIR}/tests/integration)
target_compile_definitions(bench_memory PRIVATE ORRERY_BUILD_DIR="${CMAKE_BINARY_DIR}")
add_dependencies(bench_memory orreryd)
