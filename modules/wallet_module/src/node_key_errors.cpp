#include "node_key_errors.h"

namespace wallet {

std::vector<logos::ErrorSpec> nodeKeyErrors() {
  return {
      {"INVALID_NODE_KEY_NAME", "A node key name is empty, longer than 64 characters or not of a-z 0-9 _ -.", "Use a name like delivery."},
      {"UNKNOWN_NODE_KEY", "The wallet holds no node key by this name.", "Call node_key_public first: it creates the key."},
      {"NODE_KEY_EXISTS", "node_key_import found a node key by this name already.",
       "Keep the wallet's key, or move node_keys.json away (the node's peer id changes with it)."},
      {"NODE_KEY_MESSAGE_REFUSED", "node_key_sign was asked to sign something other than \"noise-libp2p-static-key:\" and a 32-byte key.",
       "Node keys sign libp2p Noise static keys only; sign other data with an account key."},
      {"TOO_MANY_NODE_KEYS", "The wallet holds 64 node keys already; node_key_public and node_key_import create no more.",
       "Reuse a name; node keys are one per node-facing module."},
      {"NODE_KEYS_UNREADABLE", "The wallet's node_keys.json or its password file cannot be read or opened.",
       "Restore both files from a backup, or move them away to make new node keys (peer ids change)."},
  };
}

}  // namespace wallet
