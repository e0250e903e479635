// Fuzz target: the frames between the daemon and a module's process (host/include/logos/host/
// child_frame_codec.h), read by both sides. The input is a byte stream fed in two pieces at a
// point chosen by its first byte. A failure is FRAME_TOO_LARGE or FRAME_MALFORMED and sticks; each
// frame read encodes to bytes that read back to the same object and encode to the same bytes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "logos/host/child_frame_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t cut = data[0] % size;
  const std::string_view stream(reinterpret_cast<const char*>(data) + 1, size - 1);
  logos::host::ChildFrameReader reader;
  reader.feed(stream.substr(0, cut));
  reader.feed(stream.substr(cut));
  for (int i = 0; i < 1000; ++i) {
    auto f = reader.next();
    if (!f.ok()) {
      FUZZ_CHECK(f.error().code == logos::host::kFrameTooLarge || f.error().code == logos::host::kFrameMalformed);
      FUZZ_CHECK(reader.failed() && !reader.next().ok());
      return 0;
    }
    if (!f.value()) return 0;
    auto encoded = logos::host::encodeChildFrame(*f.value());
    FUZZ_CHECK(encoded.ok());
    logos::host::ChildFrameReader again;
    again.feed(encoded.value());
    auto back = again.next();
    FUZZ_CHECK(back.ok() && back.value() && *back.value() == *f.value());
    FUZZ_CHECK(logos::host::encodeChildFrame(*back.value()).value() == encoded.value());
  }
  return 0;
}
