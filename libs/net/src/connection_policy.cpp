#include "lezpay/net/connection_policy.h"

#include <map>

namespace lezpay::net {

void ConnectionClock::onBytesReceived(std::int64_t nowMs) {
  if (!requestStart_) requestStart_ = nowMs;
}

void ConnectionClock::onRequestTaken(std::int64_t nowMs, bool partialBuffered) {
  progress_ = nowMs;
  if (partialBuffered) {
    requestStart_ = nowMs;
  } else {
    requestStart_.reset();
  }
}

void ConnectionClock::onAnswerQueued(std::int64_t nowMs, std::size_t unwritten) {
  if (unwritten > 0 && !stalledSince_) stalledSince_ = nowMs;
}

void ConnectionClock::onBytesWritten(std::int64_t nowMs, std::size_t unwritten) {
  progress_ = nowMs;
  if (unwritten > 0) {
    stalledSince_ = nowMs;
  } else {
    stalledSince_.reset();
    idleSince_ = nowMs;
  }
}

ConnectionAction ConnectionClock::due(std::int64_t nowMs, std::size_t owed, std::size_t unwritten) const {
  if (requestStart_ && nowMs - *requestStart_ >= limits_.requestTimeoutMs) {
    return owed == 0 && unwritten == 0 ? ConnectionAction::Answer408AndClose : ConnectionAction::Close;
  }
  if (unwritten > 0 && stalledSince_ && nowMs - *stalledSince_ >= limits_.writeStallTimeoutMs) return ConnectionAction::Close;
  if (!requestStart_ && owed == 0 && unwritten == 0 && nowMs - idleSince_ >= limits_.idleTimeoutMs) return ConnectionAction::Close;
  return ConnectionAction::None;
}

namespace {

// Among evictable candidates accepted by `eligible`, the one whose address holds the most
// connections, then the one with the oldest progress.
template <typename Eligible>
std::optional<std::size_t> leastDeserving(const std::vector<AdmissionCandidate>& open, Eligible eligible) {
  std::map<std::string, std::size_t> perAddress;
  for (const auto& c : open) ++perAddress[c.address];
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < open.size(); ++i) {
    const auto& c = open[i];
    if (c.waitsOnServer || !eligible(c)) continue;
    if (!best) {
      best = i;
      continue;
    }
    const auto& b = open[*best];
    const std::size_t cn = perAddress[c.address], bn = perAddress[b.address];
    if (cn > bn || (cn == bn && c.lastProgressMs < b.lastProgressMs)) best = i;
  }
  return best;
}

Admission evictOrRefuse(std::optional<std::size_t> victim) {
  if (!victim) return {Admission::Kind::Refuse, 0};
  return {Admission::Kind::Evict, *victim};
}

}  // namespace

Admission pickAdmission(const std::vector<AdmissionCandidate>& open, const std::string& address, bool loopback,
                        std::size_t maxConnections, std::size_t maxConnectionsPerAddress) {
  if (!loopback) {
    std::size_t same = 0;
    for (const auto& c : open) same += c.address == address ? 1 : 0;
    if (same >= maxConnectionsPerAddress) {
      return evictOrRefuse(leastDeserving(open, [&](const AdmissionCandidate& c) { return c.address == address; }));
    }
  }
  if (open.size() < maxConnections) return {Admission::Kind::Admit, 0};
  return evictOrRefuse(leastDeserving(open, [](const AdmissionCandidate&) { return true; }));
}

}  // namespace lezpay::net
