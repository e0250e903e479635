#include "store_service.h"

#include <QElapsedTimer>
#include <QLoggingCategory>

#include "archive_mapping.h"
#include "delivery/store_request_policy.h"
#include "lezpay/util/hex.h"
#include "lezpay/util/sha256.h"
#include "logos/eligibility.h"
#include "waku/canonical_request.h"
#include "waku/store_codec.h"

Q_LOGGING_CATEGORY(lcStore, "lezpay.delivery.store")

namespace delivery {
namespace {

std::int64_t monotonicMs() {
  static QElapsedTimer clock = [] {
    QElapsedTimer t;
    t.start();
    return t;
  }();
  return clock.elapsed();
}

waku::StoreQueryResponse responseFor(const std::string& requestId, waku::StatusCode code, std::string desc) {
  waku::StoreQueryResponse r;
  r.request_id = requestId;
  r.status_code = code;
  r.status_desc = std::move(desc);
  return r;
}

}  // namespace

StoreService::StoreService(lezpay::archive::Archive* archive, const HookRegistry* verifiers, HookCall call, Options options)
    : archive_(archive), verifiers_(verifiers), call_(std::move(call)), options_(options), limiter_(options.maxRequestsPerSecond) {}

StoreService::~StoreService() = default;

transport::Bytes StoreService::oversizedResponse(const lezpay::util::Error& error) {
  return waku::encodeStoreQueryResponse(
      responseFor("", waku::StatusCode::BAD_REQUEST, "decoding rpc failed: request larger than " +
                                                        std::to_string(waku::kMaxStoreRequestBytes) + " bytes: " + error.message));
}

StoreService::RequestKey StoreService::requestKey(const std::string& peerId, const transport::Bytes& request) {
  // Length-prefixed peer id, then the request: one peer's bytes never collide with another's.
  transport::Bytes keyed;
  keyed.reserve(4 + peerId.size() + request.size());
  const auto n = static_cast<std::uint32_t>(peerId.size());
  for (int i = 0; i < 4; ++i) keyed.push_back(static_cast<std::uint8_t>(n >> (8 * i)));
  keyed.insert(keyed.end(), peerId.begin(), peerId.end());
  keyed.insert(keyed.end(), request.begin(), request.end());
  return lezpay::util::sha256(keyed);
}

void StoreService::handleWire(transport::Bytes bytes, const transport::Remote& remote, transport::Respond respond) {
  auto request = waku::decodeStoreQueryRequest(bytes);
  if (!request.ok()) {
    qCInfo(lcStore, "refused an undecodable request from %s: %s", remote.address.c_str(), request.error().message.c_str());
    respond(waku::encodeStoreQueryResponse(
        responseFor("", waku::StatusCode::BAD_REQUEST, "decoding rpc failed: " + request.error().message)));
    return;
  }
  if (!request->eligibility_proof) {
    if (!limiter_.tryAcquire(monotonicMs())) {
      respond(waku::encodeStoreQueryResponse(responseFor(request->request_id, waku::StatusCode::TOO_MANY_REQUESTS, "TOO_MANY_REQUESTS")));
      return;
    }
    handle(std::move(request).value(), true, remote.peerId, [respond](waku::StoreQueryResponse r) {
      respond(waku::encodeStoreQueryResponse(r));
    });
    return;
  }
  // A paid request: its retry after an undelivered answer gets that answer (see the header).
  const RequestKey key = requestKey(remote.peerId, bytes);
  dropExpiredUndelivered(monotonicMs());
  if (auto kept = undelivered_.find(key); kept != undelivered_.end()) {
    qCInfo(lcStore, "request %s: retry from %s answered with the answer that was not delivered", request->request_id.c_str(),
           remote.address.c_str());
    transport::Bytes response = std::move(kept->second.response);
    undeliveredBytes_ -= response.size();
    undelivered_.erase(kept);
    std::erase(undeliveredOrder_, key);
    respond(std::move(response));
    return;
  }
  if (auto running = inFlight_.find(key); running != inFlight_.end()) {
    running->second.push_back(std::move(respond));
    return;
  }
  if (!limiter_.tryAcquire(monotonicMs())) {
    respond(waku::encodeStoreQueryResponse(responseFor(request->request_id, waku::StatusCode::TOO_MANY_REQUESTS, "TOO_MANY_REQUESTS")));
    return;
  }
  inFlight_[key];
  std::weak_ptr<int> alive = alive_;
  handle(std::move(request).value(), true, remote.peerId, [this, alive, key, respond](waku::StoreQueryResponse r) {
    const transport::Bytes encoded = waku::encodeStoreQueryResponse(r);
    std::vector<transport::Respond> copies;
    if (!alive.expired()) {
      if (auto it = inFlight_.find(key); it != inFlight_.end()) {
        copies = std::move(it->second);
        inFlight_.erase(it);
      }
    }
    respond(encoded);
    for (auto& copy : copies) copy(encoded);
  });
}

void StoreService::undelivered(const transport::Remote& remote, const transport::Bytes& request, transport::Bytes response) {
  auto decoded = waku::decodeStoreQueryRequest(request);
  if (!decoded.ok() || !decoded->eligibility_proof) return;  // nothing was paid for
  if (response.size() > kMaxUndeliveredBytes) return;
  const RequestKey key = requestKey(remote.peerId, request);
  const std::int64_t now = monotonicMs();
  dropExpiredUndelivered(now);
  if (undelivered_.count(key) != 0) return;
  while (!undeliveredOrder_.empty() &&
         (undelivered_.size() >= kMaxUndelivered || undeliveredBytes_ + response.size() > kMaxUndeliveredBytes)) {
    auto oldest = undelivered_.find(undeliveredOrder_.front());
    undeliveredBytes_ -= oldest->second.response.size();
    undelivered_.erase(oldest);
    undeliveredOrder_.pop_front();
  }
  qCInfo(lcStore, "request %s: answer not delivered; kept for a retry of the same request", decoded->request_id.c_str());
  undeliveredBytes_ += response.size();
  undelivered_[key] = KeptAnswer{std::move(response), now};
  undeliveredOrder_.push_back(key);
}

void StoreService::dropExpiredUndelivered(std::int64_t nowMs) {
  while (!undeliveredOrder_.empty()) {
    auto oldest = undelivered_.find(undeliveredOrder_.front());
    if (nowMs - oldest->second.keptAtMs < kUndeliveredTtlMs) return;
    undeliveredBytes_ -= oldest->second.response.size();
    undelivered_.erase(oldest);
    undeliveredOrder_.pop_front();
  }
}

void StoreService::handle(waku::StoreQueryRequest request, bool verify, const std::string& requester, Done done) {
  auto selection = selectionFromRequest(request);
  if (!selection.ok()) {
    const auto rej = toRejection(selection.error());
    qCInfo(lcStore, "request %s refused: %s", request.request_id.c_str(), rej.desc.c_str());
    return done(responseFor(request.request_id, rej.status, rej.desc));
  }
  if (archive_ == nullptr) {
    return done(responseFor(request.request_id, waku::StatusCode::SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE: the archive is unavailable"));
  }
  const auto verifier = verify ? verifiers_->lookup(request.eligibility_proof ? proofArm(*request.eligibility_proof) : "") : std::nullopt;
  if (!verifier) return answerFromArchive(request, std::move(done));

  if (pending_ >= options_.maxPending) {
    return done(responseFor(request.request_id, waku::StatusCode::TOO_MANY_REQUESTS, "TOO_MANY_REQUESTS"));
  }
  const std::string proofHex = request.eligibility_proof ? lezpay::util::toHex(*request.eligibility_proof) : std::string();
  request.eligibility_proof.reset();  // N8 never covers field 30; the archive never sees it
  const nlohmann::json params{{"proof_hex", proofHex},
                              {"canonical_request_hex", lezpay::util::toHex(waku::canonicalStoreRequest(request))},
                              {"requester_peer_id", requester}};
  ++pending_;
  std::weak_ptr<int> alive = alive_;
  // The page read while the verifier works (overlap, store_service.h); empty until read, and
  // never read once the verdict came first (an answer from a module that is not there).
  auto early = std::make_shared<std::optional<waku::StoreQueryResponse>>();
  auto answered = std::make_shared<bool>(false);
  call_(*verifier, std::string(logos::eligibility::kVerifyOperation), params, static_cast<int>(options_.hookTimeoutMs),
        [this, alive, request, done, requester, early, answered, module = *verifier](const nlohmann::json& answer) {
          *answered = true;
          if (alive.expired()) return;
          --pending_;
          const Verdict v = verdictFromAnswer(answer);
          noteVerdict(requester, v.code == waku::EligibilityCode::OK);
          if (v.code != waku::EligibilityCode::OK) {
            if (early->has_value()) ++overlapDiscarded_;
            qCInfo(lcStore, "request %s from peer '%s' not eligible (%s from %s): %s", request.request_id.c_str(), requester.c_str(),
                   std::string(waku::toString(v.code)).c_str(), module.c_str(), v.desc.c_str());
            // The verdict is also in status_desc: clients that do not read tag 30 (js-waku shows
            // only status_code and status_desc in its error) still tell the caller why.
            auto r = responseFor(request.request_id, waku::StatusCode::BAD_REQUEST,
                                 "BAD_REQUEST: " + std::string(waku::toString(v.code)) + ": " + v.desc);
            r.eligibility_status = waku::EligibilityStatus{v.code, v.desc};
            return done(std::move(r));
          }
          if (!early->has_value()) return answerFromArchive(request, done);
          ++served_;
          done(std::move(**early));
        });
  if (!*answered && !requester.empty() && lastVerdictOk_.count(requester) != 0) {
    ++overlapped_;
    *early = archivePage(request);
  }
}

void StoreService::answerFromArchive(const waku::StoreQueryRequest& request, Done done) {
  ++served_;
  done(archivePage(request));
}

waku::StoreQueryResponse StoreService::archivePage(const waku::StoreQueryRequest& request) const {
  auto selection = selectionFromRequest(request).value();  // checked by handle()
  auto r = responseFor(request.request_id, waku::StatusCode::SUCCESS, "OK");
  if (selection.matches_nothing) return r;
  auto page = archive_->query(toArchiveQuery(selection));
  if (!page.ok()) {
    qCWarning(lcStore, "request %s: archive error %s: %s", request.request_id.c_str(), page.error().code.c_str(),
              page.error().message.c_str());
    fillArchiveError(r, page.error());
  } else {
    fillResponse(r, selection, page.value());
  }
  return r;
}

void StoreService::noteVerdict(const std::string& requester, bool ok) {
  if (requester.empty()) return;
  if (!ok) {
    lastVerdictOk_.erase(requester);
    return;
  }
  // Bounded by forgetting everyone at once: a peer forgotten only loses the overlap until its next OK.
  if (lastVerdictOk_.size() >= kMaxOverlapPeers && lastVerdictOk_.count(requester) == 0) lastVerdictOk_.clear();
  lastVerdictOk_.insert(requester);
}

}  // namespace delivery
