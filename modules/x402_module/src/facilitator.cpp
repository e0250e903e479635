#include "facilitator.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QTimer>

#include <chrono>
#include <cstdlib>

#include "lez/core/sha256.h"

Q_LOGGING_CATEGORY(lcFacilitator, "lezpay.x402.facilitator")

namespace x402mod {

using x402::Reason;
using x402::SettlementResponse;
using x402::VerifyResponse;

std::uint64_t unixNow() { return static_cast<std::uint64_t>(QDateTime::currentSecsSinceEpoch()); }

namespace {

// The hash of the payload's transaction when it decodes; the journal key.
std::optional<std::string> txHashOf(const x402::PaymentPayload& p) {
  auto lp = x402::parseExactLezPayload(p.payload);
  if (!lp.ok()) return std::nullopt;
  auto h = x402::transactionHashOfBase64(lp.value().transaction);
  if (!h.ok()) return std::nullopt;
  return lez::core::hashToHex(h.value());
}

std::string shortHash(const std::string& h) { return h.substr(0, 16); }

}  // namespace

struct Facilitator::Attempt {
  x402::ExactLezTransfer transfer;
  std::string hash;
  std::string network;
  std::string transactionBase64;
  SettleDone done;
  std::chrono::steady_clock::time_point deadline;
  bool submitOutcomeUnknown = false;
  TxStatus::Kind lastStatus = TxStatus::Kind::Pending;
};

Facilitator::Facilitator(FacilitatorConfig config, WalletChain chain, QObject* parent)
    : QObject(parent), config_(std::move(config)), chain_(std::move(chain)) {}

Facilitator::~Facilitator() { alive_.reset(); }

x402::ExactLezVerifyOptions Facilitator::options(std::optional<std::string> expectedResourceUrl) const {
  x402::ExactLezVerifyOptions o;
  o.networks = config_.networks;
  o.atProgramId = config_.atProgramId;
  o.expectedResourceUrl = std::move(expectedResourceUrl);
  return o;
}

SettlementResponse Facilitator::failure(const std::string& network, const std::string& reason, const std::string& message) const {
  SettlementResponse r;
  r.success = false;
  r.errorReason = reason;
  r.errorMessage = message;
  r.transaction = "";
  r.network = network;
  return r;
}

SettlementResponse Facilitator::successFor(const JournalRow& row) const {
  SettlementResponse r;
  r.success = true;
  r.transaction = row.txHash;
  r.network = row.network;
  r.payer = row.payer;
  r.amount = row.amount;
  return r;
}

x402::SupportedResponse Facilitator::supported() const {
  x402::SupportedResponse s;
  for (const auto& n : config_.networks) s.kinds.push_back({std::string(x402::kSchemeExact), n, std::nullopt});
  // No facilitator key signs anything on LEZ: the payer's transaction is submitted as is.
  s.signers = x402::Json::object();
  return s;
}

bool Facilitator::staleClaim(const JournalRow& row) const {
  if (!journal_.shared()) return true;  // only this process claims: a claim it does not hold is dead
  return QDateTime::currentMSecsSinceEpoch() - row.updatedAtMs > kSharedClaimStaleMs;
}

lezpay::util::Status Facilitator::open() {
  auto st = journal_.open(config_.journalPath);
  if (!st.ok()) return st.error();
  // `verifying` rows were claimed but never sent (the state is committed before sending). In a
  // journal shared with other facilitators a fresh one is another instance's live claim.
  for (const JournalRow& row : journal_.rowsIn(JournalState::Verifying)) {
    if (!staleClaim(row)) continue;
    (void)journal_.remove(row.txHash);
    ++opened_.released;
  }
  return lezpay::util::okStatus();
}

void Facilitator::reconcile(std::function<void(ReconcileSummary)> done) {
  struct Run {
    std::vector<std::string> hashes;
    std::size_t next = 0;
    ReconcileSummary sum;
    std::function<void(ReconcileSummary)> done;
  };
  auto run = std::make_shared<Run>();
  for (const JournalRow& row : journal_.rowsIn(JournalState::Submitted)) {
    if (staleClaim(row)) run->hashes.push_back(row.txHash);
  }
  run->sum = opened_;
  run->done = std::move(done);
  reconciling_ = true;
  std::weak_ptr<int> alive = alive_;
  // One read at a time, as a chain of callbacks: each answer applies its row and asks the next.
  auto step = std::make_shared<std::function<void()>>();
  *step = [this, alive, run, weakStep = std::weak_ptr<std::function<void()>>(step)]() {
    if (run->next >= run->hashes.size()) {
      reconciling_ = false;
      return run->done(run->sum);
    }
    const std::string hash = run->hashes[run->next++];
    auto self = weakStep.lock();
    chain_.statusWait(hash, 3000, [this, alive, run, hash, self](lezpay::util::Result<TxStatus> s) {
      if (!alive.lock()) return;
      const auto row = journal_.find(hash);
      if (inflight_.count(hash) || !row || row->state != JournalState::Submitted) {
        ++run->sum.pending;  // a request resumed it, or it changed meanwhile
      } else if (!s.ok()) {
        qCWarning(lcFacilitator) << "reconcile" << QString::fromStdString(shortHash(hash))
                                 << "status unreadable:" << QString::fromStdString(s.error().message);
        ++run->sum.pending;
      } else {
        switch (s.value().kind) {
          case TxStatus::Kind::Included:
            (void)journal_.setState(hash, JournalState::Settled, {}, {}, s.value().blockId);
            ++run->sum.settled;
            break;
          case TxStatus::Kind::Rejected:
            (void)journal_.setState(hash, JournalState::Failed, std::string(x402::toString(Reason::InvalidTransactionState)),
                                    s.value().reason);
            ++run->sum.failed;
            break;
          case TxStatus::Kind::Unknown:
            (void)journal_.setState(hash, JournalState::Failed, std::string(x402::toString(Reason::InvalidTransactionState)),
                                    "the sequencer never received the transaction");
            ++run->sum.failed;
            break;
          case TxStatus::Kind::Pending:
            ++run->sum.pending;
            break;
        }
        qCInfo(lcFacilitator) << "reconciled" << QString::fromStdString(shortHash(hash));
      }
      (*self)();
    });
  };
  (*step)();
}

void Facilitator::verify(const x402::FacilitatorRequest& request, std::optional<std::string> expectedResourceUrl, VerifyDone done) {
  const auto hash = txHashOf(request.paymentPayload);
  const auto row = hash ? journal_.find(*hash) : std::nullopt;
  // A journaled payment is checked at the time it was first accepted: its window was enforced
  // before broadcast, and what remains is the journal's verdict.
  const std::uint64_t at = row ? static_cast<std::uint64_t>(row->createdAtMs / 1000) : unixNow();
  auto t = x402::verifyExactLezStatic(request.paymentPayload, request.paymentRequirements, at, options(std::move(expectedResourceUrl)));
  VerifyResponse out;
  if (!t.ok()) {
    out.invalidReason = t.error().code;
    out.invalidMessage = t.error().message;
    return done(out);
  }
  out.payer = t.value().payer.toBase58();
  if (row) {
    if (inflight_.count(*hash) || row->delivered) {
      out.invalidReason = std::string(x402::toString(Reason::NonceReplayed));
      out.invalidMessage = "this payment was already settled (or is being settled) for another request";
    } else if (row->state == JournalState::Failed) {
      out.invalidReason = row->errorReason.empty() ? std::string(x402::toString(Reason::InvalidTransactionState)) : row->errorReason;
      out.invalidMessage = "this payment's transaction failed on chain: " + row->errorMessage;
    } else {
      out.isValid = true;  // submitted earlier and not answered yet: /settle resumes it
    }
    return done(out);
  }
  auto transfer = std::make_shared<x402::ExactLezTransfer>(std::move(t).value());
  std::weak_ptr<int> alive = alive_;
  chain_.readPayer(transfer->payer, [this, alive, transfer, out, done = std::move(done)](auto payer) mutable {
    if (!alive.lock()) return;
    if (!payer.ok()) {
      out.invalidReason = std::string(x402::toString(Reason::UnexpectedVerifyError));
      out.invalidMessage = "could not read the payer's account: " + payer.error().message;
      return done(out);
    }
    auto c = x402::verifyExactLezChainState(*transfer, payer.value(), config_.atProgramId);
    if (!c.ok()) {
      out.invalidReason = c.error().code;
      out.invalidMessage = c.error().message;
    } else {
      out.isValid = true;
    }
    done(out);
  });
}

void Facilitator::settle(const x402::FacilitatorRequest& request, std::optional<std::string> expectedResourceUrl, SettleDone done) {
  const std::string network = request.paymentRequirements.network;
  const auto hash = txHashOf(request.paymentPayload);
  auto row = hash ? journal_.find(*hash) : std::nullopt;
  if (row && row->state == JournalState::Verifying && !inflight_.count(*hash)) {
    if (!staleClaim(*row)) {
      return done(failure(network, std::string(x402::toString(Reason::NonceReplayed)),
                          "this payment is being settled by another facilitator sharing the journal"));
    }
    (void)journal_.remove(*hash);  // stale claim (cannot outlive start(), kept for safety)
    row.reset();
  }
  const std::uint64_t at = row ? static_cast<std::uint64_t>(row->createdAtMs / 1000) : unixNow();
  auto t = x402::verifyExactLezStatic(request.paymentPayload, request.paymentRequirements, at, options(std::move(expectedResourceUrl)));
  if (!t.ok()) return done(failure(network, t.error().code, t.error().message));

  auto a = std::make_shared<Attempt>();
  a->transfer = std::move(t).value();
  a->hash = lez::core::hashToHex(a->transfer.txHash);
  a->network = network;
  a->transactionBase64 = x402::parseExactLezPayload(request.paymentPayload.payload).value().transaction;
  a->done = std::move(done);
  a->deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(config_.settleTimeoutMs);

  if (inflight_.count(a->hash)) {
    return a->done(failure(network, std::string(x402::toString(Reason::NonceReplayed)),
                           "this payment is being settled for another request"));
  }
  if (row) {
    switch (row->state) {
      case JournalState::Settled: {
        auto won = journal_.markDelivered(a->hash);
        if (won.ok() && won.value()) return a->done(successFor(*row));
        return a->done(failure(network, std::string(x402::toString(Reason::NonceReplayed)),
                               "this payment was already settled and answered (transaction " + a->hash + ")"));
      }
      case JournalState::Failed:
        return a->done(failure(network,
                               row->errorReason.empty() ? std::string(x402::toString(Reason::InvalidTransactionState)) : row->errorReason,
                               "this payment's transaction failed on chain: " + row->errorMessage));
      case JournalState::Submitted:
      case JournalState::Verifying:
        // Broadcast by an earlier request (or before a restart) and not answered: resume waiting.
        inflight_.insert(a->hash);
        qCInfo(lcFacilitator) << "resume" << QString::fromStdString(shortHash(a->hash));
        return poll(a);
    }
  }
  JournalRow fresh;
  fresh.txHash = a->hash;
  fresh.payer = a->transfer.payer.toBase58();
  fresh.payTo = a->transfer.recipient.toBase58();
  fresh.amount = a->transfer.amount.toDecimal();
  fresh.network = network;
  fresh.transactionBase64 = a->transactionBase64;
  auto claimed = journal_.claim(fresh);
  if (!claimed.ok()) return a->done(failure(network, std::string(x402::toString(Reason::UnexpectedSettleError)), claimed.error().message));
  if (!claimed.value()) {
    return a->done(failure(network, std::string(x402::toString(Reason::NonceReplayed)), "this payment is already journaled"));
  }
  inflight_.insert(a->hash);
  runChainCheck(a);
}

void Facilitator::runChainCheck(std::shared_ptr<Attempt> a) {
  std::weak_ptr<int> alive = alive_;
  chain_.readPayer(a->transfer.payer, [this, alive, a](auto payer) {
    if (!alive.lock()) return;
    if (!payer.ok()) {
      (void)journal_.remove(a->hash);
      return finish(a, failure(a->network, std::string(x402::toString(Reason::UnexpectedSettleError)),
                               "could not read the payer's account: " + payer.error().message));
    }
    auto c = x402::verifyExactLezChainState(a->transfer, payer.value(), config_.atProgramId);
    if (!c.ok()) {
      (void)journal_.remove(a->hash);
      return finish(a, failure(a->network, c.error().code, c.error().message));
    }
    // Committed before sending: a crash from here on leaves a row that start() reconciles.
    auto st = journal_.setState(a->hash, JournalState::Submitted);
    if (!st.ok()) {
      (void)journal_.remove(a->hash);
      return finish(a, failure(a->network, std::string(x402::toString(Reason::UnexpectedSettleError)), st.error().message));
    }
    submit(a);
  });
}

void Facilitator::submit(std::shared_ptr<Attempt> a) {
  std::weak_ptr<int> alive = alive_;
  qCInfo(lcFacilitator) << "submit" << QString::fromStdString(shortHash(a->hash));
  chain_.submit(a->transactionBase64, [this, alive, a](lezpay::util::Result<std::string> r) {
    if (config_.faultInjection == "exit_after_submit") {
      qCWarning(lcFacilitator) << "fault injection: exiting after submission of" << QString::fromStdString(shortHash(a->hash));
      std::_Exit(70);
    }
    if (!alive.lock()) return;
    if (!r.ok()) {
      if (r.error().code == "CHAIN_ERROR") {
        // The sequencer refused it at submission (lez.md §7): it can never land.
        (void)journal_.setState(a->hash, JournalState::Failed, std::string(x402::toString(Reason::InvalidTransactionState)),
                                r.error().message);
        return finish(a, failure(a->network, std::string(x402::toString(Reason::InvalidTransactionState)),
                                 "the sequencer refused the transaction: " + r.error().message));
      }
      a->submitOutcomeUnknown = true;  // it may have arrived: find out by polling
    }
    poll(a);
  });
}

void Facilitator::poll(std::shared_ptr<Attempt> a) {
  std::weak_ptr<int> alive = alive_;
  chain_.status(a->hash, [this, alive, a](lezpay::util::Result<TxStatus> s) {
    if (!alive.lock()) return;
    if (s.ok()) {
      a->lastStatus = s.value().kind;
      if (s.value().kind == TxStatus::Kind::Included) {
        (void)journal_.setState(a->hash, JournalState::Settled, {}, {}, s.value().blockId);
        auto won = journal_.markDelivered(a->hash);
        auto row = journal_.find(a->hash);
        if (won.ok() && won.value() && row) return finish(a, successFor(*row));
        return finish(a, failure(a->network, std::string(x402::toString(Reason::NonceReplayed)),
                                 "this payment was already settled and answered"));
      }
      if (s.value().kind == TxStatus::Kind::Rejected) {
        (void)journal_.setState(a->hash, JournalState::Failed, std::string(x402::toString(Reason::InvalidTransactionState)),
                                s.value().reason);
        return finish(a, failure(a->network, std::string(x402::toString(Reason::InvalidTransactionState)),
                                 "the chain rejected the transaction: " + s.value().reason));
      }
    }
    if (std::chrono::steady_clock::now() < a->deadline) {
      QTimer::singleShot(config_.pollIntervalMs, this, [this, a]() { poll(a); });
      return;
    }
    if (a->lastStatus == TxStatus::Kind::Unknown) {
      (void)journal_.setState(a->hash, JournalState::Failed, std::string(x402::toString(Reason::InvalidTransactionState)),
                              "the sequencer never received the transaction");
      return finish(a, failure(a->network, std::string(x402::toString(Reason::InvalidTransactionState)),
                               "the sequencer never received the transaction"));
    }
    finish(a, failure(a->network, std::string(x402::toString(Reason::SettlementPending)),
                      "transaction " + a->hash + " was broadcast but is not included yet; settle the same payload again for the outcome"));
  });
}

void Facilitator::finish(std::shared_ptr<Attempt> a, SettlementResponse r) {
  inflight_.erase(a->hash);
  qCInfo(lcFacilitator) << "settle" << QString::fromStdString(shortHash(a->hash)) << (r.success ? "success" : "failure")
                        << QString::fromStdString(r.errorReason.value_or(""));
  auto done = std::move(a->done);
  done(std::move(r));
}

}  // namespace x402mod
