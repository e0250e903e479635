// Cross-check of our hand-written Store codec against libprotobuf (store_crosscheck.proto, compiled
// with protoc). Values are compared, never bytes (waku-store.md §9 trap 2): libprotobuf encodes
// with libprotobuf and we decode, and the reverse, over hand-picked and seeded random messages.
#include <QtTest>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "store_crosscheck.pb.h"
#include "waku/store_codec.h"

namespace pb = lezpay::crosscheck;
using namespace waku;

namespace {

std::string str(const Bytes& b) { return std::string(b.begin(), b.end()); }
std::string str(const MessageHash& h) { return std::string(h.begin(), h.end()); }
Bytes bytesOf(const std::string& s) { return Bytes(s.begin(), s.end()); }
MessageHash hashOf(const std::string& s) {
  MessageHash h{};
  if (s.size() == h.size()) std::copy(s.begin(), s.end(), h.begin());
  return h;
}

// ---- libprotobuf message → our struct, through the generated accessors only ----------------
WakuMessage fromPb(const pb::WakuMessage& m) {
  WakuMessage out;
  out.payload = bytesOf(m.payload());
  out.content_topic = m.content_topic();
  if (m.has_version()) out.version = m.version();
  if (m.has_timestamp()) out.timestamp = m.timestamp();
  if (m.has_meta()) out.meta = bytesOf(m.meta());
  if (m.has_rate_limit_proof()) out.rate_limit_proof = bytesOf(m.rate_limit_proof());
  if (m.has_ephemeral()) out.ephemeral = m.ephemeral();
  return out;
}
StoreQueryRequest fromPb(const pb::StoreQueryRequest& q) {
  StoreQueryRequest out;
  out.request_id = q.request_id();
  out.include_data = q.include_data();
  if (q.has_pubsub_topic()) out.pubsub_topic = q.pubsub_topic();
  for (const auto& t : q.content_topics()) out.content_topics.push_back(t);
  if (q.has_time_start()) out.time_start = q.time_start();
  if (q.has_time_end()) out.time_end = q.time_end();
  for (const auto& h : q.message_hashes()) out.message_hashes.push_back(hashOf(h));
  if (q.has_eligibility_proof()) out.eligibility_proof = bytesOf(q.eligibility_proof());
  if (q.has_pagination_cursor()) out.pagination_cursor = hashOf(q.pagination_cursor());
  out.pagination_forward = q.pagination_forward();
  if (q.has_pagination_limit()) out.pagination_limit = q.pagination_limit();
  return out;
}
StoreQueryResponse fromPb(const pb::StoreQueryResponse& r) {
  StoreQueryResponse out;
  out.request_id = r.request_id();
  out.status_code = statusCodeFromNumber(r.status_code());
  out.status_desc = r.status_desc();
  for (const auto& kv : r.messages()) {
    WakuMessageKeyValue e;
    e.message_hash = hashOf(kv.message_hash());
    if (kv.has_message()) e.message = fromPb(kv.message());
    if (kv.has_pubsub_topic()) e.pubsub_topic = kv.pubsub_topic();
    out.messages.push_back(std::move(e));
  }
  if (r.has_eligibility_status()) {
    out.eligibility_status = EligibilityStatus{eligibilityCodeFromNumber(r.eligibility_status().code()), r.eligibility_status().desc()};
  }
  if (r.has_pagination_cursor()) out.pagination_cursor = hashOf(r.pagination_cursor());
  return out;
}

// ---- our struct → libprotobuf message, through the generated setters only -------------------
void toPb(const WakuMessage& m, pb::WakuMessage* out) {
  out->set_payload(str(m.payload));
  out->set_content_topic(m.content_topic);
  if (m.version) out->set_version(*m.version);
  if (m.timestamp) out->set_timestamp(*m.timestamp);
  if (m.meta) out->set_meta(str(*m.meta));
  if (m.rate_limit_proof) out->set_rate_limit_proof(str(*m.rate_limit_proof));
  if (m.ephemeral) out->set_ephemeral(*m.ephemeral);
}
pb::StoreQueryRequest toPb(const StoreQueryRequest& q) {
  pb::StoreQueryRequest out;
  out.set_request_id(q.request_id);
  out.set_include_data(q.include_data);
  if (q.pubsub_topic) out.set_pubsub_topic(*q.pubsub_topic);
  for (const auto& t : q.content_topics) out.add_content_topics(t);
  if (q.time_start) out.set_time_start(*q.time_start);
  if (q.time_end) out.set_time_end(*q.time_end);
  for (const auto& h : q.message_hashes) out.add_message_hashes(str(h));
  if (q.eligibility_proof) out.set_eligibility_proof(str(*q.eligibility_proof));
  if (q.pagination_cursor) out.set_pagination_cursor(str(*q.pagination_cursor));
  out.set_pagination_forward(q.pagination_forward);
  if (q.pagination_limit) out.set_pagination_limit(*q.pagination_limit);
  return out;
}
pb::StoreQueryResponse toPb(const StoreQueryResponse& r) {
  pb::StoreQueryResponse out;
  out.set_request_id(r.request_id);
  out.set_status_code(static_cast<std::uint32_t>(r.status_code));
  out.set_status_desc(r.status_desc);
  for (const auto& kv : r.messages) {
    auto* e = out.add_messages();
    e->set_message_hash(str(kv.message_hash));
    if (kv.message) toPb(*kv.message, e->mutable_message());
    if (kv.pubsub_topic) e->set_pubsub_topic(*kv.pubsub_topic);
  }
  if (r.eligibility_status) {
    out.mutable_eligibility_status()->set_code(static_cast<std::uint32_t>(r.eligibility_status->code));
    out.mutable_eligibility_status()->set_desc(r.eligibility_status->desc);
  }
  if (r.pagination_cursor) out.set_pagination_cursor(str(*r.pagination_cursor));
  return out;
}

// ---- seeded random values (only what both sides can represent: see the proto3 notes below) --
class Gen {
 public:
  explicit Gen(std::uint32_t seed) : rng_(seed) {}
  bool coin() { return rng_() & 1; }
  std::uint64_t u64() { return (std::uint64_t{rng_()} << 32) | rng_(); }
  std::string text(std::size_t maxLen, bool nonEmpty) {
    static const char* kPieces[] = {"a", "/", "waku", "0", "\xc3\xa9", "\xe2\x82\xac", "-", "\xf0\x9f\x98\x80"};
    std::string s;
    const std::size_t n = (nonEmpty ? 1 : 0) + rng_() % maxLen;
    while (s.size() < n) s += kPieces[rng_() % 8];
    return s;
  }
  Bytes bytes(std::size_t maxLen, bool nonEmpty) {
    Bytes b((nonEmpty ? 1 : 0) + rng_() % maxLen);
    for (auto& x : b) x = static_cast<std::uint8_t>(rng_());
    return b;
  }
  MessageHash hash() {
    MessageHash h{};
    for (auto& x : h) x = static_cast<std::uint8_t>(rng_());
    return h;
  }
  WakuMessage message() {
    WakuMessage m;
    m.payload = bytes(64, true);          // libprotobuf drops an empty payload (§9 trap 1)
    m.content_topic = text(24, true);     // ... and an empty content topic
    if (coin()) m.version = static_cast<std::uint32_t>(rng_());
    if (coin()) m.timestamp = static_cast<std::int64_t>(u64());
    if (coin()) m.meta = bytes(kMaxMetaBytes, false);
    if (coin()) m.rate_limit_proof = bytes(100, false);
    if (coin()) m.ephemeral = coin();
    return m;
  }
  StoreQueryRequest request() {
    StoreQueryRequest q;
    q.request_id = text(32, true);        // libprotobuf drops an empty request_id
    q.include_data = coin();
    if (coin()) q.pubsub_topic = text(24, false);
    for (std::size_t i = rng_() % (kMaxContentTopics + 1); i > 0; --i) q.content_topics.push_back(text(16, false));
    if (coin()) q.time_start = static_cast<std::int64_t>(u64());
    if (coin()) q.time_end = static_cast<std::int64_t>(u64());
    for (std::size_t i = rng_() % 4; i > 0; --i) q.message_hashes.push_back(hash());
    if (coin()) q.eligibility_proof = bytes(200, false);
    if (coin()) q.pagination_cursor = hash();
    q.pagination_forward = coin();
    if (coin()) q.pagination_limit = coin() ? u64() : rng_() % 200;
    return q;
  }
  StoreQueryResponse response() {
    StoreQueryResponse r;
    r.request_id = text(32, true);
    static const StatusCode kCodes[] = {StatusCode::SUCCESS, StatusCode::BAD_RESPONSE, StatusCode::BAD_REQUEST,
                                        StatusCode::TOO_MANY_REQUESTS, StatusCode::SERVICE_UNAVAILABLE, StatusCode::UNKNOWN};
    r.status_code = kCodes[rng_() % 6];
    r.status_desc = text(20, false);
    for (std::size_t i = rng_() % 5; i > 0; --i) {
      WakuMessageKeyValue kv;
      kv.message_hash = hash();
      if (coin()) {
        kv.message = message();
        kv.pubsub_topic = text(24, false);
      }
      r.messages.push_back(std::move(kv));
    }
    if (coin()) {  // libprotobuf drops code 0 and an empty desc: the fork always sends 1..3 with text
      static const EligibilityCode kElig[] = {EligibilityCode::PARAMS_REJECTED, EligibilityCode::PROOF_INVALID, EligibilityCode::STREAM_NOT_ACTIVE};
      const auto code = kElig[rng_() % 3];
      r.eligibility_status = EligibilityStatus{code, std::string(defaultDescription(code))};
    }
    if (coin()) r.pagination_cursor = hash();
    return r;
  }

