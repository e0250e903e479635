// Fuzz target: multistream-select negotiation (lezpay/libp2p/multistream_select.h), both roles.
// The input is split at its first byte's value and fed in two chunks. Properties: no crash; a
// listener only ever selects a protocol it serves and echoes it; a dialer only selects its
// proposal; after selection the remainder is a suffix of the input.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "fuzz_check.h"
#include "lezpay/libp2p/multistream_select.h"

using namespace lezpay::libp2p;

namespace {
template <typename Machine>
void drive(Machine& m, std::span<const std::uint8_t> input, std::size_t cut, const std::vector<std::string>& allowed) {
  const std::span<const std::uint8_t> parts[2] = {input.first(cut), input.subspan(cut)};
  for (int i = 0; i < 2; ++i) {
    auto step = m.feed(parts[i]);
    if (!step.ok()) {
      FUZZ_CHECK(!step.error().code.empty() && !step.error().message.empty());
      return;
    }
    if (step->selected) {
      FUZZ_CHECK(std::find(allowed.begin(), allowed.end(), *step->selected) != allowed.end());
      FUZZ_CHECK(step->remainder.size() <= input.size());
      FUZZ_CHECK(std::equal(step->remainder.begin(), step->remainder.end(), input.end() - static_cast<long>(step->remainder.size())) ||
                 i == 0);
      return;
    }
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::span<const std::uint8_t> input(data + 1, size - 1);
  const std::size_t cut = std::min<std::size_t>(data[0], input.size());
  const std::vector<std::string> served{"/noise", "/yamux/1.0.0", "/ipfs/id/1.0.0"};
  MultistreamListener listener(served);
  (void)listener.start();
  drive(listener, input, cut, served);
  const std::vector<std::string> proposals{"/yamux/1.0.0", "/mplex/6.7.0"};
  MultistreamDialer dialer(proposals);
  (void)dialer.start();
  drive(dialer, input, cut, proposals);
  return 0;
}
