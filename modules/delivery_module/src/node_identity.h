#pragma once
// The node's persisted identity key: `<dir>/node_key.json` = {"secret_key_hex": <64 hex>}, mode
// 0600, written atomically; created with fresh randomness (OpenSSL RAND_bytes) on first use. The
// secret never leaves this file and the module; only the peer id is shown.

#include <string>

#include "delivery/node_key_file.h"
#include "lezpay/util/result.h"

namespace delivery {

// Loads the key of `dir`, creating it if absent. NODE_KEY_UNREADABLE for a corrupt file (never
// silently replaced: that would change the node's peer id).
lezpay::util::Result<NodeIdentity> loadOrCreateIdentity(const std::string& dir);

}  // namespace delivery
