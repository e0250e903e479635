#pragma once
// Waits for transactions without blocking the module's thread. Each wait runs one status check
// at a time: a check starts a round trip and reports later; a pending report arms a single-shot
// timer that starts the next check kPollIntervalMs later, so a wait never has more than one
// round trip in flight however slow the sequencer is, and the thread is free meanwhile. A final
// report (included, rejected, unknown, deadline, chain error) completes the wait's Reply once.
// The caller going away (Reply::onCancel) aborts the check in flight and stops the wait;
// stopAll() (module shutdown) stops every wait, whose replies ModuleBase's shutdown then answers.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>

#include <QObject>

#include "logos/json.h"
#include "logos/sdk/reply.h"

class QTimer;

namespace wallet {

class InclusionWaits {
 public:
  // How a check reports, once: an envelope ends the wait with that answer, nullopt polls again.
  using Report = std::function<void(std::optional<logos::Json>)>;
  // Aborts the check's round trip; its Report never runs afterwards.
  using Abort = std::function<void()>;
  // Starts one status round trip that calls `report` once, now or later on this thread.
  using Check = std::function<Abort(Report report)>;

  static constexpr int kPollIntervalMs = 50;

  // Create on the module's thread (onInit): the timers live where this object was made.
  InclusionWaits();
  ~InclusionWaits();

  // Starts `check` at once and again kPollIntervalMs after each pending report, until one
  // answers; answers `reply` with it.
  void start(Check check, logos::sdk::Reply reply);
  // Stops every pending wait without answering (shutdown), aborting the checks in flight.
  void stopAll();
  // Waits not finished (tests, logs).
  int pending() const { return static_cast<int>(waits_.size()); }
  // Checks in flight over all waits (tests: never more than pending()).
  int checksInFlight() const;

 private:
  struct Wait {
    Check check;
    logos::sdk::Reply reply;
    QTimer* timer = nullptr;   // single-shot, child of timers_
    Abort abort;               // of the check in flight, if any
    bool checking = false;
    std::uint64_t round = 0;   // which check a report belongs to
  };

  void poll(std::uint64_t id);
  void reported(std::uint64_t id, std::uint64_t round, std::optional<logos::Json> answer);
  void end(std::uint64_t id);

  std::unique_ptr<QObject> timers_;  // parent of every wait's timer
  std::map<std::uint64_t, Wait> waits_;
  std::uint64_t nextId_ = 1;
  // Callbacks held by replies may outlive this object: they check this first.
  std::shared_ptr<InclusionWaits*> self_;
};

}  // namespace wallet
