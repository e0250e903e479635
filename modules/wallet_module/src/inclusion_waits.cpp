#include "inclusion_waits.h"

#include <QPointer>
#include <QTimer>

namespace wallet {

InclusionWaits::InclusionWaits() : timers_(std::make_unique<QObject>()) {}

InclusionWaits::~InclusionWaits() = default;

void InclusionWaits::start(Check check, logos::sdk::Reply reply) {
  if (auto answer = check()) {
    reply.answer(std::move(*answer));
    return;
  }
  auto* timer = new QTimer(timers_.get());
  timer->setInterval(kPollIntervalMs);
  QPointer<QTimer> guard(timer);
  QObject::connect(timer, &QTimer::timeout, timer, [timer, check = std::move(check), reply] {
    if (reply.done()) {  // answered elsewhere (shutdown, cancellation): nothing left to poll for
      timer->stop();
      timer->deleteLater();
      return;
    }
    auto answer = check();
    if (!answer) return;
    timer->stop();
    timer->deleteLater();
    reply.answer(std::move(*answer));
  });
  reply.onCancel([guard] {
    if (guard) {
      guard->stop();
      guard->deleteLater();
    }
  });
  timer->start();
}

void InclusionWaits::stopAll() {
  for (auto* timer : timers_->findChildren<QTimer*>(Qt::FindDirectChildrenOnly)) {
    timer->stop();
    delete timer;
  }
}

int InclusionWaits::pending() const {
  int n = 0;
  for (auto* timer : timers_->findChildren<QTimer*>(Qt::FindDirectChildrenOnly)) n += timer->isActive() ? 1 : 0;
  return n;
}

}  // namespace wallet
