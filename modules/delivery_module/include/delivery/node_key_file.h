#pragma once
// The node key file `<dir>/node_key.json` = {"secret_key_hex": <64 hex>} read back into the node's
// identity (node_identity.h does the file I/O). Pure, so the fuzz target fuzz/module_state_files.cpp
// runs the same code as the node.

#include <string>

#include "delivery/peer_id.h"
#include "lezpay/util/result.h"

namespace delivery {

struct NodeIdentity {
  NodeSecret secret{};
  std::string peer_id;
};

// `path` only names the file in messages. NODE_KEY_UNREADABLE when the text is not that object,
// the key is not 32 bytes of hex, or it is not a valid secp256k1 secret.
lezpay::util::Result<NodeIdentity> identityFromKeyFile(const std::string& path, const std::string& text);

}  // namespace delivery
