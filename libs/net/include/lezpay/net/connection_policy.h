#pragma once
// The rules that keep one HTTP connection from holding the server hostage, as pure values: no
// sockets, no clock (times are milliseconds from any monotonic origin, passed in). HttpServer
// feeds its events in and obeys the answers; unit tests drive the same rules without a network.
//
// - A request must arrive whole (head and body) within requestTimeoutMs of its first byte; the
//   deadline is not pushed back by further bytes, so a byte-a-second client cannot keep it alive.
// - Between requests, and from accept to the first byte, a connection may stay quiet for
//   idleTimeoutMs; answers owed by a handler stop that clock (the wait is the server's).
// - Answers the client does not read: once maxUnreadOutputBytes are queued, or
//   maxPipelinedRequests are taken and not yet written, the server stops reading that socket (no
//   parsing, no handler) until the client drains. If it drains nothing for writeStallTimeoutMs,
//   the connection is closed.
// - Admission at the connection cap (pickAdmission): the server evicts the connection that waits
//   on its client and has made the least progress (a complete request taken or answer bytes
//   written), preferring the client address that holds the most connections; a connection that
//   waits on the server (handler running, answer unwritten) is never evicted. Only when every
//   connection waits on the server is the new one refused with 503. Loopback peers share the
//   global cap; other addresses are held to maxConnectionsPerAddress (docs/decisions.md).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lezpay::net {

struct ConnectionLimits {
  int requestTimeoutMs = 10000;
  int idleTimeoutMs = 30000;
  int writeStallTimeoutMs = 30000;
  std::size_t maxUnreadOutputBytes = 1024 * 1024;
  std::size_t maxPipelinedRequests = 16;
};

// What the server must do with a connection now.
enum class ConnectionAction {
  None,
  Answer408AndClose,  // the request did not arrive in time and no answer is owed
  Close,              // idle too long, or the client reads nothing while answers wait
};

class ConnectionClock {
 public:
  ConnectionClock(ConnectionLimits limits, std::int64_t acceptedAtMs)
      : limits_(limits), idleSince_(acceptedAtMs), progress_(acceptedAtMs) {}

  // Bytes of a request arrived (the first of them starts the request deadline).
  void onBytesReceived(std::int64_t nowMs);
  // A complete request was taken; `partialBuffered` = bytes of the next one are already held.
  void onRequestTaken(std::int64_t nowMs, bool partialBuffered);
  // Answer bytes were handed to the socket; `unwritten` = bytes the socket still holds.
  void onAnswerQueued(std::int64_t nowMs, std::size_t unwritten);
  // The socket wrote bytes to the client; `unwritten` = bytes it still holds. Once nothing is
  // left the idle clock starts.
  void onBytesWritten(std::int64_t nowMs, std::size_t unwritten);

  // May the server read and parse more from this socket? `unreadOutput` = answer bytes not yet
  // written to the client, `owed` = requests taken and not yet fully written out.
  bool mayRead(std::size_t unreadOutput, std::size_t owed) const {
    return unreadOutput < limits_.maxUnreadOutputBytes && owed < limits_.maxPipelinedRequests;
  }

  ConnectionAction due(std::int64_t nowMs, std::size_t owed, std::size_t unwritten) const;

  // For eviction: when the connection last completed a request or wrote answer bytes.
  std::int64_t lastProgressMs() const { return progress_; }
  bool requestInProgress() const { return requestStart_.has_value(); }
  const ConnectionLimits& limits() const { return limits_; }

 private:
  ConnectionLimits limits_;
  std::optional<std::int64_t> requestStart_;
  std::optional<std::int64_t> stalledSince_;  // answer bytes waiting on the client since
  std::int64_t idleSince_;
  std::int64_t progress_;
};

struct AdmissionCandidate {
  std::string address;       // peer address as text
  bool loopback = false;
  bool waitsOnServer = false;  // handler running or answer unwritten: never evicted
  std::int64_t lastProgressMs = 0;
};

struct Admission {
  enum class Kind { Admit, Evict, Refuse } kind = Kind::Admit;
  std::size_t victim = 0;  // index into the candidates when kind == Evict
};

// Decides on a new connection from `address` given the open ones (`open`, not closing).
Admission pickAdmission(const std::vector<AdmissionCandidate>& open, const std::string& address, bool loopback,
                        std::size_t maxConnections, std::size_t maxConnectionsPerAddress);

}  // namespace lezpay::net
