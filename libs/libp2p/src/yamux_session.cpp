#include "lezpay/libp2p/yamux_session.h"

#include <algorithm>
#include <limits>
#include <string>

#include "lezpay/libp2p/error.h"

namespace lezpay::libp2p {
namespace {

std::string idText(std::uint32_t id) { return std::to_string(id); }

}  // namespace

YamuxSession::YamuxSession(YamuxConfig config) : config_(config), nextId_(config.client ? 1 : 2) {}

void YamuxSession::queueFrame(YamuxType type, std::uint16_t flags, std::uint32_t id, std::uint32_t length,
                        std::span<const std::uint8_t> payload) {
  const auto h = encodeYamuxHeader(YamuxHeader{type, flags, id, length});
  out_.insert(out_.end(), h.begin(), h.end());
  out_.insert(out_.end(), payload.begin(), payload.end());
}

lezpay::util::Status YamuxSession::fail(lezpay::util::Error error) {
  if (!failed_ && !localGoAway_) {
    queueFrame(YamuxType::GO_AWAY, 0, 0, static_cast<std::uint32_t>(YamuxGoAwayCode::PROTOCOL_ERROR));
    localGoAway_ = true;
  }
  failed_ = true;
  return error;
}

std::vector<std::uint8_t> YamuxSession::takeOutput() { return std::exchange(out_, {}); }

std::optional<YamuxEvent> YamuxSession::nextEvent() {
  if (events_.empty()) return std::nullopt;
  YamuxEvent e = events_.front();
  events_.pop_front();
  return e;
}

lezpay::util::Status YamuxSession::feed(std::span<const std::uint8_t> bytes) {
  if (failed_) return makeError(ErrorCode::YAMUX_SESSION_FAILED, "the Yamux session already failed");
  if (inPos_ == in_.size()) {
    in_.clear();
    inPos_ = 0;
  }
  in_.insert(in_.end(), bytes.begin(), bytes.end());
  for (;;) {
    std::size_t avail = in_.size() - inPos_;
    if (skip_ > 0) {
      const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(skip_, avail));
      inPos_ += n;
      skip_ -= n;
      if (skip_ > 0) break;
      continue;
    }
    if (avail < kYamuxHeaderBytes) break;
    auto h = decodeYamuxHeader(std::span<const std::uint8_t>(in_).subspan(inPos_, kYamuxHeaderBytes));
    if (!h.ok()) return fail(h.error());
    std::size_t payloadLen = 0;
    if (h->type == YamuxType::DATA) {
      if (h->streamId == 0) {
        return fail(makeError(ErrorCode::YAMUX_BAD_STREAM_ID, "a Yamux data frame on stream 0"));
      }
      auto it = streams_.find(h->streamId);
      const bool opening = (h->flags & yamux_flag::SYN) != 0;
      if (it == streams_.end() && !opening) {
        // Data for a stream we do not hold (closed, reset or refused): drop it unbuffered.
        inPos_ += kYamuxHeaderBytes;
        skip_ = h->length;
        continue;
      }
      const std::uint32_t window = it != streams_.end() ? it->second.recvWindow : kYamuxInitialWindow;
      if (h->length > window) {
        return fail(makeError(ErrorCode::YAMUX_WINDOW_EXCEEDED, "the peer sent " + std::to_string(h->length) +
                                                                    " bytes on stream " + idText(h->streamId) +
                                                                    " with only " + std::to_string(window) + " of window"));
      }
      payloadLen = h->length;
      if (avail < kYamuxHeaderBytes + payloadLen) break;
    }
    const std::span<const std::uint8_t> payload(in_.data() + inPos_ + kYamuxHeaderBytes, payloadLen);
    auto s = handleFrame(*h, payload);
    if (!s.ok()) return fail(s.error());
    inPos_ += kYamuxHeaderBytes + payloadLen;
  }
  if (inPos_ == in_.size()) {
    in_.clear();
    inPos_ = 0;
  } else if (inPos_ > 65536) {
    in_.erase(in_.begin(), in_.begin() + static_cast<std::ptrdiff_t>(inPos_));
    inPos_ = 0;
  }
  return lezpay::util::okStatus();
}

