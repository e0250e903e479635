#pragma once
// The x402 facilitator for the LEZ `exact` scheme (x402.md §3, docs/protocol.md "Facilitator"):
// verify and settle against the chain through wallet_module, exactly once through the
// settlement journal. Transport-free: facilitator_http.h serves it over HTTP, the module
// operations and the merchant call it in-process.
//
// Concurrency model: everything runs on the module's thread. Chain reads, submission and status
// reads are callAsync chains (wallet_chain.h) and inclusion is polled with a timer, so one slow
// settlement never stalls other requests. Two requests for the same transaction are told apart
// by the in-memory in-flight set (same thread, no lock needed) and, across restarts, by the
// journal: exactly one request receives success:true for a transaction.
//
// Settlement outcome when the transaction is broadcast but not included before settle_timeout:
// success:false with errorReason settle_exact_lez_transaction_pending; the journal keeps the row
// `submitted`; a later /settle with the same payload resumes it and answers the final outcome
// (success once). A transaction the sequencer does not know at the deadline is `failed`.

#include <QObject>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "facilitator_config.h"
#include "settlement_journal.h"
#include "wallet_chain.h"
#include "lez/x402_exact/exact_lez.h"
#include "x402/types.h"

namespace x402mod {

struct ReconcileSummary {
  int settled = 0;
  int failed = 0;
  int pending = 0;
  int released = 0;  // `verifying` rows that never reached the chain
};

class Facilitator : public QObject {
 public:
  // Longer than any live claim (a payer read, then a submission and inclusion wait bounded by
  // settle_timeout_ms, at most 600 s).
  static constexpr std::int64_t kSharedClaimStaleMs = 15 * 60 * 1000;

  using VerifyDone = std::function<void(x402::VerifyResponse)>;
  using SettleDone = std::function<void(x402::SettlementResponse)>;

  Facilitator(FacilitatorConfig config, WalletChain chain, QObject* parent = nullptr);
  ~Facilitator() override;

  // Opens the journal and releases rows left `verifying` by a previous run (never sent).
  lezpay::util::Status open();
  // Reconciles rows left `submitted` by a previous run against the chain, one status read at a
  // time through wallet_module (callAsync); `done` gets the counts, released rows included.
  // A row a request resumed meanwhile (settle of the same payment) is left to that request.
  void reconcile(std::function<void(ReconcileSummary)> done);
  bool reconciling() const { return reconciling_; }

  // `expectedResourceUrl`: when set, payload.resource.url must equal it (Store arm, merchant).
  void verify(const x402::FacilitatorRequest& request, std::optional<std::string> expectedResourceUrl, VerifyDone done);
  void settle(const x402::FacilitatorRequest& request, std::optional<std::string> expectedResourceUrl, SettleDone done);
  x402::SupportedResponse supported() const;

  const FacilitatorConfig& config() const { return config_; }
  SettlementJournal& journal() { return journal_; }
  std::size_t inFlight() const { return inflight_.size(); }

 private:
  struct Attempt;
  void runChainCheck(std::shared_ptr<Attempt> a);
  void submit(std::shared_ptr<Attempt> a);
  void poll(std::shared_ptr<Attempt> a);
  void finish(std::shared_ptr<Attempt> a, x402::SettlementResponse r);
  x402::SettlementResponse failure(const std::string& network, const std::string& reason, const std::string& message) const;
  x402::SettlementResponse successFor(const JournalRow& row) const;
  x402::ExactLezVerifyOptions options(std::optional<std::string> expectedResourceUrl) const;
  // True when `row` (verifying or submitted) is no live request's: always with a journal of this
  // process alone; in a shared journal (PostgreSQL) only once untouched for kSharedClaimStaleMs,
  // since a fresh row there may be another facilitator's request in progress.
  bool staleClaim(const JournalRow& row) const;

  FacilitatorConfig config_;
  WalletChain chain_;
  SettlementJournal journal_;
  std::set<std::string> inflight_;
  ReconcileSummary opened_;  // what open() released
  bool reconciling_ = false;
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);  // callbacks check it after shutdown
};

std::uint64_t unixNow();

}  // namespace x402mod
