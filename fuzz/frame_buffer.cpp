// Fuzz target: delivery::transport::FrameBuffer (modules/delivery_module/src/transport/
// frame_buffer.h), the receive buffer of every delivery stream: uvarint length-prefixed frames
// under a limit that changes between frames. Input: byte 0 chooses the chunk size, byte 1 the
// limit of each frame taken; the rest is the byte stream from the peer.
// Properties: no crash; chunked arrival yields the same frames as arrival in one piece, and ends
// in an error exactly when it does (which error may differ: a prefix already above the limit is
// refused as TOO_LARGE before it is complete); no frame is above its limit; frames re-encoded
// with libs/proto's prefix give back exactly the consumed bytes.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "frame_buffer.h"
#include "fuzz_check.h"
#include "lezpay/proto/varint.h"

namespace {

using delivery::transport::FrameBuffer;

constexpr std::size_t kLimits[] = {0, 1, 16, 127, 128, 1024, 128 * 1024, 16 * 1024 * 1024};

struct Outcome {
  std::vector<std::vector<std::uint8_t>> frames;
  std::string error;
};

std::size_t limitFor(std::uint8_t sel, std::size_t index) { return kLimits[(sel + index) % std::size(kLimits)]; }

Outcome run(std::span<const std::uint8_t> stream, std::size_t chunk, std::uint8_t sel) {
  FrameBuffer buf;
  Outcome out;
  for (std::size_t i = 0; i < stream.size(); i += chunk) {
    buf.append(stream.subspan(i, std::min(chunk, stream.size() - i)));
    for (;;) {
      const std::size_t limit = limitFor(sel, out.frames.size());
      auto t = buf.take(limit);
      if (t.state == FrameBuffer::State::NEED_MORE) break;
      if (t.state == FrameBuffer::State::ERROR) {
        FUZZ_CHECK(!t.error.code.empty() && !t.error.message.empty());
        out.error = t.error.code;
        return out;
      }
      FUZZ_CHECK(t.frame.size() <= limit);
      out.frames.push_back(std::move(t.frame));
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::size_t chunk = 1 + data[0] % 32;
  const std::uint8_t sel = data[1];
  const std::span<const std::uint8_t> stream(data + 2, size - 2);
  const Outcome whole = run(stream, stream.size() + 1, sel);
  const Outcome pieces = run(stream, chunk, sel);
  FUZZ_CHECK(whole.frames == pieces.frames);
  FUZZ_CHECK(whole.error.empty() == pieces.error.empty());

  std::vector<std::uint8_t> reencoded;
  for (const auto& f : whole.frames) {
    const auto prefix = lezpay::proto::encodeVarint(f.size());
    reencoded.insert(reencoded.end(), prefix.begin(), prefix.end());
    reencoded.insert(reencoded.end(), f.begin(), f.end());
  }
  FUZZ_CHECK(reencoded.size() <= stream.size());
  FUZZ_CHECK(std::equal(reencoded.begin(), reencoded.end(), stream.begin()));
  return 0;
}
