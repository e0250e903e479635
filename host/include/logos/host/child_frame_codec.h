#pragma once
// Frames between the daemon and a module's child process (logos-module-host): each frame is a
// 4-byte big-endian length followed by that many bytes of one JSON object's text. One frame holds
// one message ({"t":"call",...}, {"t":"reply",...}; interfaces/CONTRACT.md "Modules in their own
// processes" lists them).
//
// Pure: bytes in, values out. ChildFrameReader buffers what a stream delivered and hands out whole
// frames; a length above kMaxChildFrameBytes or a body that is not a JSON object is an error
// (codes below) after which the reader stays failed: the stream is out of step and the peer is
// dropped. The fuzz target fuzz/child_frame_codec.cpp checks decode -> encode -> decode.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "lezpay/util/result.h"
#include "logos/json.h"

namespace logos::host {

// A module answer can carry a page of Store messages or a receipt list; 32 MiB bounds a runaway
// child without refusing any answer a client connection would take.
inline constexpr std::size_t kMaxChildFrameBytes = 32u << 20;
inline constexpr std::size_t kChildFrameHeaderBytes = 4;
inline constexpr std::string_view kFrameTooLarge = "FRAME_TOO_LARGE";
inline constexpr std::string_view kFrameMalformed = "FRAME_MALFORMED";

// Header and text of `message` (an object). Fails FRAME_TOO_LARGE when the text exceeds the bound.
lezpay::util::Result<std::string> encodeChildFrame(const Json& message);

// Appends the frame of `message` to `out` (no intermediate copy); false when it is too large.
bool appendChildFrame(std::string& out, const Json& message);

class ChildFrameReader {
 public:
  // Appends bytes the stream delivered.
  void feed(std::string_view bytes);
  void feed(const char* data, std::size_t size) { feed(std::string_view(data, size)); }

  // The next whole frame's object, nullopt when more bytes are needed, or the error that failed
  // the stream (returned again on every later call).
  lezpay::util::Result<std::optional<Json>> next();

  std::size_t buffered() const { return buffer_.size() - offset_; }
  bool failed() const { return failure_.has_value(); }

 private:
  std::string buffer_;
  std::size_t offset_ = 0;
  std::optional<lezpay::util::Error> failure_;
};

}  // namespace logos::host
