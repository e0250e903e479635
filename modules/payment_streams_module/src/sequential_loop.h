#pragma once
// Runs an asynchronous step for i = 0..n-1 one after the other: step(i, next) starts step i and
// calls next(true) to go on or next(false) to stop; `finished(completed)` runs once at the end
// (completed false when a step stopped the loop). A step that completes before it returns does
// not grow the stack: the loop goes on iteratively, so a long scan is safe either way.

#include <cstdint>
#include <functional>
#include <memory>

namespace payment_streams {

inline void runSequentially(std::uint64_t n, std::function<void(std::uint64_t i, std::function<void(bool)> next)> step,
                            std::function<void(bool completed)> finished) {
  struct Loop : std::enable_shared_from_this<Loop> {
    std::uint64_t i = 0;
    std::uint64_t n = 0;
    std::function<void(std::uint64_t, std::function<void(bool)>)> step;
    std::function<void(bool)> finished;
    bool running = false;  // inside run(): a step that completes inline must not re-enter it
    bool pending = false;  // a step started and has not called next yet
    bool stopped = false;

    void run() {
      running = true;
      while (!pending) {
        if (stopped || i >= n) {
          running = false;
          auto f = std::move(finished);
          finished = nullptr;
          if (f) f(!stopped);
          return;
        }
        pending = true;
        auto self = shared_from_this();
        step(i, [self](bool goOn) {
          if (!self->pending) return;  // a step answers once
          self->pending = false;
          if (goOn) {
            ++self->i;
          } else {
            self->stopped = true;
          }
          if (!self->running) self->run();
        });
      }
      running = false;
    }
  };
  auto loop = std::make_shared<Loop>();
  loop->n = n;
  loop->step = std::move(step);
  loop->finished = std::move(finished);
  loop->run();
}

}  // namespace payment_streams
