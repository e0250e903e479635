// createNode config parsing and nwaku retention policy strings.
#include <QtTest>

#include "delivery/node_config.h"

using namespace delivery;
using nlohmann::json;

class TstDeliveryConfig : public QObject {
  Q_OBJECT
 private slots:
  void defaultsAreLoopbackAnyPortStoreOn() {
    for (const json& cfg : {json(), json::object()}) {
      auto c = nodeConfigFromJson(cfg);
      QVERIFY(c.ok());
      QCOMPARE(c->host, std::string("127.0.0.1"));
      QCOMPARE(int(c->tcp_port), 0);
      QVERIFY(c->store_service);
      QCOMPARE(c->retention.max_age_seconds.value_or(0), std::int64_t{172800});
      QCOMPARE(c->pubsub_topic, std::string(kDefaultPubsubTopic));
    }
  }
  void readsEveryKey() {
    auto c = nodeConfigFromJson(json{{"host", "0.0.0.0"},
                                     {"tcpPort", 60010},
                                     {"storeService", false},
                                     {"lightpushService", false},
                                     {"archiveUrl", "postgresql://u:p@127.0.0.1:5432/db"},
                                     {"retentionPolicy", "capacity:1000;time:60"},
                                     {"retentionIntervalSeconds", 5},
                                     {"storeNode", "/ip4/127.0.0.1/tcp/6000/p2p/16Uiu2HAmLhLvBoYaoZfaMUKuibM6ac163GwKY74c5kiSLg5KvLpY"},
                                     {"pubsubTopic", "/waku/2/rs/1/0"},
                                     {"maxStoreRequestsPerSecond", 50},
                                     {"maxPendingStoreRequests", 3},
                                     {"hookTimeoutMs", 1500},
                                     {"maxClockSkewSeconds", 5},
                                     {"outboundIdleTimeoutMs", 2500}});
    QVERIFY2(c.ok(), c.ok() ? "" : c.error().message.c_str());
    QCOMPARE(int(c->tcp_port), 60010);
    QVERIFY(!c->store_service && !c->lightpush_service);
    QCOMPARE(*c->retention.max_messages, std::uint64_t{1000});
    QCOMPARE(*c->retention.max_age_seconds, std::int64_t{60});
    QCOMPARE(c->max_pending_store_requests, std::uint64_t{3});
    QCOMPARE(c->hook_timeout_ms, std::uint64_t{1500});
    QCOMPARE(c->outbound_idle_timeout_ms, std::uint64_t{2500});
    json back = nodeConfigToJson(c.value());
    QCOMPARE(back["retentionPolicy"].get<std::string>(), std::string("time:60;capacity:1000"));
    QCOMPARE(back["tcpPort"].get<int>(), 60010);
  }
  void transportAndMetadata() {
    auto d = nodeConfigFromJson(json::object());
    QCOMPARE(d->transport, std::string("libp2p"));
    QCOMPARE(d->outbound_idle_timeout_ms, std::uint64_t{120000});
    QCOMPARE(d->cluster_id, std::uint32_t{1});
    QCOMPARE(d->shards, (std::vector<std::uint32_t>{0, 1, 2, 3, 4, 5, 6, 7}));
    auto c = nodeConfigFromJson(json{{"transport", "libp2p"}, {"clusterId", 0}, {"shards", {3, 9}}});
    QVERIFY2(c.ok(), c.ok() ? "" : c.error().message.c_str());
    QCOMPARE(c->transport, std::string("libp2p"));
    QCOMPARE(c->cluster_id, std::uint32_t{0});
    json back = nodeConfigToJson(c.value());
    QCOMPARE(back["transport"].get<std::string>(), std::string("libp2p"));
    QCOMPARE(back["shards"], json({3, 9}));
  }
  void inboundBufferBudget() {
    QCOMPARE(nodeConfigFromJson(json::object())->max_inbound_buffered_bytes, std::uint64_t{64} << 20);
    auto c = nodeConfigFromJson(json{{"maxInboundBufferedBytes", 4 << 20}});
    QVERIFY2(c.ok(), c.ok() ? "" : c.error().message.c_str());
    QCOMPARE(c->max_inbound_buffered_bytes, std::uint64_t{4} << 20);
    QCOMPARE(nodeConfigToJson(c.value())["maxInboundBufferedBytes"].get<std::uint64_t>(), std::uint64_t{4} << 20);
  }
  void plainTransportOnlyOnLoopback() {
    for (const char* host : {"127.0.0.1", "127.1.2.3", "::1", "localhost"}) {
      auto c = nodeConfigFromJson(json{{"transport", "plain"}, {"host", host}});
      QVERIFY2(c.ok(), host);
      QCOMPARE(c->transport, std::string("plain"));
    }
    for (const char* host : {"0.0.0.0", "192.168.1.4", "::", "127.0.0", "127.0.0.1.5", "example.org"}) {
      auto c = nodeConfigFromJson(json{{"transport", "plain"}, {"host", host}});
      QVERIFY2(!c.ok(), host);
      QCOMPARE(c.error().code, std::string(kInvalidConfig));
      QVERIFY2(c.error().message.rfind("transport: ", 0) == 0, c.error().message.c_str());
      QVERIFY2(c.error().message.find("loopback") != std::string::npos, c.error().message.c_str());
    }
    // The listen host may come before or after the transport key.
    QVERIFY(!nodeConfigFromJson(json::parse(R"({"host": "0.0.0.0", "transport": "plain"})")).ok());
    QVERIFY(nodeConfigFromJson(json{{"transport", "libp2p"}, {"host", "0.0.0.0"}}).ok());
  }
  void libp2pStoreNodeNeedsAPeerId() {
    auto c = nodeConfigFromJson(json{{"storeNode", "/ip4/127.0.0.1/tcp/6000"}});
    QVERIFY(!c.ok());
    QVERIFY2(c.error().message.rfind("storeNode: ", 0) == 0, c.error().message.c_str());
    QVERIFY2(c.error().message.find("/p2p/") != std::string::npos, c.error().message.c_str());
    QVERIFY(nodeConfigFromJson(json{{"transport", "plain"}, {"storeNode", "/ip4/127.0.0.1/tcp/6000"}}).ok());
  }
  void acceptsTheOrchestratorsAliases() {
    auto c = nodeConfigFromJson(json{{"store", false}, {"listenHost", "127.0.0.1"}, {"listenPort", 6001}});
    QVERIFY2(c.ok(), c.ok() ? "" : c.error().message.c_str());
    QVERIFY(!c->store_service);
    QCOMPARE(int(c->tcp_port), 6001);
    auto both = nodeConfigFromJson(json{{"store", false}, {"storeService", true}});
    QVERIFY(!both.ok());
    QVERIFY(both.error().message.find("alias") != std::string::npos);
  }
  void refusesBadConfigs_data() {
    QTest::addColumn<QString>("config");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("unknown key") << R"({"tcpport": 1})" << "tcpport";
    QTest::newRow("port range") << R"({"tcpPort": 65536})" << "tcpPort";
    QTest::newRow("negative port") << R"({"tcpPort": -1})" << "tcpPort";
    QTest::newRow("port as string") << R"({"tcpPort": "80"})" << "tcpPort";
    QTest::newRow("bool as string") << R"({"storeService": "yes"})" << "storeService";
    QTest::newRow("archive scheme") << R"({"archiveUrl": "mysql://x"})" << "archiveUrl";
    QTest::newRow("store node") << R"({"storeNode": "/ip4/1.2.3.4/udp/1"})" << "storeNode";
    QTest::newRow("retention size") << R"({"retentionPolicy": "size:30gb"})" << "size";
    QTest::newRow("not an object") << R"([1])" << "object";
    QTest::newRow("zero pending") << R"({"maxPendingStoreRequests": 0})" << "maxPendingStoreRequests";
    QTest::newRow("unknown transport") << R"({"transport": "quic"})" << "transport";
    QTest::newRow("empty shards") << R"({"shards": []})" << "non-empty";
    QTest::newRow("shard range") << R"({"shards": [65536]})" << "shards";
    QTest::newRow("cluster range") << R"({"clusterId": 4294967296})" << "clusterId";
    QTest::newRow("budget below one request") << R"({"maxInboundBufferedBytes": 1048575})" << "maxInboundBufferedBytes";
    QTest::newRow("budget not a number") << R"({"maxInboundBufferedBytes": "64M"})" << "maxInboundBufferedBytes";
  }
  void refusesBadConfigs() {
    QFETCH(QString, config);
    QFETCH(QString, mentions);
    auto c = nodeConfigFromJson(json::parse(config.toStdString()));
    QVERIFY(!c.ok());
    QCOMPARE(c.error().code, std::string(kInvalidConfig));
    QVERIFY2(c.error().message.find(mentions.toStdString()) != std::string::npos, c.error().message.c_str());
  }
  void retentionPolicies_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<qint64>("age");
    QTest::addColumn<qint64>("count");
    QTest::newRow("empty") << "" << true << qint64(-1) << qint64(-1);
    QTest::newRow("none") << "none" << true << qint64(-1) << qint64(-1);
    QTest::newRow("time") << "time:172800" << true << qint64(172800) << qint64(-1);
    QTest::newRow("capacity") << "capacity:25000" << true << qint64(-1) << qint64(25000);
    QTest::newRow("both") << "time:10;capacity:5" << true << qint64(10) << qint64(5);
    QTest::newRow("twice") << "time:10;time:20" << false << qint64(0) << qint64(0);
    QTest::newRow("no value") << "time:" << false << qint64(0) << qint64(0);
    QTest::newRow("fraction") << "time:1.5" << false << qint64(0) << qint64(0);
    QTest::newRow("zero") << "capacity:0" << false << qint64(0) << qint64(0);
    QTest::newRow("unknown") << "count:5" << false << qint64(0) << qint64(0);
    QTest::newRow("trailing ;") << "time:5;" << false << qint64(0) << qint64(0);
  }
  void retentionPolicies() {
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(qint64, age);
    QFETCH(qint64, count);
    auto r = parseRetentionPolicy(text.toStdString());
    QCOMPARE(r.ok(), ok);
    if (!ok) return;
    QCOMPARE(r->max_age_seconds ? qint64(*r->max_age_seconds) : qint64(-1), age);
    QCOMPARE(r->max_messages ? qint64(*r->max_messages) : qint64(-1), count);
  }
};

QTEST_APPLESS_MAIN(TstDeliveryConfig)
#include "tst_delivery_config.moc"
