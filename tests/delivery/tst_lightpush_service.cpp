// The Lightpush server logic against a real SQLite archive: storable rules (timestamp window,
// ephemeral), relay_peer_count, duplicates, subscriptions, decode and size refusals.
#include <QtTest>

#include <QTemporaryDir>

#include "lightpush_service.h"
#include "waku/lightpush_codec.h"
#include "waku/message_hash.h"

using namespace delivery;

namespace {

constexpr std::int64_t kNow = 1700000000000000000LL;
constexpr std::int64_t kSecond = 1000000000LL;

waku::LightPushRequest push(std::int64_t ts, bool ephemeral = false) {
  waku::LightPushRequest r;
  r.request_id = "lp";
  r.message.payload = {1, 2, 3};
  r.message.content_topic = "/lezpay/1/lp/proto";
  r.message.timestamp = ts;
  if (ephemeral) r.message.ephemeral = true;
  return r;
}

}  // namespace

class TstLightpushService : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  std::unique_ptr<lezpay::archive::Archive> archive_;

 private slots:
  void initTestCase() {
    auto a = lezpay::archive::openArchive({"sqlite:" + dir_.filePath("lp.sqlite").toStdString(), {}});
    QVERIFY2(a.ok(), a.ok() ? "" : a.error().message.c_str());
    archive_ = std::move(a).value();
  }
  void storesWithinTheClockWindow() {
    LightpushService s(archive_.get(), "/waku/2/default-waku/proto", 20, nullptr);
    const auto before = archive_->count().value();
    auto r = s.accept(push(kNow + 19 * kSecond), kNow);
    QCOMPARE(int(r.status_code), int(waku::LightPushStatus::SUCCESS));
    QCOMPARE(r.request_id, std::string("lp"));
    QCOMPARE(r.relay_peer_count.value_or(0), 1u);
    QCOMPARE(int(waku::effectiveStatus(r)), int(waku::LightPushStatus::SUCCESS));
    QCOMPARE(archive_->count().value(), before + 1);
    // The same message again is a success and stores nothing new.
    r = s.accept(push(kNow + 19 * kSecond), kNow);
    QCOMPARE(int(r.status_code), int(waku::LightPushStatus::SUCCESS));
    QCOMPARE(archive_->count().value(), before + 1);
  }
  void refusesMissingOrSkewedTimestamps() {
    LightpushService s(archive_.get(), "/waku/2/default-waku/proto", 20, nullptr);
    for (std::int64_t ts : {kNow - 21 * kSecond, kNow + 21 * kSecond, std::int64_t{0}}) {
      auto r = s.accept(push(ts), kNow);
      QCOMPARE(int(r.status_code), int(waku::LightPushStatus::INVALID_MESSAGE));
      QVERIFY(r.status_desc->rfind("INVALID_MESSAGE", 0) == 0);
    }
    auto noTs = push(kNow);
    noTs.message.timestamp.reset();
    QCOMPARE(int(s.accept(noTs, kNow).status_code), int(waku::LightPushStatus::INVALID_MESSAGE));
  }
  void ephemeralIsDeliveredNotStored() {
    int delivered = 0;
    std::string topic;
    LightpushService s(archive_.get(), "/waku/2/rs/0/1", 20, [&](const lezpay::archive::ArchivedMessage& m) -> bool {
      ++delivered;
      topic = m.pubsub_topic;
      if (m.hash != waku::computeMessageHash(m.pubsub_topic, m.message)) return false;
      return true;
    });
    const auto before = archive_->count().value();
    auto r = s.accept(push(kNow + 1, true), kNow);
    QCOMPARE(int(r.status_code), int(waku::LightPushStatus::SUCCESS));
    QCOMPARE(r.relay_peer_count.value_or(0), 1u);
    QCOMPARE(archive_->count().value(), before);
    QCOMPARE(delivered, 1);
    QCOMPARE(topic, std::string("/waku/2/rs/0/1"));  // no pubsub topic in the push: the node's default
  }
  void nowhereToGoIsNoPeersToRelay() {
    LightpushService s(nullptr, "/waku/2/default-waku/proto", 20, [](const lezpay::archive::ArchivedMessage&) { return false; });
    auto r = s.accept(push(kNow), kNow);
    QCOMPARE(int(r.status_code), int(waku::LightPushStatus::SUCCESS));
    QCOMPARE(r.relay_peer_count.value_or(99), 0u);
    QCOMPARE(int(waku::effectiveStatus(r)), int(waku::LightPushStatus::NO_PEERS_TO_RELAY));
  }
  void wireRefusals() {
    LightpushService s(archive_.get(), "/waku/2/default-waku/proto", 20, nullptr);
    auto r = waku::decodeLightPushResponse(s.handleWire({0x0a, 0x05, 'x'}));
    QVERIFY(r.ok());
    QCOMPARE(int(r->status_code), int(waku::LightPushStatus::BAD_REQUEST));
    QVERIFY(r->request_id.empty());
    auto big = waku::decodeLightPushResponse(LightpushService::oversizedResponse({"TOO_LARGE", "too large"}));
    QCOMPARE(int(big->status_code), int(waku::LightPushStatus::PAYLOAD_TOO_LARGE));
    // A well-formed push through the wire path uses the real clock.
    auto ok = waku::decodeLightPushResponse(s.handleWire(waku::encodeLightPushRequest(push(nowNanoseconds()))));
    QCOMPARE(int(ok->status_code), int(waku::LightPushStatus::SUCCESS));
  }
};

QTEST_GUILESS_MAIN(TstLightpushService)
#include "tst_lightpush_service.moc"
