// Fuzz target: FrameReader (lezpay/proto/frame.h).
// Input: byte 0 picks the payload limit, byte 1 the chunk size; the rest is the stream.
// Properties: no crash; every frame is within the limit; re-encoding the frames reproduces the
// consumed prefix of the stream byte for byte (prefixes are minimal); decodeFrame agrees on each
// re-encoded frame; a second reader fed the whole stream at once yields the same frames.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <span>
#include <vector>

#include "fuzz_check.h"
#include "lezpay/proto/frame.h"

using lezpay::proto::FrameReader;

namespace {

struct Run {
  std::vector<std::vector<std::uint8_t>> frames;
  bool failed = false;
};

Run readAll(std::span<const std::uint8_t> stream, std::size_t max, std::size_t chunk) {
  Run run;
  FrameReader reader(max);
  for (std::size_t at = 0; at < stream.size() && !run.failed; at += chunk) {
    reader.append(stream.subspan(at, std::min(chunk, stream.size() - at)));
    for (;;) {
      auto out = reader.poll();
      if (out.state == FrameReader::State::NEED_MORE) break;
      if (out.state == FrameReader::State::ERROR) {
        run.failed = true;
        FUZZ_CHECK(reader.failed());
        break;
      }
      FUZZ_CHECK(out.frame.size() <= max);
      run.frames.push_back(std::move(out.frame));
    }
  }
  return run;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  static constexpr std::size_t kLimits[] = {0, 1, 16, 300, 1024, 1u << 20};
  const std::size_t max = kLimits[data[0] % std::size(kLimits)];
  const std::size_t chunk = 1 + data[1] % 64;
  const std::span<const std::uint8_t> stream(data + 2, size - 2);

  const Run pieces = readAll(stream, max, chunk);
  const Run whole = readAll(stream, max, stream.empty() ? 1 : stream.size());
  FUZZ_CHECK(pieces.frames == whole.frames);
  FUZZ_CHECK(pieces.failed == whole.failed);

  std::vector<std::uint8_t> reencoded;
  for (const auto& f : pieces.frames) {
    const auto one = lezpay::proto::encodeFrame(f);
    auto back = lezpay::proto::decodeFrame(one, max);
    FUZZ_CHECK(back.ok() && *back == f);
    reencoded.insert(reencoded.end(), one.begin(), one.end());
  }
  FUZZ_CHECK(reencoded.size() <= stream.size());
  FUZZ_CHECK(std::equal(reencoded.begin(), reencoded.end(), stream.begin()));
  return 0;
}
