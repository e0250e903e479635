#pragma once
// The payment-streams autopilot: the provider's automatic claims, the user's depletion and
// low-vault alerts, and the owner's automatic top-ups. The decisions are lez/streams/autopilot.h
// (pure); this class is the thin shell around them: a timer on the module's thread that, once a
// second while anything is enabled, reads the chain's clock and the streams it watches through
// the wallet, asks the decisions, performs the claims and top-ups, and emits the events.
//
// Watched streams, limited to accounts whose keys the wallet holds (list_accounts): as provider,
// the streams bound to this daemon's provider sessions and the inventory's streams that pay one of
// those accounts (rediscoverStreams adds a vault's streams); as owner, the inventory's streams of
// those accounts (streams this daemon created, negotiated or rediscovered). One tick at a time; a
// tick that fails to read the chain is skipped (the next one reads again).
//
// Files, in the module's persistence directory (0600):
//   autopilot.json   schema_version 1: the three settings (off by default), who configured the
//                    top-up, and the top-up ledger of the current chain day (so a restart does not
//                    reset the daily cap). Rewritten whole on every change.
//   audit.jsonl      append-only, one JSON object a line: each automatic top-up (and each change of
//                    the top-up settings) with who configured it.
// Events (positional arguments, declared in registerAutopilot):
//   autoClaimed {vault_id, stream_id, amount, tx_hash}, autoClaimFailed {vault_id, stream_id,
//   amount, code, retry_after}, streamDepletingSoon {stream, depletes_at, remaining},
//   vaultLow {vault, unallocated}, autoToppedUp {vault_id, stream_id, amount, tx_hash},
//   autoTopUpSkipped {vault_id, stream_id, reason}.

#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "lez/streams/autopilot.h"
#include "module_services.h"

class QTimer;

namespace payment_streams {

// One stream the tick looks at: as provider (claims) or as owner (alerts, top-ups).
struct Watched {
  AccountId owner;
  lez::streams::VaultId vault = 0;
  lez::streams::StreamId stream = 0;
  std::optional<AccountId> provider;  // set: this daemon is the provider and may claim
};

inline constexpr const char* kAutopilotFile = "autopilot.json";
inline constexpr const char* kAuditFile = "audit.jsonl";
inline constexpr int kAutopilotSchemaVersion = 1;
inline constexpr int kAutopilotTickMs = 1000;
inline constexpr std::size_t kAutopilotRecent = 100;  // records kept for getAutopilot

struct AutopilotSettings {
  lez::streams::autopilot::ClaimPolicy claim;
  lez::streams::autopilot::AlertPolicy alerts;
  lez::streams::autopilot::TopUpPolicy topUp;
  Json topUpConfiguredBy = Json::object();  // {"configured_by","configured_via"}
  lez::streams::autopilot::TopUpLedger ledger;
};

Json toJson(const AutopilotSettings& s);

class Autopilot {
 public:
  explicit Autopilot(ModuleServices& s) : s_(s) {}
  ~Autopilot();

  // Declares the operations and events (constructor time).
  void registerOperations(std::function<void(logos::EventSpec)> addEvent);
  // Reads autopilot.json (absent: everything off); STATE_CORRUPT when it does not parse.
  Status load();
  // Starts the timer on the calling (module) thread; stop() before the state goes.
  void start();
  void stop();

 private:
  Status save() const;
  void appendAudit(Json record) const;
  void record(const std::string& event, Json fields);
  bool anythingEnabled() const;
  void tick();
  void finishTick();
  // The tick's work once the clock and the wallet's accounts (`mine`, base58) are known.
  void runTick(const std::set<std::string>& mine, lez::streams::Timestamp now, const lez::core::ClockAccountData& clock);
  // One watched stream, folded at `now`: claim it (provider), or alert and top up (owner); `next`
  // continues the tick exactly once.
  void claimStep(const Watched& w, const std::string& key, const lez::streams::FoldedStream& folded, lez::streams::Timestamp now,
                 std::function<void()> next);
  void ownerStep(const Watched& w, const std::string& key, const lez::streams::FoldedStream& folded,
                 const lez::stream_eligibility::VaultView& vault, lez::streams::Timestamp now, std::function<void()> next);
  void announce(const std::string& event, Json args, Json fields);

  ModuleServices& s_;
  AutopilotSettings settings_;
  std::unique_ptr<QTimer> timer_;
  bool busy_ = false;
  std::map<std::string, lez::streams::autopilot::ClaimMemory> claims_;  // "owner/vault/stream"
  std::map<std::string, bool> depleting_;                                // latch per stream
  std::map<std::string, bool> low_;                                      // latch per vault
  std::deque<Json> recent_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace payment_streams
