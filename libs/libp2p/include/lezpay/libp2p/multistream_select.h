#pragma once
// multistream-select 1.0 negotiation, both roles (spec libp2p.md §2), as state machines over
// byte buffers. Messages are `LP(text ‖ '\n')` with at most 1024 bytes (lezpay::proto's
// multistream codec); each side first sends `/multistream/1.0.0`.
//
// Use: send start()'s bytes, then feed() every received chunk until `selected` is set (done) or
// an error is returned (reset the stream or close the connection). feed() returns the bytes to
// send now. Once selected, `remainder` holds the bytes that followed the last negotiation
// message in the input: they belong to the selected protocol (one TCP read may hold the echo
// and the start of the next layer). After selection or an error, feed() must not be called again.
//
// Dialer: start() is the header and the first proposal in one write; an `na` moves on to the next
// proposal (no new header); MSS_NOT_AVAILABLE when none is left. The lazy (pipelined) form is
// the caller writing protocol data right after start() without waiting: it is correct as long as
// the listener accepts the first proposal; an `na` then fails the negotiation.
// Listener: start() is the header (sent before reading, which js and nim accept); each proposal
// is echoed if served, else answered `na` (also `ls`, which we do not implement); after
// kMaxRefusedProposals refusals MSS_TOO_MANY_PROPOSALS. Protocol data pipelined behind an accepted
// proposal is returned in `remainder`.
// Errors: MSS_PROTOCOL_ERROR (first message not the header, a message without '\n', above 1024
// bytes, empty, or a bad length prefix), MSS_NOT_AVAILABLE, MSS_TOO_MANY_PROPOSALS.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "lezpay/util/result.h"

namespace lezpay::libp2p {

inline constexpr std::size_t kMaxRefusedProposals = 16;

struct MultistreamStep {
  std::vector<std::uint8_t> output;      // bytes to send now (may be empty)
  std::optional<std::string> selected;   // the agreed protocol, once negotiated
  std::vector<std::uint8_t> remainder;   // bytes after the negotiation, once selected
};

// Buffered reader of multistream messages shared by both roles.
class MultistreamMessageReader {
 public:
  void append(std::span<const std::uint8_t> bytes);
  // The next complete message's text, nullopt if more bytes are needed.
  lezpay::util::Result<std::optional<std::string>> next();
  std::vector<std::uint8_t> takeRest();

 private:
  std::vector<std::uint8_t> buf_;
  std::size_t pos_ = 0;
};

class MultistreamDialer {
 public:
  // Precondition: `proposals` is non-empty and each is a valid message text.
  explicit MultistreamDialer(std::vector<std::string> proposals);
  std::vector<std::uint8_t> start();
  lezpay::util::Result<MultistreamStep> feed(std::span<const std::uint8_t> bytes);

 private:
  std::vector<std::string> proposals_;
  std::size_t current_ = 0;
  bool headerSeen_ = false;
  MultistreamMessageReader reader_;
};

class MultistreamListener {
 public:
  explicit MultistreamListener(std::vector<std::string> served);
  std::vector<std::uint8_t> start();
  lezpay::util::Result<MultistreamStep> feed(std::span<const std::uint8_t> bytes);

 private:
  std::vector<std::string> served_;
  bool headerSeen_ = false;
  std::size_t refused_ = 0;
  MultistreamMessageReader reader_;
};

// LP(text ‖ '\n'). Precondition: text is a valid message (non-empty, ≤ 1023 bytes, no '\n').
std::vector<std::uint8_t> multistreamMessage(std::string_view text);

}  // namespace lezpay::libp2p