 private:
  std::mt19937 rng_;
};

std::vector<std::uint8_t> serialize(const google::protobuf::MessageLite& m) {
  const std::string s = m.SerializeAsString();
  return {s.begin(), s.end()};
}

}  // namespace

class TstStoreCrosscheck : public QObject {
  Q_OBJECT
 private slots:
  void cleanupTestCase() { google::protobuf::ShutdownProtobufLibrary(); }

  void libprotobufRequestsDecodeWithOurs() {
    Gen gen(1);
    for (int i = 0; i < 300; ++i) {
      const StoreQueryRequest q = gen.request();
      auto ours = decodeStoreQueryRequest(serialize(toPb(q)));
      QVERIFY2(ours.ok(), ours.ok() ? "" : ours.error().message.c_str());
      QVERIFY2(*ours == q, qPrintable(QString("request %1").arg(i)));
    }
  }

  void ourRequestsParseWithLibprotobuf() {
    Gen gen(2);
    for (int i = 0; i < 300; ++i) {
      const StoreQueryRequest q = gen.request();
      const auto bytes = encodeStoreQueryRequest(q);
      pb::StoreQueryRequest parsed;
      QVERIFY(parsed.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())));
      QVERIFY2(fromPb(parsed) == q, qPrintable(QString("request %1").arg(i)));
    }
  }

  void libprotobufResponsesDecodeWithOurs() {
    Gen gen(3);
    for (int i = 0; i < 300; ++i) {
      const StoreQueryResponse r = gen.response();
      auto ours = decodeStoreQueryResponse(serialize(toPb(r)));
      QVERIFY2(ours.ok(), ours.ok() ? "" : ours.error().message.c_str());
      QVERIFY2(*ours == r, qPrintable(QString("response %1").arg(i)));
    }
  }

  void ourResponsesParseWithLibprotobuf() {
    Gen gen(4);
    for (int i = 0; i < 300; ++i) {
      const StoreQueryResponse r = gen.response();
      const auto bytes = encodeStoreQueryResponse(r);
      pb::StoreQueryResponse parsed;
      QVERIFY(parsed.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())));
      QVERIFY2(fromPb(parsed) == r, qPrintable(QString("response %1").arg(i)));
    }
  }

  // libprotobuf (proto3) drops include_data=false and pagination_forward=false; our decoder takes
  // that as false (docs/decisions.md) and the request decodes.
  void proto3DroppedBoolsAreAccepted() {
    pb::StoreQueryRequest q;
    q.set_request_id("r");
    q.set_include_data(false);
    q.set_pagination_forward(false);
    const auto bytes = serialize(q);
    QCOMPARE(bytes.size(), std::size_t{3});  // only field 1 on the wire
    auto ours = decodeStoreQueryRequest(bytes);
    QVERIFY(ours.ok());
    QVERIFY(!ours->include_data && !ours->pagination_forward);
  }

  // What nwaku also rejects (§9 trap 1): proto3 dropping an empty request_id or an empty payload.
  void proto3DroppedRequiredFieldsAreRejected() {
    pb::StoreQueryRequest q;
    q.set_request_id("");
    q.set_include_data(true);
    auto r = decodeStoreQueryRequest(serialize(q));
    QVERIFY(!r.ok());
    QCOMPARE(QString::fromStdString(r.error().code), QString("MISSING_REQUIRED_FIELD"));

    pb::StoreQueryResponse resp;
    resp.set_request_id("r");
    resp.set_status_code(200);
    resp.set_status_desc("OK");
    auto* kv = resp.add_messages();
    kv->set_message_hash(std::string(32, '\x01'));
    kv->mutable_message()->set_content_topic("/c");  // payload empty: dropped by libprotobuf
    kv->set_pubsub_topic("/t");
    auto d = decodeStoreQueryResponse(serialize(resp));
    QVERIFY(!d.ok());
    QCOMPARE(QString::fromStdString(d.error().code), QString("MISSING_REQUIRED_FIELD"));
    QVERIFY(QString::fromStdString(d.error().message).contains("payload"));
  }

  // Fields libprotobuf does not know (none here) and unknown fields it keeps: both sides agree on
  // the same bytes when the request carries field 30 and the reserved 50 is absent.
  void eligibilityFieldTravelsBothWays() {
    StoreQueryRequest q;
    q.request_id = "e";
    q.eligibility_proof = Bytes{0x1A, 0x01, 0x00};
    pb::StoreQueryRequest parsed;
    const auto bytes = encodeStoreQueryRequest(q);
    QVERIFY(parsed.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())));
    QVERIFY(parsed.has_eligibility_proof());
    QCOMPARE(parsed.eligibility_proof().size(), std::size_t{3});
  }
};

QTEST_APPLESS_MAIN(TstStoreCrosscheck)
#include "tst_store_crosscheck.moc"
