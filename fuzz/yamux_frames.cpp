// Fuzz target: Yamux frames into a session (lezpay/libp2p/yamux_session.h), as server and client.
// Properties: no crash; a refusal carries a code and a sentence and leaves the session failed with
// a GoAway queued; buffered data per stream never exceeds the window we granted.
#include <cstddef>
#include <cstdint>
#include <span>

#include "fuzz_check.h"
#include "lezpay/libp2p/yamux_session.h"

using namespace lezpay::libp2p;

namespace {
void run(bool client, std::span<const std::uint8_t> input) {
  YamuxSession s(YamuxConfig{client, kYamuxMaxInFlight, 16, 16});
  if (client) (void)s.openStream();
  // Half the input, then the rest, to cross frame boundaries at an arbitrary point.
  const std::size_t cut = input.size() / 2;
  for (auto part : {input.first(cut), input.subspan(cut)}) {
    auto r = s.feed(part);
    if (!r.ok()) {
      FUZZ_CHECK(!r.error().code.empty() && !r.error().message.empty());
      FUZZ_CHECK(s.failed());
      return;
    }
    while (auto e = s.nextEvent()) {
      FUZZ_CHECK(s.readable(e->streamId) <= kYamuxInitialWindow);
      if (e->type == YamuxEventType::STREAM_DATA) (void)s.read(e->streamId, 1000);
      if (e->type == YamuxEventType::STREAM_OPENED) (void)s.write(e->streamId, std::vector<std::uint8_t>(70000, 1));
    }
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> input(data, size);
  run(false, input);
  run(true, input);
  return 0;
}
