#include "logos/sdk/reply.h"

#include <atomic>
#include <mutex>
#include <vector>

#include "logos/envelope.h"

namespace logos::sdk {
namespace {
std::atomic<std::size_t> gExtraCompletions{0};
}  // namespace

struct Reply::State {
  std::mutex mutex;
  Sink sink;
  std::function<Json(Json)> check;
  std::string operation;
  bool done = false;
  bool cancelled = false;
  std::vector<std::function<void()>> onCancel;
};

Reply::Reply(Sink sink, std::string operation) : state_(std::make_shared<State>()) {
  state_->sink = std::move(sink);
  state_->operation = std::move(operation);
}

void Reply::answer(Json envelope) const {
  Sink sink;
  std::function<Json(Json)> check;
  {
    std::lock_guard lock(state_->mutex);
    if (state_->done) {
      if (!state_->cancelled) gExtraCompletions.fetch_add(1);
      return;
    }
    state_->done = true;
    sink = std::move(state_->sink);
    check = std::move(state_->check);
    state_->onCancel.clear();
  }
  if (!isWellFormedEnvelope(envelope)) {
    envelope = errorEnvelope(ErrorCode::MethodFailed,
                             "operation '" + state_->operation + "' answered malformed output (not a status envelope)");
  } else if (check) {
    envelope = check(std::move(envelope));
  }
  if (sink) sink(std::move(envelope));
}

void Reply::checkWith(std::function<Json(Json)> check) const {
  std::lock_guard lock(state_->mutex);
  state_->check = std::move(check);
}

void Reply::ok(Json fields) const { answer(okEnvelope(std::move(fields))); }

void Reply::fail(std::string_view code, std::string_view message) const { answer(errorEnvelope(code, message)); }

void Reply::value(Json v) const { answer(valueEnvelope(std::move(v))); }

bool Reply::done() const {
  std::lock_guard lock(state_->mutex);
  return state_->done;
}

bool Reply::cancelled() const {
  std::lock_guard lock(state_->mutex);
  return state_->cancelled;
}

void Reply::onCancel(std::function<void()> cb) const {
  {
    std::lock_guard lock(state_->mutex);
    if (!state_->cancelled) {
      if (!state_->done) state_->onCancel.push_back(std::move(cb));
      return;
    }
  }
  cb();
}

void Reply::cancel() const {
  Sink sink;
  std::vector<std::function<void()>> callbacks;
  {
    std::lock_guard lock(state_->mutex);
    if (state_->done) return;
    state_->done = true;
    state_->cancelled = true;
    sink = std::move(state_->sink);
    callbacks = std::move(state_->onCancel);
  }
  for (auto& cb : callbacks) {
    try {
      cb();
    } catch (...) {
      // A cancellation hook must not stop the others or the CANCELLED reply.
    }
  }
  if (sink) sink(errorEnvelope(ErrorCode::Cancelled, "the caller of '" + state_->operation + "' cancelled the call"));
}

std::size_t Reply::extraCompletions() { return gExtraCompletions.load(); }

}  // namespace logos::sdk
