# Long runs of issue 12's dependency-fault and hostile-input scenarios (their short variants are
# CTest tests in tests/reliability/faults and tests/reliability/hostile). Figures only.
if(TARGET orrery_faults)
  add_executable(bench_faults ${CMAKE_CURRENT_LIST_DIR}/bench_faults.cpp)
  target_link_libraries(bench_faults PRIVATE orrery_faults Qt6::Core)
  target_compile_definitions(bench_faults PRIVATE ORRERY_BINARY_DIR="${CMAKE_BINARY_DIR}")
  add_dependencies(bench_faults orreryd)
endif()
if(TARGET orrery_hostile)
  add_executable(bench_hostile ${CMAKE_CURRENT_LIST_DIR}/bench_hostile.cpp)
  target_link_libraries(bench_hostile PRIVATE orrery_hostile Qt6::Core)
  target_compile_definitions(bench_hostile PRIVATE ORRERY_BINARY_DIR="${CMAKE_BINARY_DIR}")
  add_dependencies(bench_hostile orreryd)
endif()
