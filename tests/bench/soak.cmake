# bench_soak (issue 12, the one-hour soak): a real orreryd at a steady task rate with 200
# socket.io-client clients on its hub; RSS, fd, thread and store-size growth with a verdict.
# Included from CMakeLists.txt. A build target, not a CTest test (an hour; figures), except the
# unit test of its verdict rules (test_soak_verdict, seconds). docs/reliability-soak.md.
add_library(orrery_soak STATIC
  ${CMAKE_CURRENT_LIST_DIR}/soak/SoakClients.cpp ${CMAKE_CURRENT_LIST_DIR}/soak/SoakClients.h
  ${CMAKE_CURRENT_LIST_DIR}/soak/SoakProbe.cpp ${CMAKE_CURRENT_LIST_DIR}/soak/SoakProbe.h
  ${CMAKE_CURRENT_LIST_DIR}/soak/SoakRun.cpp ${CMAKE_CURRENT_LIST_DIR}/soak/SoakRun.h
  ${CMAKE_CURRENT_LIST_DIR}/soak/SoakStarter.cpp ${CMAKE_CURRENT_LIST_DIR}/soak/SoakStarter.h
  ${CMAKE_CURRENT_LIST_DIR}/soak/SoakVerdict.cpp ${CMAKE_CURRENT_LIST_DIR}/soak/SoakVerdict.h)
target_link_libraries(orrery_soak PUBLIC orrery_itest_support Qt6::Core Qt6::Network Qt6::Sql)
target_include_directories(orrery_soak PUBLIC ${CMAKE_CURRENT_LIST_DIR}/soak ${CMAKE_SOURCE_DIR}/tests/integration)

add_executable(bench_soak ${CMAKE_CURRENT_LIST_DIR}/soak/bench_soak.cpp)
target_link_libraries(bench_soak PRIVATE orrery_soak)
target_compile_definitions(bench_soak PRIVATE
  ORRERY_BUILD_DIR="${CMAKE_BINARY_DIR}"
  ORRERY_SOAK_CLIENT_SCRIPT="${CMAKE_CURRENT_LIST_DIR}/soak/soak_client.js"
  ORRERY_BENCH_NODE_MODULES="${CMAKE_BINARY_DIR}/tests/realtime-node/node_modules")
add_dependencies(bench_soak orreryd)
if(TARGET orrery_rt_node_clients)
  add_dependencies(bench_soak orrery_rt_node_clients)
endif()

orrery_add_test(NAME test_soak_verdict SOURCES ${CMAKE_CURRENT_LIST_DIR}/soak/test_soak_verdict.cpp
  LIBS orrery_soak LABELS reliability TIMEOUT 60)