lezpay::util::Status YamuxSession::handleFrame(const YamuxHeader& h, std::span<const std::uint8_t> payload) {
  if (h.type == YamuxType::PING) {
    if (h.streamId != 0) {
      return makeError(ErrorCode::YAMUX_BAD_STREAM_ID, "a Yamux ping on stream " + idText(h.streamId) + " instead of 0");
    }
    if (h.flags == yamux_flag::SYN) {
      queueFrame(YamuxType::PING, yamux_flag::ACK, 0, h.length);
    } else if (h.flags == yamux_flag::ACK) {
      // An answer to a ping we did not send (or an old one) is ignored.
      if (pingOutstanding_ && *pingOutstanding_ == h.length) {
        pingOutstanding_.reset();
        events_.push_back({YamuxEventType::PING_ACK, 0, h.length});
      }
    } else {
      return makeError(ErrorCode::YAMUX_BAD_FLAGS, "a Yamux ping must carry exactly SYN or ACK, got flags " + std::to_string(h.flags));
    }
    return lezpay::util::okStatus();
  }
  if (h.type == YamuxType::GO_AWAY) {
    if (h.streamId != 0) {
      return makeError(ErrorCode::YAMUX_BAD_STREAM_ID, "a Yamux go-away on stream " + idText(h.streamId) + " instead of 0");
    }
    if (!remoteGoAway_) events_.push_back({YamuxEventType::GO_AWAY, 0, h.length});
    remoteGoAway_ = true;
    return lezpay::util::okStatus();
  }
  const std::uint32_t id = h.streamId;
  if (id == 0) return makeError(ErrorCode::YAMUX_BAD_STREAM_ID, "a Yamux data or window-update frame on stream 0");
  if (h.flags & yamux_flag::SYN) {
    if (ours(id)) {
      return makeError(ErrorCode::YAMUX_BAD_STREAM_ID, "the peer opened stream " + idText(id) + ", whose parity is ours");
    }
    if (streams_.count(id) != 0) {
      return makeError(ErrorCode::YAMUX_BAD_STREAM_ID, "the peer opened stream " + idText(id) + ", which is already open");
    }
    if (localGoAway_ || streams_.size() >= config_.maxStreams) {
      queueFrame(YamuxType::WINDOW_UPDATE, yamux_flag::RST, id, 0);
      return lezpay::util::okStatus();
    }
    Stream s;
    s.acked = true;
    s.sendCredit = config_.peerInitialWindow;
    streams_.emplace(id, std::move(s));
    queueFrame(YamuxType::WINDOW_UPDATE, yamux_flag::ACK, id, 0);
    events_.push_back({YamuxEventType::STREAM_OPENED, id, 0});
  }
  auto it = streams_.find(id);
  if (it == streams_.end()) return lezpay::util::okStatus();  // a straggler for a stream we forgot
  Stream& s = it->second;
  if ((h.flags & yamux_flag::ACK) && s.outbound && !s.acked) {
    s.acked = true;
    --unackedOutbound_;
  }
  if (h.type == YamuxType::WINDOW_UPDATE) {
    s.sendCredit += h.length;
  } else if (!payload.empty() && !s.remoteFin) {
    s.recvWindow -= static_cast<std::uint32_t>(payload.size());
    s.recvBuf.insert(s.recvBuf.end(), payload.begin(), payload.end());
    events_.push_back({YamuxEventType::STREAM_DATA, id, static_cast<std::uint32_t>(payload.size())});
  }
  if (h.flags & yamux_flag::RST) {
    if (s.outbound && !s.acked) --unackedOutbound_;
    streams_.erase(it);
    events_.push_back({YamuxEventType::STREAM_RESET, id, 0});
    return lezpay::util::okStatus();
  }
  if ((h.flags & yamux_flag::FIN) && !s.remoteFin) {
    s.remoteFin = true;
    events_.push_back({YamuxEventType::STREAM_REMOTE_CLOSED, id, 0});
  }
  flush(id, s);
  maybeForget(id);
  return lezpay::util::okStatus();
}

