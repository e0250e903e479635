#pragma once
// The server side of x402_module (merchant HTTP server, facilitator /verify /settle /supported,
// the durable settlement journal, the provider-side Store proof_of_payment verify). The plugin shell (x402_module_plugin.cpp) owns one ServerOperations and
// forwards registration, init and shutdown to it; the agent side lives in its own files.

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <cstdint>
#include <vector>

#include "lezpay/util/result.h"
#include "logos/sdk/reply.h"
#include "module_shell.h"
#include "wallet_chain.h"
#include "x402/types.h"

namespace x402mod {

class Facilitator;

class ServerOperations {
 public:
  // Registers the server operations and events through `shell` (called from the plugin constructor).
  explicit ServerOperations(ModuleShell shell);
  ~ServerOperations();
  // Opens the journal and starts configured servers under the module's persistence directory; answers an envelope.
  logos::Json onInit();
  void onShutdown();

 private:
  struct State;
  // Answers `done` once the journal is reconciled (wallet_module reads, asynchronous) and the
  // HTTP server listens. A second start while one reconciles answers FACILITATOR_BUSY.
  void startFacilitator(const logos::Json& config, std::function<void(logos::Json)> done);
  logos::Json stopFacilitator();
  logos::Json facilitatorInfo();
  // Answer `reply` when the facilitator's verify or settle chain finishes.
  void verifyOrSettle(const logos::Json& body, bool settle, logos::sdk::Reply reply);
  logos::Json startMerchant(const logos::Json& config);
  logos::Json stopMerchant();
  // The paid MCP endpoint (mcp_paid_endpoint.h), persisted like the merchant.
  logos::Json startMcpEndpoint(const logos::Json& config);
  logos::Json stopMcpEndpoint();
  void restartMcpEndpoint();
  logos::Json configureStorePayment(const logos::Json& config);
  // Checks the proof, reads this provider's peer id from delivery_module once (callAsync), then
  // settles; answers the eligibility verdict through `reply`.
  void verifyStoreProof(const std::string& proofHex, const std::vector<std::uint8_t>& n8, logos::sdk::Reply reply);
  void settleStoreProof(const x402::FacilitatorRequest& request, const std::vector<std::uint8_t>& canonicalRequest,
                        logos::sdk::Reply reply);
  // The facilitator (created with defaults, journal in the persistence directory, when none was
  // started; its journal reconciles in the background); nullptr when its journal cannot be opened.
  Facilitator* facilitator();
  // Replaces the facilitator with one for `config` whose journal is open; the caller reconciles.
  lezpay::util::Status createFacilitator(const logos::Json& config);
  // Starts the facilitator, then the merchant, whose configurations were persisted by a previous run.
  void restartPersistedServers();
  void restartMerchant();
  // Writes `config` (0600, atomically) under the persistence directory; null removes the file.
  void persist(const char* file, const logos::Json& config);
  // What a paid server (merchant, MCP endpoint) is wired with: its payments file defaulting into
  // the persistence directory, the remote facilitator's token (INVALID_CONFIG naming
  // facilitator_token_path when unreadable), Store queries answered from delivery_module's archive
  // and transaction status read through the wallet.
  lezpay::util::Status completePaidServerConfig(std::string& paymentsPath, const char* defaultPaymentsFile,
                                                const std::string& facilitatorUrl,
                                                const std::optional<std::string>& facilitatorTokenPath,
                                                std::string& facilitatorToken);
  using StoreQueryFn = std::function<void(const logos::Json& queryJson, std::function<void(logos::Json)> done)>;
  using ChainStatusFn = std::function<void(const std::string& txHash, std::function<void(lezpay::util::Result<TxStatus>)>)>;
  StoreQueryFn archiveQuery();
  ChainStatusFn chainStatus();

  ModuleShell shell_;
  std::unique_ptr<State> state_;
};

}  // namespace x402mod
