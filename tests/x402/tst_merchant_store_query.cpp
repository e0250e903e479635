// The merchant's REST-to-Store query mapping (modules/x402_module/src/merchant_store_query.h):
// every nwaku REST parameter maps to its storeQuery field, and hostile values (numbers past
// int64 and u64 max, negative or signed numbers, bad hex, empty topics, unknown keys, bad
// percent escapes) are refused with invalid_query and a message naming the parameter.
#include <QtTest>

#include "merchant_store_query.h"

using x402::Json;
using x402mod::storeQueryFromRest;

class TstMerchantStoreQuery : public QObject {
  Q_OBJECT
 private slots:
  void emptyQueryGivesTheDefaults() {
    auto q = storeQueryFromRest("", "r1");
    QVERIFY2(q.ok(), q.ok() ? "" : q.error().message.c_str());
    QCOMPARE(q.value(), (Json{{"requestId", "r1"}, {"includeData", true}, {"paginationForward", true}}));
  }

  void everyParameterMapsToItsField() {
    const std::string h1(64, 'a'), h2(64, 'B');
    const std::string query = "contentTopics=%2Fa%2F1%2Fx%2Fproto,/b/1/y/proto&contentTopic=/c/1/z/proto&pubsubTopic=%2Fwaku%2F2%2Frs%2F1%2F0"
                              "&startTime=0&endTime=9223372036854775807&pageSize=20&cursor=" + h1 +
                              "&hashes=" + h1 + "," + h2 + "&ascending=false&includeData=0";
    auto q = storeQueryFromRest(query, "r2");
    QVERIFY2(q.ok(), q.ok() ? "" : q.error().message.c_str());
    const Json& j = q.value();
    QCOMPARE(j["contentTopics"], (Json{"/a/1/x/proto", "/b/1/y/proto", "/c/1/z/proto"}));
    QCOMPARE(j["pubsubTopic"], Json("/waku/2/rs/1/0"));
    QCOMPARE(j["timeStart"].get<std::int64_t>(), std::int64_t{0});
    QCOMPARE(j["timeEnd"].get<std::int64_t>(), std::numeric_limits<std::int64_t>::max());
    QCOMPARE(j["paginationLimit"].get<std::uint64_t>(), std::uint64_t{20});
    QCOMPARE(j["paginationCursor"], Json(h1));
    QCOMPARE(j["messageHashes"], (Json{h1, h2}));
    QCOMPARE(j["paginationForward"], Json(false));
    QCOMPARE(j["includeData"], Json(false));
  }

  void sameInputSameQuery() {
    const std::string query = "contentTopics=/a/1/x/proto&pageSize=5";
    QCOMPARE(storeQueryFromRest(query, "r").value(), storeQueryFromRest(query, "r").value());
  }

  void hostileValuesAreRefusedNamingTheParameter_data() {
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("names");
    QTest::newRow("int64 max + 1") << "startTime=9223372036854775808" << "startTime";
    QTest::newRow("u64 max") << "endTime=18446744073709551615" << "endTime";
    QTest::newRow("u64 max + 1") << "pageSize=18446744073709551616" << "pageSize";
    QTest::newRow("40 digits") << "pageSize=1000000000000000000000000000000000000000" << "pageSize";
    QTest::newRow("negative") << "startTime=-1" << "startTime";
    QTest::newRow("int64 min") << "endTime=-9223372036854775808" << "endTime";
    QTest::newRow("plus sign") << "pageSize=+5" << "pageSize";
    QTest::newRow("empty number") << "pageSize=" << "pageSize";
    QTest::newRow("hex number") << "startTime=0x10" << "startTime";
    QTest::newRow("fraction") << "endTime=1.5" << "endTime";
    QTest::newRow("space") << "pageSize=%205" << "pageSize";
    QTest::newRow("short cursor") << "cursor=abcd" << "cursor";
    QTest::newRow("non-hex cursor") << QString("cursor=") + QString(64, 'g') << "cursor";
    QTest::newRow("one bad hash") << QString("hashes=") + QString(64, 'a') + ",zz" << "hashes";
    QTest::newRow("trailing comma hash") << QString("messageHashes=") + QString(64, 'a') + "," << "messageHashes";
    QTest::newRow("empty topic") << "contentTopics=/a/1/x/proto,,/b/1/y/proto" << "contentTopics";
    QTest::newRow("empty pubsub") << "pubsubTopic=" << "pubsubTopic";
    QTest::newRow("bad bool") << "ascending=yes" << "ascending";
    QTest::newRow("unknown key") << "limit=5" << "limit";
    QTest::newRow("bad escape") << "contentTopics=%zz" << "percent escape";
  }
  void hostileValuesAreRefusedNamingTheParameter() {
    QFETCH(QString, query);
    QFETCH(QString, names);
    auto q = storeQueryFromRest(query.toStdString(), "r");
    QVERIFY2(!q.ok(), qPrintable("accepted: " + query));
    QCOMPARE(QString::fromStdString(q.error().code), QString("invalid_query"));
    QVERIFY2(QString::fromStdString(q.error().message).contains(names), q.error().message.c_str());
  }

  void int64MaxIsTheLargestAcceptedNumber() {
    auto q = storeQueryFromRest("pageSize=9223372036854775807&startTime=9223372036854775807", "r");
    QVERIFY2(q.ok(), q.ok() ? "" : q.error().message.c_str());
    QCOMPARE(q.value()["paginationLimit"].get<std::uint64_t>(), std::uint64_t{9223372036854775807ull});
    QCOMPARE(q.value()["timeStart"].get<std::int64_t>(), std::numeric_limits<std::int64_t>::max());
  }
};

QTEST_GUILESS_MAIN(TstMerchantStoreQuery)
#include "tst_merchant_store_query.moc"
