#pragma once
// Store v3 server (waku-store.md §2-§5): decodes a request, refuses what the policy refuses,
// asks the registered eligibility verifier (when one is registered) and answers from the
// archive. Transport-free: the node plugs handleWire() into the listener, and queryLocal()
// serves queryLocalArchive.
//
// Order of checks: decode (400 "decoding rpc failed: …", empty request_id) → rate limit (429)
// → policy (400 / 300) → archive present (503) → eligibility (400 "BAD_REQUEST" with tag 30, archive
// untouched) → archive (200, or 300 / 503 on archive errors). Every response we can attribute
// echoes the request_id.
//
// Eligibility: the proof (field 30) is stripped, N8 is built from the decoded request, and the
// verifier registered for the proof's arm is asked through `verify` (asynchronous: ModuleContext
// callAsync) with the requester peer id the transport authenticated ("" over plain TCP). While it answers, the node keeps serving; at most maxPending requests may wait
// (429 beyond). Verdicts map per interfaces/logos/eligibility.h (delivery/hook_routing.h).
//
// Answers that did not reach the peer (docs/decisions.md "A paid Store answer that was not
// delivered"): the verifier records a request id as served before the answer is written, so a
// retry of the same request would be refused as a replay although the user never got the answer.
// The transport reports such answers (undelivered()); an answer to a request that carried an
// eligibility proof is kept, keyed by the SHA-256 of the requester peer id and the exact request
// bytes, and the retry of the same bytes by the same peer gets that same answer without a second
// verification (another peer sending the same bytes is verified, and refused by the session's peer
// binding). Bounds: kMaxUndelivered
// answers, kMaxUndeliveredBytes in all, each kept kUndeliveredTtlMs; the oldest goes first. A
// retry that arrives while the first copy is still being verified waits for and gets the same
// answer. Identical bytes only: the same proof for another query is still a replay.
//
// Overlap (docs/decisions.md "The paid path as fast as the free one"): for a peer whose last
// verdict was OK, the archive page is read while the verifier checks the proof (the hook request
// is sent first; the verifier runs in its own process or thread), and sent only when the verdict
// is OK; a refusal discards it and the peer loses the overlap until its next OK. A peer that never
// paid gets no archive work before its verdict. The page reflects the archive when the request was
// read, as an answer read after the verdict would have at that moment.

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "delivery/hook_routing.h"
#include "delivery/rate_limiter.h"
#include "lezpay/archive/archive.h"
#include "transport/protocol_handler.h"
#include "waku/store_common.h"

namespace delivery {

// Runs `operation` on `module` asynchronously; `done` gets the answer envelope exactly once on the
// node's thread.
using HookCall = std::function<void(const std::string& module, const std::string& operation, const nlohmann::json& params,
                                    int timeoutMs, std::function<void(const nlohmann::json&)> done)>;

class StoreService {
 public:
  struct Options {
    std::uint64_t maxRequestsPerSecond = 0;
    std::uint64_t maxPending = 256;
    std::uint64_t hookTimeoutMs = 10000;
  };
  using Done = std::function<void(waku::StoreQueryResponse)>;

  // `archive` may be null (the node could not open it): queries answer 503. `verifiers` is the
  // node's registry, read at each request.
  StoreService(lezpay::archive::Archive* archive, const HookRegistry* verifiers, HookCall call, Options options);
  ~StoreService();

  // Wire entry point (the listener's ProtocolHandler).
  void handleWire(transport::Bytes request, const transport::Remote& remote, transport::Respond respond);
  // The transport could not deliver `response` to `request` (ProtocolHandler::onUndelivered).
  void undelivered(const transport::Remote& remote, const transport::Bytes& request, transport::Bytes response);
  // The 400 answer for a request frame above kMaxStoreRequestBytes.
  static transport::Bytes oversizedResponse(const lezpay::util::Error& error);

  // A decoded request; `verify` false skips the eligibility hook (queryLocalArchive: the caller
  // has its own payment gate) and the rate limit.
  void handle(waku::StoreQueryRequest request, bool verify, const std::string& requester, Done done);

  std::uint64_t served() const { return served_; }
  // Pages read while the verifier checked (overlap above), and those a refusal discarded.
  std::uint64_t overlapped() const { return overlapped_; }
  std::uint64_t overlapDiscarded() const { return overlapDiscarded_; }
  static constexpr std::size_t kMaxOverlapPeers = 4096;
  std::size_t undeliveredKept() const { return undelivered_.size(); }

  static constexpr std::size_t kMaxUndelivered = 256;
  static constexpr std::size_t kMaxUndeliveredBytes = 64u << 20;
  static constexpr std::int64_t kUndeliveredTtlMs = 10 * 60 * 1000;
  std::uint64_t pending() const { return pending_; }

 private:
  using RequestKey = std::array<std::uint8_t, 32>;
  struct KeptAnswer {
    transport::Bytes response;
    std::int64_t keptAtMs = 0;
  };
  static RequestKey requestKey(const std::string& peerId, const transport::Bytes& request);
  void answerFromArchive(const waku::StoreQueryRequest& request, Done done);
  waku::StoreQueryResponse archivePage(const waku::StoreQueryRequest& request) const;
  void noteVerdict(const std::string& requester, bool ok);
  void dropExpiredUndelivered(std::int64_t nowMs);

  lezpay::archive::Archive* archive_;
  const HookRegistry* verifiers_;
  HookCall call_;
  Options options_;
  RateLimiter limiter_;
  std::uint64_t pending_ = 0;
  std::uint64_t served_ = 0;
  std::uint64_t overlapped_ = 0;
  std::uint64_t overlapDiscarded_ = 0;
  std::unordered_set<std::string> lastVerdictOk_;  // peers (never "") whose last verdict was OK; bounded by kMaxOverlapPeers
  std::map<RequestKey, KeptAnswer> undelivered_;
  std::deque<RequestKey> undeliveredOrder_;  // oldest first
  std::size_t undeliveredBytes_ = 0;
  std::map<RequestKey, std::vector<transport::Respond>> inFlight_;  // paid requests being verified: extra copies
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);  // verifier answers after destruction are dropped
};

}  // namespace delivery
