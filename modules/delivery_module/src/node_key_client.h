#pragma once
// Where delivery_module's libp2p identity comes from: the key stays in wallet_module (the only
// process that holds private keys; docs/decisions.md "Node identity key in the wallet") under the
// name "delivery", and this module only ever holds a NoiseCredential (noise_credential.h).
//
// get() answers the process's credential: the first call asks the wallet for node_key_public,
// signs (node_key_sign) "noise-libp2p-static-key:" ‖ the X25519 static key drawn once when this
// object was made, and verifies the signature before keeping the credential; later calls answer
// it at once, and calls made meanwhile wait for the same round trips. A failure is not kept: the
// next get() asks again, with the same static key.
//
// Migration: a `<dataDir>/node_key.json` written by an earlier version ({"secret_key_hex"}) is
// handed to the wallet once (node_key_import) and deleted, so the node keeps its peer id (users
// saved /p2p/<peer id> addresses). If the wallet already holds a "delivery" key (an import whose
// delete did not happen), the file is deleted only when it is that same key.
//
// Errors handed to `done`: NODE_KEY_UNAVAILABLE (the wallet refused or did not answer; the
// message carries its code), NODE_KEY_UNREADABLE (a damaged node_key.json, or one that cannot be
// deleted), NODE_KEY_CONFLICT (node_key.json holds another key than the wallet's "delivery" key),
// INVALID_NODE_KEY (the wallet's signature does not verify against its public key).
// `done` runs on the module's thread, from a later event-loop turn or a wallet answer.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "lezpay/libp2p/noise_credential.h"
#include "lezpay/util/result.h"
#include "store_service.h"

namespace delivery {

inline constexpr const char* kNodeKeyWallet = "wallet_module";
inline constexpr const char* kNodeKeyName = "delivery";

class NodeKeyClient {
 public:
  using Credential = std::shared_ptr<const lezpay::libp2p::NoiseCredential>;
  using Done = std::function<void(lezpay::util::Result<Credential>)>;

  NodeKeyClient(std::string dataDir, HookCall call, int timeoutMs = 30000);
  ~NodeKeyClient();

  void get(Done done);

 private:
  void migrate();
  void fetchPublic(const std::string& expectedPeerId);
  void sign(lezpay::libp2p::PublicKey key);
  void finish(lezpay::util::Result<Credential> result);

  std::string dataDir_;
  HookCall call_;
  int timeoutMs_;
  lezpay::libp2p::Key32 staticPrivate_{};
  Credential credential_;
  std::vector<Done> waiting_;
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

}  // namespace delivery
