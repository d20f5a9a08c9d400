# Client mode: remote-worker poll -> update round trips/s against a second orreryd (two real
# processes on loopback). Included from tests/bench/CMakeLists.txt.
if(TARGET orrery_itest_support)
  add_executable(bench_conductor_client bench_conductor_client.cpp)
  target_link_libraries(bench_conductor_client PRIVATE orrery_itest_support Qt6::Core Qt6::Network)
  target_include_directories(bench_conductor_client PRIVATE ${CMAKE_SOURCE_DIR}/tests/integration)
  target_compile_definitions(bench_conductor_client PRIVATE ORRERY_BINARY_DIR="${CMAKE_BINARY_DIR}")
  add_dependencies(bench_conductor_client orreryd)
endif()
# bench_throughput --shape all prints the round trips beside its table (it runs this bench).
if(TARGET bench_conductor_client)
  add_dependencies(bench_throughput bench_conductor_client)
endif()