void YamuxSession::flush(std::uint32_t id, Stream& s) {
  while (s.sendPos < s.sendBuf.size() && s.sendCredit > 0) {
    const std::size_t n = static_cast<std::size_t>(
        std::min<std::uint64_t>({s.sendBuf.size() - s.sendPos, s.sendCredit, kYamuxMaxDataFrame}));
    queueFrame(YamuxType::DATA, 0, id, static_cast<std::uint32_t>(n), std::span<const std::uint8_t>(s.sendBuf).subspan(s.sendPos, n));
    s.sendCredit -= n;
    s.sendPos += n;
  }
  if (s.sendPos == s.sendBuf.size()) {
    s.sendBuf.clear();
    s.sendPos = 0;
  }
  if (s.localFin && !s.finSent && s.sendBuf.empty()) {
    queueFrame(YamuxType::WINDOW_UPDATE, yamux_flag::FIN, id, 0);
    s.finSent = true;
  }
}

void YamuxSession::maybeForget(std::uint32_t id) {
  auto it = streams_.find(id);
  if (it == streams_.end()) return;
  const Stream& s = it->second;
  if (s.finSent && s.remoteFin && s.recvPos == s.recvBuf.size()) {
    if (s.outbound && !s.acked) --unackedOutbound_;
    streams_.erase(it);
  }
}

lezpay::util::Result<std::uint32_t> YamuxSession::openStream() {
  if (failed_) return makeError(ErrorCode::YAMUX_SESSION_FAILED, "the Yamux session already failed");
  if (goingAway()) return makeError(ErrorCode::YAMUX_GOING_AWAY, "the Yamux session is going away; no new streams");
  if (streams_.size() >= config_.maxStreams) {
    return makeError(ErrorCode::YAMUX_TOO_MANY_STREAMS, "already " + std::to_string(streams_.size()) + " streams open on this connection");
  }
  if (unackedOutbound_ >= config_.maxUnackedOutbound) {
    return makeError(ErrorCode::YAMUX_TOO_MANY_STREAMS,
                     "already " + std::to_string(unackedOutbound_) + " opened streams are waiting for the peer's ACK");
  }
  if (nextId_ > std::numeric_limits<std::uint32_t>::max() - 2) {
    return makeError(ErrorCode::YAMUX_TOO_MANY_STREAMS, "this connection used up its Yamux stream ids");
  }
  const std::uint32_t id = nextId_;
  nextId_ += 2;
  Stream s;
  s.outbound = true;
  s.sendCredit = config_.peerInitialWindow;
  streams_.emplace(id, std::move(s));
  ++unackedOutbound_;
  queueFrame(YamuxType::WINDOW_UPDATE, yamux_flag::SYN, id, 0);
  return id;
}

lezpay::util::Status YamuxSession::write(std::uint32_t id, std::span<const std::uint8_t> data) {
  if (failed_) return makeError(ErrorCode::YAMUX_SESSION_FAILED, "the Yamux session already failed");
  auto it = streams_.find(id);
  if (it == streams_.end()) return makeError(ErrorCode::YAMUX_UNKNOWN_STREAM, "no open Yamux stream " + idText(id));
  Stream& s = it->second;
  if (s.localFin) return makeError(ErrorCode::YAMUX_STREAM_CLOSED, "Yamux stream " + idText(id) + " is closed for writing");
  s.sendBuf.insert(s.sendBuf.end(), data.begin(), data.end());
  flush(id, s);
  return lezpay::util::okStatus();
}

