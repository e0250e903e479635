// Fuzz target: the state files modules read back from their own directories at start.
// - delivery_module: node_key.json (delivery/node_key_file.h, identityFromKeyFile).
// The x402 agent's agent_state.json is read by the libs/x402 decoders fuzzed in
// spend_request_json.cpp; the delivery node's configuration by delivery_inputs.cpp.
// Properties: no crash and no exception; a refusal is NODE_KEY_UNREADABLE naming the file; an
// accepted key written back in the node's own format reads to the same secret and peer id.
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "delivery/node_key_file.h"
#include "fuzz_check.h"
#include "lezpay/util/hex.h"

namespace {

const std::string kPath = "/state/node_key.json";

void nodeKeyFile(const std::string& text) {
  auto id = delivery::identityFromKeyFile(kPath, text);
  if (!id.ok()) {
    FUZZ_CHECK(id.error().code == "NODE_KEY_UNREADABLE" && id.error().message.rfind(kPath, 0) == 0);
    return;
  }
  FUZZ_CHECK(!id->peer_id.empty());
  const std::string again = nlohmann::json{{"secret_key_hex", lezpay::util::toHex(id->secret)}}.dump() + "\n";
  auto back = delivery::identityFromKeyFile(kPath, again);
  FUZZ_CHECK(back.ok() && back->secret == id->secret && back->peer_id == id->peer_id);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  nodeKeyFile(text);
  return 0;
}
