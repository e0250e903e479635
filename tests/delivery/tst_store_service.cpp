// The Store server logic against a real SQLite archive: pagination edge cases (empty result, last
// page, cursor at the boundary, both directions), refusals (decode, policy, 429, 503), and the
// eligibility hook (N8 passed to the verifier, refusal with tag 30 and no archive access).
#include <QtTest>

#include <QTemporaryDir>
#include <QTimer>

#include "archive_mapping.h"
#include "lezpay/util/hex.h"
#include "store_service.h"
#include "waku/canonical_request.h"
#include "waku/store_codec.h"

using namespace delivery;
using nlohmann::json;

namespace {

constexpr std::int64_t kBase = 1700000000000000000LL;
const std::string kPubsub = "/waku/2/default-waku/proto";
const std::string kTopic = "/lezpay/1/unit/proto";

waku::StoreQueryRequest query(bool forward, std::optional<std::uint64_t> limit = std::nullopt) {
  waku::StoreQueryRequest r;
  r.request_id = "unit";
  r.pubsub_topic = kPubsub;
  r.content_topics = {kTopic};
  r.pagination_forward = forward;
  r.pagination_limit = limit;
  return r;
}

}  // namespace

class TstStoreService : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;
  std::unique_ptr<lezpay::archive::Archive> archive_;
  std::vector<waku::MessageHash> hashes_;  // ascending by timestamp
  HookRegistry noVerifiers_;

  waku::StoreQueryResponse run(StoreService& s, const waku::StoreQueryRequest& r, bool verify = false) {
    std::optional<waku::StoreQueryResponse> out;
    s.handle(r, verify, "", [&](waku::StoreQueryResponse resp) { out = std::move(resp); });
    QDeadlineTimer deadline(5000);
    while (!out && !deadline.hasExpired()) QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    if (!out) {
      waku::StoreQueryResponse none;
      none.status_desc = "no answer within 5 s";
      return none;  // UNKNOWN status: the caller's comparison fails
    }
    return *out;
  }
  std::vector<waku::MessageHash> hashesOf(const waku::StoreQueryResponse& r) {
    std::vector<waku::MessageHash> out;
    for (const auto& m : r.messages) out.push_back(m.message_hash);
    return out;
  }
  std::vector<waku::MessageHash> slice(std::size_t from, std::size_t to) {
    return {hashes_.begin() + static_cast<std::ptrdiff_t>(from), hashes_.begin() + static_cast<std::ptrdiff_t>(to)};
  }

 private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    auto a = lezpay::archive::openArchive({"sqlite:" + dir_.filePath("store.sqlite").toStdString(), {}});
    QVERIFY2(a.ok(), a.ok() ? "" : a.error().message.c_str());
    archive_ = std::move(a).value();
    for (int i = 0; i < 5; ++i) {
      waku::WakuMessage m;
      m.payload = {static_cast<std::uint8_t>(i)};
      m.content_topic = kTopic;
      m.timestamp = kBase + i;
      auto rec = toArchived(kPubsub, m);
      QVERIFY(archive_->insert(rec).ok());
      hashes_.push_back(rec.hash);
    }
  }

  void emptyResultHasNoCursor() {
    StoreService s(archive_.get(), &noVerifiers_, nullptr, {});
    auto r = query(true);
    r.content_topics = {"/nothing/1/here/proto"};
    auto resp = run(s, r);
    QCOMPARE(int(resp.status_code), int(waku::StatusCode::SUCCESS));
    QCOMPARE(resp.status_desc, std::string("OK"));
    QCOMPARE(resp.request_id, std::string("unit"));
    QVERIFY(resp.messages.empty());
    QVERIFY(!resp.pagination_cursor);
  }
  void forwardPagesWithExclusiveCursor() {
    StoreService s(archive_.get(), &noVerifiers_, nullptr, {});
    auto r = query(true, 2);
    auto p1 = run(s, r);
    QCOMPARE(hashesOf(p1), slice(0, 2));
    QCOMPARE(*p1.pagination_cursor, hashes_[1]);
    r.pagination_cursor = p1.pagination_cursor;
    auto p2 = run(s, r);
    QCOMPARE(hashesOf(p2), slice(2, 4));
    r.pagination_cursor = p2.pagination_cursor;
    auto p3 = run(s, r);
    QCOMPARE(hashesOf(p3), slice(4, 5));
    QVERIFY(!p3.pagination_cursor);  // last page
  }
  void backwardPagesAreAscendingWithinEachPage() {
    StoreService s(archive_.get(), &noVerifiers_, nullptr, {});
    auto r = query(false, 2);
    auto p1 = run(s, r);
    QCOMPARE(hashesOf(p1), slice(3, 5));
    QCOMPARE(*p1.pagination_cursor, hashes_[3]);  // first returned entry
    r.pagination_cursor = p1.pagination_cursor;
    auto p2 = run(s, r);
    QCOMPARE(hashesOf(p2), slice(1, 3));
    r.pagination_cursor = p2.pagination_cursor;
    auto p3 = run(s, r);
    QCOMPARE(hashesOf(p3), slice(0, 1));
    QVERIFY(!p3.pagination_cursor);
  }
  void pageExactlyFullIsTheLastPage() {
    StoreService s(archive_.get(), &noVerifiers_, nullptr, {});
    auto resp = run(s, query(true, 5));
    QCOMPARE(hashesOf(resp), hashes_);
    QVERIFY(!resp.pagination_cursor);
  }
  void cursorAtTheBoundaryGivesAnEmptyLastPage() {
    StoreService s(archive_.get(), &noVerifiers_, nullptr, {});
    auto r = query(true);
    r.pagination_cursor = hashes_.back();
    auto resp = run(s, r);
    QCOMPARE(int(resp.status_code), int(waku::StatusCode::SUCCESS));
    QVERIFY(resp.messages.empty());
    QVERIFY(!resp.pagination_cursor);
    r = query(false);
    r.pagination_cursor = hashes_.front();
    resp = run(s, r);
    QVERIFY(resp.messages.empty());
    QVERIFY(!resp.pagination_cursor);
  }
  void unknownCursorIsAnArchiveError() {
    StoreService s(archive_.get(), &noVerifiers_, nullptr, {});
    auto r = query(true);
    r.pagination_cursor = waku::MessageHash{};
    r.pagination_cursor->fill(0x5a);
    auto resp = run(s, r);
    QCOMPARE(int(resp.status_code), int(waku::StatusCode::BAD_RESPONSE));
    QCOMPARE(resp.request_id, std::string("unit"));
    QVERIFY(resp.messages.empty());
  }
  void timeWindowEndIsExclusive() {
    StoreService s(archive_.get(), &noVerifiers_, nullptr, {});
    auto r = query(true);
    r.time_start = kBase + 1;
    r.time_end = kBase + 3;
    QCOMPARE(hashesOf(run(s, r)), slice(1, 3));
    r.time_end = kBase + 1;
    QVERIFY(run(s, r).messages.empty());
  }
  void contentTopicsWithoutPubsubTopicMatchAnyPubsubTopic() {
    StoreService s(archive_.get(), &noVerifiers_, nullptr, {});
    auto r = query(true);
    r.pubsub_topic.reset();
    QCOMPARE(hashesOf(run(s, r)), hashes_);
    r = query(true);
    r.pubsub_topic = "/waku/2/other/proto";
    QVERIFY(run(s, r).messages.empty());
  }
  void includeDataReturnsMessagesAndTopics() {
    StoreService s(archive_.get(), &noVerifiers_, nullptr, {});
    auto r = query(true, 1);
    r.include_data = true;
    auto resp = run(s, r);
    QCOMPARE(resp.messages.size(), std::size_t{1});
    QVERIFY(resp.messages[0].message.has_value());
    QCOMPARE(*resp.messages[0].pubsub_topic, kPubsub);
    QCOMPARE(resp.messages[0].message->payload, std::vector<std::uint8_t>{0});
    r.include_data = false;
    QVERIFY(!run(s, r).messages[0].message.has_value());
  }
  void wireRefusals() {
    StoreService s(archive_.get(), &noVerifiers_, nullptr, {1, 256, 1000});
    std::vector<std::uint8_t> out;
    s.handleWire({0xff, 0xff}, {"/ip4/127.0.0.1/tcp/1", ""}, [&](std::vector<std::uint8_t> b) { out = b; });
    auto resp = waku::decodeStoreQueryResponse(out);
    QVERIFY(resp.ok());
    QCOMPARE(int(resp->status_code), int(waku::StatusCode::BAD_REQUEST));
    QVERIFY(resp->request_id.empty());
    QVERIFY(resp->status_desc.rfind("decoding rpc failed", 0) == 0);
    // Rate limit of 1/s: the first decodable request passes, the second gets 429 with its id.
    s.handleWire(waku::encodeStoreQueryRequest(query(true)), {}, [&](std::vector<std::uint8_t> b) { out = b; });
    QCOMPARE(int(waku::decodeStoreQueryResponse(out)->status_code), int(waku::StatusCode::SUCCESS));
    s.handleWire(waku::encodeStoreQueryRequest(query(true)), {}, [&](std::vector<std::uint8_t> b) { out = b; });
    QCOMPARE(int(waku::decodeStoreQueryResponse(out)->status_code), int(waku::StatusCode::TOO_MANY_REQUESTS));
    QCOMPARE(waku::decodeStoreQueryResponse(out)->request_id, std::string("unit"));
    auto big = waku::decodeStoreQueryResponse(StoreService::oversizedResponse({"TOO_LARGE", "frame too large"}));
    QCOMPARE(int(big->status_code), int(waku::StatusCode::BAD_REQUEST));
  }
  void noArchiveIsServiceUnavailable() {
    StoreService s(nullptr, &noVerifiers_, nullptr, {});
    QCOMPARE(int(run(s, query(true)).status_code), int(waku::StatusCode::SERVICE_UNAVAILABLE));
  }
  void refusingVerifierGetsTag30AndNoArchiveAccess() {
    HookRegistry verifiers;
    QVERIFY(verifiers.set("all", "test_verifier").ok());
    json seen;
    std::string seenModule;
    HookCall call = [&](const std::string& module, const std::string& op, const json& params, int, std::function<void(const json&)> done) {
      seenModule = module;
      seen = params;
      QCOMPARE(op, std::string("verifyEligibilityForStoreQuery"));
      QTimer::singleShot(0, [done] {  // answers later, like a hook that reads the chain
        done(json{{"status", "error"}, {"eligibility", "STREAM_NOT_ACTIVE"}, {"message", "stream is paused"}});
      });
    };
    StoreService s(archive_.get(), &verifiers, call, {});
    auto r = query(true);
    r.eligibility_proof = std::vector<std::uint8_t>{0x1a, 0x01, 0x00};
    auto resp = run(s, r, true);
    QCOMPARE(int(resp.status_code), int(waku::StatusCode::BAD_REQUEST));
    // The verdict also travels in status_desc, for clients that do not read tag 30 (js-waku).
    QCOMPARE(resp.status_desc, std::string("BAD_REQUEST: STREAM_NOT_ACTIVE: stream is paused"));
    QCOMPARE(resp.request_id, std::string("unit"));
    QVERIFY(resp.messages.empty());
    QVERIFY(!resp.pagination_cursor);
    QCOMPARE(int(resp.eligibility_status->code), int(waku::EligibilityCode::STREAM_NOT_ACTIVE));
    QCOMPARE(resp.eligibility_status->desc, std::string("stream is paused"));
    QCOMPARE(s.served(), std::uint64_t{0});
    QCOMPARE(seenModule, std::string("test_verifier"));
    QCOMPARE(seen["proof_hex"].get<std::string>(), std::string("1a0100"));
    auto stripped = r;
    stripped.eligibility_proof.reset();
    QCOMPARE(seen["canonical_request_hex"].get<std::string>(), lezpay::util::toHex(waku::canonicalStoreRequest(stripped)));
  }
  void requesterPeerIdReachesTheVerifierAndKeysKeptAnswers() {
    HookRegistry verifiers;
    QVERIFY(verifiers.set("all", "v").ok());
    std::vector<json> seen;
    HookCall call = [&](const std::string&, const std::string&, const json& params, int, std::function<void(const json&)> done) {
      seen.push_back(params);
      done(json{{"status", "ok"}, {"eligibility", "OK"}});
    };
    StoreService s(archive_.get(), &verifiers, call, {});
    const transport::Remote a{"/ip4/127.0.0.1/tcp/1/p2p/16Uiu2HAmPeerA", "16Uiu2HAmPeerA"};
    const transport::Remote b{"/ip4/127.0.0.1/tcp/2/p2p/12D3KooWPeerB", "12D3KooWPeerB"};
    auto r = query(true);
    r.eligibility_proof = std::vector<std::uint8_t>{0x1a, 0x01, 0x00};
    const auto bytes = waku::encodeStoreQueryRequest(r);
    std::vector<std::uint8_t> out;
    s.handleWire(bytes, a, [&](std::vector<std::uint8_t> x) { out = x; });
    QCOMPARE(seen.size(), std::size_t{1});
    QCOMPARE(seen[0]["requester_peer_id"].get<std::string>(), a.peerId);
    // A's answer did not reach A: kept for A's retry of the same bytes, not for B sending them.
    s.undelivered(a, bytes, out);
    QCOMPARE(s.undeliveredKept(), std::size_t{1});
    s.handleWire(bytes, b, [&](std::vector<std::uint8_t> x) { out = x; });
    QCOMPARE(seen.size(), std::size_t{2});  // B is verified
    QCOMPARE(seen[1]["requester_peer_id"].get<std::string>(), b.peerId);
    QCOMPARE(s.undeliveredKept(), std::size_t{1});
    s.handleWire(bytes, a, [&](std::vector<std::uint8_t> x) { out = x; });
    QCOMPARE(seen.size(), std::size_t{2});  // A gets the kept answer without a second verification
    QCOMPARE(s.undeliveredKept(), std::size_t{0});
    QCOMPARE(int(waku::decodeStoreQueryResponse(out)->status_code), int(waku::StatusCode::SUCCESS));
    // Plain TCP: the verifier is told "".
    s.handleWire(waku::encodeStoreQueryRequest(query(true)), {"/ip4/127.0.0.1/tcp/3", ""}, [&](std::vector<std::uint8_t>) {});
    QCOMPARE(seen.back()["requester_peer_id"].get<std::string>(), std::string());
  }
  void okVerifierServesAndPendingRequestsAreCapped() {
    HookRegistry verifiers;
    QVERIFY(verifiers.set("stream_proposal", "v").ok());
    std::vector<std::function<void(const json&)>> waiting;
    HookCall call = [&](const std::string&, const std::string&, const json& params, int, std::function<void(const json&)> done) {
      QCOMPARE(params["proof_hex"].get<std::string>(), std::string());  // no proof: passed as ""
      waiting.push_back(done);
    };
    StoreService s(archive_.get(), &verifiers, call, {0, 1, 1000});
    std::optional<waku::StoreQueryResponse> first, second;
    s.handle(query(true), true, "", [&](waku::StoreQueryResponse r) { first = r; });
    s.handle(query(true), true, "", [&](waku::StoreQueryResponse r) { second = r; });
    QVERIFY(!first);
    QCOMPARE(int(second->status_code), int(waku::StatusCode::TOO_MANY_REQUESTS));
    QCOMPARE(waiting.size(), std::size_t{1});
    waiting[0](json{{"status", "ok"}, {"eligibility", "OK"}});
    QCOMPARE(int(first->status_code), int(waku::StatusCode::SUCCESS));
    QCOMPARE(hashesOf(*first), hashes_);
    QCOMPARE(s.pending(), std::uint64_t{0});
  }
  void pageIsReadWhileAPeerThatPaidIsVerifiedAndSentOnlyOnOk() {
    HookRegistry verifiers;
    QVERIFY(verifiers.set("all", "v").ok());
    std::vector<std::function<void(const json&)>> waiting;
    HookCall call = [&](const std::string&, const std::string&, const json&, int, std::function<void(const json&)> done) {
      waiting.push_back(std::move(done));
    };
    StoreService s(archive_.get(), &verifiers, call, {});
    auto r = query(true);
    r.eligibility_proof = std::vector<std::uint8_t>{0x1a, 0x01, 0x00};
    const std::string paid = "16Uiu2HAmPaid", stranger = "16Uiu2HAmStranger";
    const json ok{{"status", "ok"}, {"eligibility", "OK"}};
    const json refused{{"status", "error"}, {"eligibility", "PROOF_INVALID"}, {"message", "replay"}};
    auto ask = [&](const std::string& peer, std::optional<waku::StoreQueryResponse>& out) {
      s.handle(r, true, peer, [&out](waku::StoreQueryResponse x) { out = std::move(x); });
    };
    // A peer without an OK verdict yet: nothing is read before its verdict.
    std::optional<waku::StoreQueryResponse> a, b, c, d;
    ask(paid, a);
    QCOMPARE(s.overlapped(), std::uint64_t{0});
    waiting.back()(ok);
    QCOMPARE(hashesOf(*a), hashes_);
    // Its last verdict was OK: the page is read while the next proof is checked, and held.
    ask(paid, b);
    QCOMPARE(s.overlapped(), std::uint64_t{1});
    QVERIFY(!b);
    waiting.back()(ok);
    QCOMPARE(int(b->status_code), int(waku::StatusCode::SUCCESS));
    QCOMPARE(hashesOf(*b), hashes_);
    QCOMPARE(s.served(), std::uint64_t{2});
    // Read early, then refused: the page is discarded, the answer carries no message.
    ask(paid, c);
    QCOMPARE(s.overlapped(), std::uint64_t{2});
    waiting.back()(refused);
    QCOMPARE(int(c->status_code), int(waku::StatusCode::BAD_REQUEST));
    QVERIFY(c->messages.empty());
    QCOMPARE(s.overlapDiscarded(), std::uint64_t{1});
    QCOMPARE(s.served(), std::uint64_t{2});
    // After a refusal the peer waits for its verdict again, as does a peer that never paid.
    ask(paid, d);
    std::optional<waku::StoreQueryResponse> e;
    ask(stranger, e);
    QCOMPARE(s.overlapped(), std::uint64_t{2});
    waiting[waiting.size() - 2](ok);
    waiting.back()(refused);
    QCOMPARE(hashesOf(*d), hashes_);
    QVERIFY(e->messages.empty());
  }
};

QTEST_GUILESS_MAIN(TstStoreService)
#include "tst_store_service.moc"