std::vector<std::uint8_t> YamuxSession::read(std::uint32_t id, std::size_t max) {
  auto it = streams_.find(id);
  if (it == streams_.end()) return {};
  Stream& s = it->second;
  const std::size_t n = std::min(max, s.recvBuf.size() - s.recvPos);
  std::vector<std::uint8_t> out(s.recvBuf.begin() + static_cast<std::ptrdiff_t>(s.recvPos),
                                s.recvBuf.begin() + static_cast<std::ptrdiff_t>(s.recvPos + n));
  s.recvPos += n;
  if (s.recvPos == s.recvBuf.size()) {
    s.recvBuf.clear();
    s.recvPos = 0;
  }
  s.unGranted += static_cast<std::uint32_t>(n);
  // Grant consumed credit back in half-window steps (fewer frames than per read, never a stall:
  // the peer keeps at least half a window while we hold back the rest).
  if (!s.remoteFin && !failed_ && s.unGranted >= kYamuxInitialWindow / 2) {
    queueFrame(YamuxType::WINDOW_UPDATE, 0, id, s.unGranted);
    s.recvWindow += s.unGranted;
    s.unGranted = 0;
  }
  maybeForget(id);
  return out;
}

lezpay::util::Status YamuxSession::closeWrite(std::uint32_t id) {
  if (failed_) return makeError(ErrorCode::YAMUX_SESSION_FAILED, "the Yamux session already failed");
  auto it = streams_.find(id);
  if (it == streams_.end()) return makeError(ErrorCode::YAMUX_UNKNOWN_STREAM, "no open Yamux stream " + idText(id));
  it->second.localFin = true;
  flush(id, it->second);
  maybeForget(id);
  return lezpay::util::okStatus();
}

lezpay::util::Status YamuxSession::reset(std::uint32_t id) {
  if (failed_) return makeError(ErrorCode::YAMUX_SESSION_FAILED, "the Yamux session already failed");
  auto it = streams_.find(id);
  if (it == streams_.end()) return makeError(ErrorCode::YAMUX_UNKNOWN_STREAM, "no open Yamux stream " + idText(id));
  if (it->second.outbound && !it->second.acked) --unackedOutbound_;
  streams_.erase(it);
  queueFrame(YamuxType::WINDOW_UPDATE, yamux_flag::RST, id, 0);
  return lezpay::util::okStatus();
}

lezpay::util::Status YamuxSession::ping(std::uint32_t value) {
  if (failed_) return makeError(ErrorCode::YAMUX_SESSION_FAILED, "the Yamux session already failed");
  pingOutstanding_ = value;
  queueFrame(YamuxType::PING, yamux_flag::SYN, 0, value);
  return lezpay::util::okStatus();
}

void YamuxSession::goAway(YamuxGoAwayCode code) {
  if (failed_ || localGoAway_) return;
  queueFrame(YamuxType::GO_AWAY, 0, 0, static_cast<std::uint32_t>(code));
  localGoAway_ = true;
}

std::size_t YamuxSession::readable(std::uint32_t id) const {
  auto it = streams_.find(id);
  return it == streams_.end() ? 0 : it->second.recvBuf.size() - it->second.recvPos;
}

std::size_t YamuxSession::queuedForSend(std::uint32_t id) const {
  auto it = streams_.find(id);
  return it == streams_.end() ? 0 : it->second.sendBuf.size() - it->second.sendPos;
}

std::uint64_t YamuxSession::sendCredit(std::uint32_t id) const {
  auto it = streams_.find(id);
  return it == streams_.end() ? 0 : it->second.sendCredit;
}

bool YamuxSession::remoteClosed(std::uint32_t id) const {
  auto it = streams_.find(id);
  return it == streams_.end() || it->second.remoteFin;
}

}  // namespace lezpay::libp2p
