#pragma once
// Waits for transactions without blocking the module's thread: each wait is a QTimer on the
// module's thread that runs one status check every 50 ms until the check answers (included,
// rejected, unknown, deadline) and then completes its Reply once. The caller going away
// (Reply::onCancel) stops the timer; stopAll() (module shutdown) stops every wait, whose replies
// ModuleBase's shutdown then answers.

#include <functional>
#include <memory>
#include <optional>

#include <QObject>

#include "logos/json.h"
#include "logos/sdk/reply.h"

namespace wallet {

class InclusionWaits {
 public:
  // One status round trip: an envelope ends the wait with that answer, nullopt polls again.
  using Check = std::function<std::optional<logos::Json>()>;

  static constexpr int kPollIntervalMs = 50;

  // Create on the module's thread (onInit): the timers live where this object was made.
  InclusionWaits();
  ~InclusionWaits();

  // Runs `check` at once and then every kPollIntervalMs until it answers; answers `reply` with it.
  void start(Check check, logos::sdk::Reply reply);
  // Stops every pending wait without answering (shutdown).
  void stopAll();
  // Waits still polling (tests, logs).
  int pending() const;

 private:
  std::unique_ptr<QObject> timers_;  // parent of every wait's timer
};

}  // namespace wallet
