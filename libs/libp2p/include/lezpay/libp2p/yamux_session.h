#pragma once
// A Yamux session (spec libp2p.md §5) as a state machine over byte buffers: both roles (the
// client, i.e. the connection's dialer, opens odd stream ids, the server even ones), SYN/ACK/
// FIN/RST, per-stream flow control, ping and go-away. No I/O and no clock: the owner feeds
// received bytes, sends takeOutput(), handles events, and drives timeouts itself.
//
// Flow control. Receiving: each stream starts with kYamuxInitialWindow (262144) of credit for the
// peer; data beyond the credit is a protocol error (YAMUX_WINDOW_EXCEEDED). read() consumes
// buffered data and grants it back with a WindowUpdate once half a window was consumed, so at
// most one window per stream is ever buffered here. Sending: we assume the peer granted
// `peerInitialWindow` (256000 by default, what nim-libp2p before PR 2787 assumes; js grants
// 262144) and add its WindowUpdate deltas, so never more than 256,000 unacknowledged bytes are
// in flight on a stream. write() queues; queued bytes leave as credit allows, in Data frames of at
// most kYamuxMaxDataFrame (65524) bytes.
//
// Streams. openStream() sends WindowUpdate{SYN, 0}; data may follow before the ACK. An inbound
// SYN is ACKed at once with WindowUpdate{ACK, 0} and reported as STREAM_OPENED, or refused with
// WindowUpdate{RST, 0} beyond `maxStreams` or after a GoAway. closeWrite() sends
// WindowUpdate{FIN, 0} after the queued data (half-close: the other direction stays open);
// reset() sends WindowUpdate{RST, 0} and forgets the stream. A stream is forgotten once both
// sides sent FIN and its received data was read, or after an RST. Frames for unknown or
// forgotten ids are skipped without error (WindowUpdates after FIN are normal from js).
//
// Protocol errors (the session then sends GoAway{1}, reports the error from feed() and takes no
// more input): YAMUX_BAD_VERSION, YAMUX_BAD_TYPE, YAMUX_BAD_FLAGS (including a ping whose flags
// are not exactly SYN or ACK), YAMUX_BAD_STREAM_ID (SYN for id 0, with our parity or for an id in
// use; ping or go-away on a stream id), YAMUX_WINDOW_EXCEEDED. Later calls: YAMUX_SESSION_FAILED.
// API errors: YAMUX_UNKNOWN_STREAM, YAMUX_STREAM_CLOSED, YAMUX_TOO_MANY_STREAMS,
// YAMUX_GOING_AWAY.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <span>
#include <vector>

#include "lezpay/libp2p/yamux_frame.h"
#include "lezpay/util/result.h"

namespace lezpay::libp2p {

inline constexpr std::uint32_t kYamuxInitialWindow = 262144;
inline constexpr std::uint32_t kYamuxMaxInFlight = 256000;
inline constexpr std::uint32_t kYamuxMaxDataFrame = 65524;

struct YamuxConfig {
  bool client = true;                                // the connection's dialer: odd stream ids
  std::uint32_t peerInitialWindow = kYamuxMaxInFlight;
  std::size_t maxStreams = 256;                      // open streams at once, both directions
  std::size_t maxUnackedOutbound = 256;              // our opened streams the peer has not ACKed
};

enum class YamuxEventType {
  STREAM_OPENED,         // the peer opened `streamId`
  STREAM_DATA,           // `streamId` has data to read()
  STREAM_REMOTE_CLOSED,  // the peer sent FIN on `streamId` (after its last STREAM_DATA)
  STREAM_RESET,          // the peer reset `streamId`; it is forgotten
  PING_ACK,              // our ping with `value` was answered
  GO_AWAY,               // the peer goes away with code `value`; open nothing more
};

struct YamuxEvent {
  YamuxEventType type = YamuxEventType::STREAM_OPENED;
  std::uint32_t streamId = 0;
  std::uint32_t value = 0;

  bool operator==(const YamuxEvent&) const = default;
};

class YamuxSession {
 public:
  explicit YamuxSession(YamuxConfig config);

  lezpay::util::Status feed(std::span<const std::uint8_t> bytes);
  std::vector<std::uint8_t> takeOutput();
  bool hasOutput() const { return !out_.empty(); }
  std::optional<YamuxEvent> nextEvent();

  lezpay::util::Result<std::uint32_t> openStream();
  lezpay::util::Status write(std::uint32_t id, std::span<const std::uint8_t> data);
  // Up to `max` buffered bytes of `id` (empty for an unknown stream).
  std::vector<std::uint8_t> read(std::uint32_t id, std::size_t max = SIZE_MAX);
  lezpay::util::Status closeWrite(std::uint32_t id);
  lezpay::util::Status reset(std::uint32_t id);
  lezpay::util::Status ping(std::uint32_t value);
  void goAway(YamuxGoAwayCode code);

  bool failed() const { return failed_; }
  bool goingAway() const { return localGoAway_ || remoteGoAway_; }
  std::size_t streamCount() const { return streams_.size(); }
  bool hasStream(std::uint32_t id) const { return streams_.count(id) != 0; }
  std::size_t readable(std::uint32_t id) const;
  std::size_t queuedForSend(std::uint32_t id) const;
  // Bytes we may still send on `id` by the peer's window and the in-flight cap.
  std::uint64_t sendCredit(std::uint32_t id) const;
  bool remoteClosed(std::uint32_t id) const;

 private:
  struct Stream {
    bool outbound = false;
    bool acked = false;
    bool localFin = false;   // closeWrite() called
    bool finSent = false;
    bool remoteFin = false;
    std::uint64_t sendCredit = 0;
    std::uint32_t recvWindow = kYamuxInitialWindow;
    std::uint32_t unGranted = 0;
    std::vector<std::uint8_t> recvBuf;
    std::size_t recvPos = 0;
    std::vector<std::uint8_t> sendBuf;
    std::size_t sendPos = 0;
  };

  void queueFrame(YamuxType type, std::uint16_t flags, std::uint32_t id, std::uint32_t length,
            std::span<const std::uint8_t> payload = {});
  lezpay::util::Status fail(lezpay::util::Error error);
  lezpay::util::Status handleFrame(const YamuxHeader& h, std::span<const std::uint8_t> payload);
  lezpay::util::Status handleStreamFlags(const YamuxHeader& h, bool& known);
  void flush(std::uint32_t id, Stream& s);
  void maybeForget(std::uint32_t id);
  bool ours(std::uint32_t id) const { return (id % 2 == 1) == config_.client; }

  YamuxConfig config_;
  std::map<std::uint32_t, Stream> streams_;
  std::deque<YamuxEvent> events_;
  std::vector<std::uint8_t> out_;
  std::vector<std::uint8_t> in_;
  std::size_t inPos_ = 0;
  std::uint64_t skip_ = 0;  // payload bytes of a frame for an unknown stream still to drop
  std::uint32_t nextId_;
  std::size_t unackedOutbound_ = 0;
  std::optional<std::uint32_t> pingOutstanding_;
  bool localGoAway_ = false;
  bool remoteGoAway_ = false;
  bool failed_ = false;
};

}  // namespace lezpay::libp2p
