// Delivery JSON query shape ⇄ StoreQueryRequest (waku/store_query_json.h; logos-core.md §11).
#include <QtTest>

#include <string>
#include <vector>

#include "waku/store_query_json.h"

using namespace waku;
using nlohmann::json;

namespace {
const std::string kH1(64, 'a');
const std::string kH2 = "0x" + std::string(64, 'B');

MessageHash filled(std::uint8_t b) {
  MessageHash h{};
  h.fill(b);
  return h;
}
std::string fullQueryText() {
  return R"({
         "requestId": "req-7", "includeData": true, "paginationForward": false,
         "pubsubTopic": "/waku/2/rs/1/0", "contentTopics": ["/a", "/b"],
         "timeStart": 1700000000000000000, "timeEnd": "1700000000000000001",
         "messageHashes": [")" + kH1 + R"(", ")" + kH2 + R"("],
         "paginationCursor": ")" + std::string(64, 'c') + R"(",
         "paginationLimit": 18446744073709551615, "eligibilityProofHex": "1a0208 01"})";
}

struct RejectCase {
  const char* name;
  QString text;
  QString code;
  QString key;
};

std::vector<RejectCase> rejectCases() {
  const QString base = R"("requestId":"r","includeData":true,"paginationForward":true)";
  auto with = [&](const QString& extra) { return "{" + base + "," + extra + "}"; };
  return {
      {"not json", "{", "INVALID_JSON", "query"},
      {"not an object", "[1]", "INVALID_JSON", "query"},
      {"missing requestId", R"({"includeData":true,"paginationForward":true})", "MISSING_KEY", "requestId"},
      {"missing includeData", R"({"requestId":"r","paginationForward":true})", "MISSING_KEY", "includeData"},
      {"missing paginationForward", R"({"requestId":"r","includeData":true})", "MISSING_KEY", "paginationForward"},
      {"null paginationForward", R"({"requestId":"r","includeData":true,"paginationForward":null})", "MISSING_KEY", "paginationForward"},
      {"empty requestId", R"({"requestId":"","includeData":true,"paginationForward":true})", "INVALID_VALUE", "requestId"},
      {"requestId number", R"({"requestId":5,"includeData":true,"paginationForward":true})", "WRONG_TYPE", "requestId"},
      {"includeData string", R"({"requestId":"r","includeData":"true","paginationForward":true})", "WRONG_TYPE", "includeData"},
      {"unknown key", with(R"("pageSize":5)"), "UNKNOWN_KEY", "pageSize"},
      {"misspelt key", with(R"("contentTopic":["/a"])"), "UNKNOWN_KEY", "contentTopic"},
      {"contentTopics not array", with(R"("contentTopics":"/a")"), "WRONG_TYPE", "contentTopics"},
      {"contentTopics element", with(R"("contentTopics":["/a",1])"), "WRONG_TYPE", "contentTopics[1]"},
      {"11 content topics", with(R"("contentTopics":["a","b","c","d","e","f","g","h","i","j","k"])"), "TOO_LARGE", "content_topics"},
      {"timeStart fraction", with(R"("timeStart":1.5)"), "WRONG_TYPE", "timeStart"},
      {"timeStart above int64", with(R"("timeStart":9223372036854775808)"), "INVALID_VALUE", "timeStart"},
      {"timeEnd bad string", with(R"("timeEnd":"12x")"), "INVALID_VALUE", "timeEnd"},
      {"timeEnd plus sign", with(R"("timeEnd":"+12")"), "INVALID_VALUE", "timeEnd"},
      {"paginationLimit negative", with(R"("paginationLimit":-1)"), "INVALID_VALUE", "paginationLimit"},
      {"paginationLimit negative string", with(R"("paginationLimit":"-1")"), "INVALID_VALUE", "paginationLimit"},
      {"paginationLimit bool", with(R"("paginationLimit":true)"), "WRONG_TYPE", "paginationLimit"},
      {"paginationLimit too big", with(R"("paginationLimit":"18446744073709551616")"), "INVALID_VALUE", "paginationLimit"},
      {"hash short", with(R"("messageHashes":["abcd"])"), "INVALID_VALUE", "messageHashes[0]"},
      {"hash not hex", with(R"("messageHashes":[")" + QString(64, 'z') + R"("])"), "INVALID_VALUE", "messageHashes[0]"},
      {"cursor odd length", with(R"("paginationCursor":"abc")"), "INVALID_VALUE", "paginationCursor"},
      {"cursor 33 bytes", with(R"("paginationCursor":")" + QString(66, 'a') + R"(")"), "INVALID_VALUE", "paginationCursor"},
      {"proof not a string", with(R"("eligibilityProofHex":[1])"), "WRONG_TYPE", "eligibilityProofHex"},
  };
}
}  // namespace

