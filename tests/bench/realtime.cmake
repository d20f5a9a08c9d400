# bench_socketio: Orrery's Socket.IO hub and python-socketio (aiohttp) under the same load of
# real socket.io-client 4.x clients (npm, installed by the realtime tests' target).
add_executable(bench_socketio bench_socketio.cpp bench_socketio_peers.cpp bench_socketio_peers.h)
target_link_libraries(bench_socketio PRIVATE orrery_api_realtime Qt6::Core Qt6::Network)
target_compile_definitions(bench_socketio PRIVATE
  ORRERY_BENCH_SCRIPTS="${CMAKE_CURRENT_SOURCE_DIR}/socketio"
  ORRERY_BENCH_NODE_MODULES="${CMAKE_BINARY_DIR}/tests/realtime-node/node_modules")
if(TARGET orrery_rt_node_clients)
  add_dependencies(bench_socketio orrery_rt_node_clients)
endif()
