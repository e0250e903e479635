#include "inclusion_waits.h"

#include <QTimer>

namespace wallet {

InclusionWaits::InclusionWaits() : timers_(std::make_unique<QObject>()), self_(std::make_shared<InclusionWaits*>(this)) {}

InclusionWaits::~InclusionWaits() {
  *self_ = nullptr;
  stopAll();
}

void InclusionWaits::start(Check check, logos::sdk::Reply reply) {
  const std::uint64_t id = nextId_++;
  Wait& w = waits_.emplace(id, Wait{std::move(check), reply, nullptr, nullptr, false, 0}).first->second;
  w.timer = new QTimer(timers_.get());
  w.timer->setSingleShot(true);
  w.timer->setInterval(kPollIntervalMs);
  QObject::connect(w.timer, &QTimer::timeout, w.timer, [this, id] { poll(id); });
  std::weak_ptr<InclusionWaits*> self = self_;
  reply.onCancel([self, id] {
    if (auto s = self.lock(); s && *s) (*s)->end(id);
  });
  poll(id);
}

void InclusionWaits::poll(std::uint64_t id) {
  auto it = waits_.find(id);
  if (it == waits_.end()) return;
  Wait& w = it->second;
  if (w.reply.done()) return end(id);  // answered elsewhere (shutdown, cancellation): nothing left to poll for
  const std::uint64_t round = ++w.round;
  w.checking = true;
  Check check = w.check;  // the check may end this wait before it returns
  Abort abort = check([this, id, round](std::optional<logos::Json> answer) { reported(id, round, std::move(answer)); });
  it = waits_.find(id);
  if (it != waits_.end() && it->second.checking && it->second.round == round) it->second.abort = std::move(abort);
}

void InclusionWaits::reported(std::uint64_t id, std::uint64_t round, std::optional<logos::Json> answer) {
  auto it = waits_.find(id);
  if (it == waits_.end() || it->second.round != round || !it->second.checking) return;
  Wait& w = it->second;
  w.checking = false;
  w.abort = nullptr;
  if (w.reply.done()) return end(id);
  if (!answer) {
    w.timer->start();
    return;
  }
  logos::sdk::Reply reply = w.reply;
  end(id);
  reply.answer(std::move(*answer));
}

void InclusionWaits::end(std::uint64_t id) {
  auto it = waits_.find(id);
  if (it == waits_.end()) return;
  Wait w = std::move(it->second);
  waits_.erase(it);
  w.timer->stop();
  w.timer->deleteLater();  // it may be emitting (end from its own poll)
  if (w.checking && w.abort) w.abort();
}

void InclusionWaits::stopAll() {
  while (!waits_.empty()) end(waits_.begin()->first);
}

int InclusionWaits::checksInFlight() const {
  int n = 0;
  for (const auto& [id, w] : waits_) n += w.checking ? 1 : 0;
  return n;
}

}  // namespace wallet