class TstStoreQueryJson : public QObject {
  Q_OBJECT
 private slots:
  void parsesEveryKey() {
    const std::string text = fullQueryText();
    // As written, eligibilityProofHex holds a space (rejected at the end); the corrected text parses.
    std::string good = text;
    good.replace(good.find("1a0208 01"), 9, "1a020801");
    auto q = storeQueryFromJsonText(good);
    QVERIFY2(q.ok(), q.ok() ? "" : q.error().message.c_str());
    QCOMPARE(QString::fromStdString(q->request_id), QString("req-7"));
    QVERIFY(q->include_data);
    QVERIFY(!q->pagination_forward);
    QCOMPARE(QString::fromStdString(*q->pubsub_topic), QString("/waku/2/rs/1/0"));
    QCOMPARE(q->content_topics.size(), std::size_t{2});
    QCOMPARE(*q->time_start, std::int64_t{1700000000000000000});
    QCOMPARE(*q->time_end, std::int64_t{1700000000000000001});
    QVERIFY(q->message_hashes[0] == filled(0xAA));
    QVERIFY(q->message_hashes[1] == filled(0xBB));
    QVERIFY(*q->pagination_cursor == filled(0xCC));
    QCOMPARE(*q->pagination_limit, UINT64_MAX);
    QCOMPARE(q->eligibility_proof->size(), std::size_t{4});

    auto bad = storeQueryFromJsonText(text);
    QVERIFY(!bad.ok());
    QCOMPARE(QString::fromStdString(bad.error().code), QString("INVALID_VALUE"));
    QVERIFY(QString::fromStdString(bad.error().message).startsWith("eligibilityProofHex:"));
  }

  void minimalQueryLeavesOptionalsAbsent() {
    auto q = storeQueryFromJson(json{{"requestId", "r"}, {"includeData", false}, {"paginationForward", true},
                                     {"pubsubTopic", nullptr}, {"eligibilityProofHex", ""}});
    QVERIFY2(q.ok(), q.ok() ? "" : q.error().message.c_str());
    QVERIFY(q->pagination_forward);
    QVERIFY(!q->pubsub_topic.has_value());
    QVERIFY(!q->eligibility_proof.has_value());
    QVERIFY(!q->pagination_limit.has_value());
    QVERIFY(q->content_topics.empty());
  }

  void roundTripsThroughJson() {
    StoreQueryRequest q;
    q.request_id = "rt";
    q.include_data = true;
    q.pagination_forward = true;
    q.pubsub_topic = "/p";
    q.content_topics = {"/c"};
    q.time_start = INT64_MIN;
    q.time_end = INT64_MAX;
    q.message_hashes = {filled(1)};
    q.pagination_cursor = filled(2);
    q.pagination_limit = 0;
    q.eligibility_proof = Bytes{0xDE, 0xAD};
    const json j = storeQueryToJson(q);
    QCOMPARE(QString::fromStdString(j.at("paginationCursor").get<std::string>()), QString("02").repeated(32));
    QCOMPARE(QString::fromStdString(j.at("eligibilityProofHex").get<std::string>()), QString("dead"));
    auto back = storeQueryFromJson(j);
    QVERIFY2(back.ok(), back.ok() ? "" : back.error().message.c_str());
    QVERIFY(*back == q);
    auto viaText = storeQueryFromJsonText(j.dump());
    QVERIFY(viaText.ok());
    QVERIFY(*viaText == q);

    StoreQueryRequest minimal;
    minimal.request_id = "m";
    const json mj = storeQueryToJson(minimal);
    QCOMPARE(mj.size(), std::size_t{3});
    QVERIFY(*storeQueryFromJson(mj) == minimal);
  }

  void rejects_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("key");
    for (const auto& c : rejectCases()) QTest::newRow(c.name) << c.text << c.code << c.key;
  }
  void rejects() {
    QFETCH(QString, text);
    QFETCH(QString, code);
    QFETCH(QString, key);
    auto q = storeQueryFromJsonText(text.toStdString());
    QVERIFY(!q.ok());
    QCOMPARE(QString::fromStdString(q.error().code), code);
    QVERIFY2(QString::fromStdString(q.error().message).contains(key), q.error().message.c_str());
  }

  void errorCodeStrings() {
    QCOMPARE(QString::fromUtf8(toString(QueryJsonError::UNKNOWN_KEY).data()), QString("UNKNOWN_KEY"));
    QCOMPARE(QString::fromUtf8(toString(QueryJsonError::MISSING_KEY).data()), QString("MISSING_KEY"));
  }
};

QTEST_APPLESS_MAIN(TstStoreQueryJson)
#include "tst_store_query_json.moc"
