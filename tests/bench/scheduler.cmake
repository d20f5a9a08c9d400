# bench_scheduler: the job scheduler in-process (no engine) with 10,000 jobs, side by side with
# APScheduler 3 (python3-apscheduler) running the same job set. Included from CMakeLists.txt.
add_executable(bench_scheduler ${CMAKE_CURRENT_LIST_DIR}/bench_scheduler.cpp)
target_link_libraries(bench_scheduler PRIVATE orrery_scheduler Qt6::Core)
target_compile_definitions(bench_scheduler PRIVATE
  ORRERY_APS_SCRIPT="${CMAKE_CURRENT_LIST_DIR}/bench_scheduler_apscheduler.py")
