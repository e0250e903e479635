// Store request validation and clamping before the archive (waku-store.md §4, §5).
#include <QtTest>

#include <limits>

#include "delivery/query_json_defaults.h"
#include "delivery/store_request_policy.h"

using namespace delivery;

namespace {
waku::StoreQueryRequest contentQuery() {
  waku::StoreQueryRequest r;
  r.request_id = "r";
  r.pubsub_topic = "/waku/2/default-waku/proto";
  r.content_topics = {"/a/1/b/proto"};
  return r;
}
waku::MessageHash hashOf(std::uint8_t b) {
  waku::MessageHash h{};
  h.fill(b);
  return h;
}
}  // namespace

class TstStoreRequestPolicy : public QObject {
  Q_OBJECT
 private slots:
  void pageSize_data() {
    QTest::addColumn<qint64>("limit");  // -1 = absent
    QTest::addColumn<qint64>("page");
    QTest::newRow("absent") << qint64(-1) << qint64(20);
    QTest::newRow("zero") << qint64(0) << qint64(20);
    QTest::newRow("one") << qint64(1) << qint64(1);
    QTest::newRow("max") << qint64(100) << qint64(100);
    QTest::newRow("above max") << qint64(101) << qint64(100);
    QTest::newRow("huge") << std::numeric_limits<qint64>::max() << qint64(100);
  }
  void pageSize() {
    QFETCH(qint64, limit);
    QFETCH(qint64, page);
    auto r = contentQuery();
    if (limit >= 0) r.pagination_limit = static_cast<std::uint64_t>(limit);
    auto s = selectionFromRequest(r);
    QVERIFY(s.ok());
    QCOMPARE(qint64(s->limit), page);
  }
  void mixedQueriesAreBadRequests() {
    auto r = contentQuery();
    r.message_hashes = {hashOf(1)};
    auto s = selectionFromRequest(r);
    QVERIFY(!s.ok());
    QCOMPARE(int(toRejection(s.error()).status), int(waku::StatusCode::BAD_REQUEST));
    waku::StoreQueryRequest t;
    t.request_id = "t";
    t.message_hashes = {hashOf(1)};
    t.time_start = 5;
    QVERIFY(!selectionFromRequest(t).ok());
    t.time_start.reset();
    QVERIFY(selectionFromRequest(t).ok());
  }
  void topicsMayBeGivenAlone() {
    auto r = contentQuery();
    r.pubsub_topic.reset();  // content topics on any pubsub topic
    auto s = selectionFromRequest(r);
    QVERIFY(s.ok());
    QVERIFY(!s->pubsub_topic);
    QCOMPARE(s->content_topics, r.content_topics);
    r = contentQuery();
    r.content_topics.clear();  // everything on one pubsub topic
    QVERIFY(selectionFromRequest(r).ok());
    waku::StoreQueryRequest none;
    none.request_id = "all";
    QVERIFY(selectionFromRequest(none).ok());  // no filter at all: every message
  }
  void queryJsonDefaults() {
    int made = 0;
    auto newId = [&] { return "generated-" + std::to_string(++made); };
    auto q = normalizeQueryJson(nlohmann::json{{"contentTopics", {"/a/1/b/proto"}}, {"pageSize", 5}}, newId);
    QVERIFY(q.ok());
    QCOMPARE(q.value()["requestId"].get<std::string>(), std::string("generated-1"));
    QCOMPARE(q.value()["paginationForward"].get<bool>(), true);
    QCOMPARE(q.value()["includeData"].get<bool>(), false);
    QCOMPARE(q.value()["paginationLimit"].get<int>(), 5);
    QVERIFY(!q.value().contains("pageSize"));
    // Explicit values are kept; text is parsed; no generator = requestId stays required.
    q = normalizeQueryJson(nlohmann::json(R"({"requestId":"r","paginationForward":false,"includeData":true})"), newId);
    QVERIFY(q.ok());
    QCOMPARE(q.value()["requestId"].get<std::string>(), std::string("r"));
    QCOMPARE(q.value()["paginationForward"].get<bool>(), false);
    QCOMPARE(made, 1);
    QVERIFY(!normalizeQueryJson(nlohmann::json::object(), nullptr).value().contains("requestId"));
    QCOMPARE(normalizeQueryJson(nlohmann::json{{"pageSize", 1}, {"paginationLimit", 2}}, newId).error().code, std::string(kInvalidQuery));
    QCOMPARE(normalizeQueryJson(nlohmann::json::array(), newId).error().code, std::string(kInvalidQuery));
    QCOMPARE(normalizeQueryJson(nlohmann::json("{not json"), newId).error().code, std::string(kInvalidQuery));
  }
  void tooManyContentTopics() {
    auto r = contentQuery();
    r.content_topics.assign(11, "/t/1/x/proto");
    QVERIFY(!selectionFromRequest(r).ok());
    r.content_topics.resize(10);
    QVERIFY(selectionFromRequest(r).ok());
  }
  void allZeroCursorIsAnArchiveError() {
    auto r = contentQuery();
    r.pagination_cursor = hashOf(0);
    auto s = selectionFromRequest(r);
    QVERIFY(!s.ok());
    const auto rej = toRejection(s.error());
    QCOMPARE(int(rej.status), int(waku::StatusCode::BAD_RESPONSE));
    QVERIFY(rej.desc.rfind("BAD_RESPONSE: archive error", 0) == 0);
    r.pagination_cursor = hashOf(7);
    QVERIFY(selectionFromRequest(r).ok());
  }
  void endTimeIsExclusive() {
    auto r = contentQuery();
    r.time_start = 100;
    r.time_end = 200;
    auto s = selectionFromRequest(r).value();
    QCOMPARE(*s.time_start, std::int64_t{100});
    QCOMPARE(*s.time_end, std::int64_t{199});
    QVERIFY(!s.matches_nothing);
    r.time_end = 101;
    QVERIFY(!selectionFromRequest(r)->matches_nothing);  // exactly one nanosecond: [100, 100]
    r.time_end = 100;
    QVERIFY(selectionFromRequest(r)->matches_nothing);   // empty window
    r.time_start.reset();
    r.time_end = std::numeric_limits<std::int64_t>::min();
    QVERIFY(selectionFromRequest(r)->matches_nothing);
  }
  void directionAndDataPassThrough() {
    auto r = contentQuery();
    r.include_data = true;
    r.pagination_forward = true;
    r.pagination_cursor = hashOf(9);
    auto s = selectionFromRequest(r).value();
    QVERIFY(s.include_data && s.forward);
    QCOMPARE(*s.cursor, hashOf(9));
    QCOMPARE(s.content_topics, r.content_topics);
  }
};

QTEST_APPLESS_MAIN(TstStoreRequestPolicy)
#include "tst_store_request_policy.moc"
