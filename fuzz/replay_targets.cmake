# Corpus replay tests (fuzz/replay.cmake) of the fuzz targets over decoders outside the codec
# libraries' own test areas: HTTP, JSON-RPC, keystore, LEZ chain data, and the decoders that live
# in processes and modules (genesis, metadata.json, archive url, wallet's sequencer answers and key files,
# delivery's frame buffer, request policy, hook routing and node key file). Each runs
# fuzz/<target>.cpp over fuzz/corpus/<target>/ as the ctest fuzz_replay_<target>.
include(${PROJECT_SOURCE_DIR}/fuzz/replay.cmake)
set(_src ${PROJECT_SOURCE_DIR})

if(TARGET lezpay_http)
  lezpay_fuzz_replay_test(http_request_parser LINK lezpay::http)
  lezpay_fuzz_replay_test(http_response_parser LINK lezpay::http)
  lezpay_fuzz_replay_test(url_query LINK lezpay::http)
endif()
if(TARGET lezpay_jsonrpc)
  lezpay_fuzz_replay_test(jsonrpc LINK lezpay::jsonrpc)
endif()
if(TARGET lezpay_keystore)
  lezpay_fuzz_replay_test(keystore_file LINK lezpay::keystore nlohmann_json::nlohmann_json)
endif()
if(TARGET lez_core)
  lezpay_fuzz_replay_test(lez_chain_data LINK lez::core)
  lezpay_fuzz_replay_test(genesis SOURCES ${_src}/lez/localnet/src/genesis.cpp INCLUDES ${_src}/lez/localnet/src
    LINK lez::core nlohmann_json::nlohmann_json)
endif()
if(TARGET lez_core AND TARGET lezpay_jsonrpc)
  lezpay_fuzz_replay_test(wallet_sequencer_answers SOURCES ${_src}/modules/wallet_module/src/sequencer_answers.cpp
    INCLUDES ${_src}/modules/wallet_module/src LINK lez::core lezpay::jsonrpc)
endif()
if(TARGET lez_core AND TARGET lezpay_keystore)
  lezpay_fuzz_replay_test(wallet_state_files SOURCES ${_src}/modules/wallet_module/src/wallet_state_files.cpp
    INCLUDES ${_src}/modules/wallet_module/src LINK lez::core lezpay::keystore lezpay::util nlohmann_json::nlohmann_json)
endif()
if(TARGET lez_core AND TARGET lezpay_libp2p AND TARGET lezpay_keystore)
  lezpay_fuzz_replay_test(wallet_node_keys SOURCES ${_src}/modules/wallet_module/src/node_keys_body.cpp
    INCLUDES ${_src}/modules/wallet_module/src LINK lezpay::libp2p lezpay::keystore lezpay::util OpenSSL::Crypto nlohmann_json::nlohmann_json)
  lezpay_fuzz_replay_test(wallet_session_keys SOURCES ${_src}/modules/wallet_module/src/session_keys_body.cpp
    INCLUDES ${_src}/modules/wallet_module/src LINK lez::core lezpay::keystore lezpay::util OpenSSL::Crypto nlohmann_json::nlohmann_json)
endif()
if(TARGET lezpay_waku)
  lezpay_fuzz_replay_test(archive_url SOURCES ${_src}/libs/archive/src/archive_url.cpp ${_src}/libs/sqlstore/src/database_url.cpp
    INCLUDES ${_src}/libs/archive/src ${_src}/libs/archive/include ${_src}/libs/sqlstore/include LINK lezpay::waku lezpay::util)
endif()
lezpay_fuzz_replay_test(module_metadata SOURCES ${_src}/host/src/module_metadata.cpp INCLUDES ${_src}/host/include
  LINK logos::interfaces lezpay::util)
if(TARGET lezpay_proto)
  lezpay_fuzz_replay_test(frame_buffer INCLUDES ${_src}/modules/delivery_module/src/transport LINK lezpay::proto lezpay::util)
endif()
if(TARGET delivery_core)
  lezpay_fuzz_replay_test(store_request_policy LINK lezpay::delivery_core)
  lezpay_fuzz_replay_test(module_state_files LINK lezpay::delivery_core)
endif()
if(TARGET payment_streams_module_plugin)
  set(_ps ${_src}/modules/payment_streams_module/src)
  lezpay_fuzz_replay_test(payment_streams_state SOURCES ${_ps}/module_state.cpp ${_ps}/replay_store.cpp INCLUDES ${_ps}
    LINK lez::stream_eligibility lez::streams lez::core lezpay::eligibility lezpay::keystore lezpay::fileio lezpay::util
         lezpay::sqlstore logos::interfaces Qt6::Sql)
endif()

# The generator of the seeds that need real signatures and sealed boxes (x402_payment,
# keystore_file): run by hand, `fuzz_make_signed_seeds fuzz/corpus`; not a test.
if(TARGET lezpay_x402 AND TARGET lezpay_keystore)
  add_executable(fuzz_make_signed_seeds ${PROJECT_SOURCE_DIR}/fuzz/make_signed_seeds.cpp)
  set_target_properties(fuzz_make_signed_seeds PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  target_compile_options(fuzz_make_signed_seeds PRIVATE ${LEZPAY_WARNINGS})
  target_link_libraries(fuzz_make_signed_seeds PRIVATE lez::x402_exact lezpay::keystore lez::core nlohmann_json::nlohmann_json)
endif()
if(TARGET x402_module_plugin)
  set(_x4 ${_src}/modules/x402_module/src)
  lezpay_fuzz_replay_test(x402_state_files SOURCES ${_x4}/agent_state_file.cpp ${_x4}/audit_records.cpp ${_x4}/facilitator_token_text.cpp
    INCLUDES ${_x4} LINK lezpay::x402 logos::interfaces lezpay::util nlohmann_json::nlohmann_json)
  lezpay_fuzz_replay_test(x402_config_files SOURCES ${_x4}/merchant_config.cpp ${_x4}/facilitator_config.cpp ${_x4}/store_payment.cpp
    ${_x4}/mcp_paid_config.cpp ${_x4}/gateway_config.cpp ${_src}/libs/sqlstore/src/database_url.cpp
    INCLUDES ${_x4} ${_src}/libs/sqlstore/include LINK lez::x402_exact lez::core lezpay::http lezpay::util nlohmann_json::nlohmann_json)
endif()
