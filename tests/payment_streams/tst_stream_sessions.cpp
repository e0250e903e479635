// Provider sessions: the bounded replay window, the session book's bound and eviction order,
// candidate lookup, one pending proposal per vault, and the N8 reader the replay memory keys on.
#include <QtTest>

#include "eligibility_fixture.h"
#include "lez/stream_eligibility/canonical_request_reader.h"

using namespace fixture;

namespace {

se::ProviderSession sessionWith(std::uint8_t keySeed, ls::Timestamp deadline, std::optional<ls::StreamId> bound = std::nullopt,
                                ls::VaultId vault = kVault) {
  se::ProviderSession s = session();
  s.sessionKey = key(keySeed).publicKey().bytes();
  s.params.create_stream_deadline = deadline;
  s.boundStreamId = bound;
  s.vaultId = vault;
  return s;
}

}  // namespace

class TstStreamSessions : public QObject {
  Q_OBJECT

 private slots:
  void replayWindowIsBounded() {
    se::ReplayWindow w(3);
    for (const char* id : {"a", "b", "c"}) w.insert(id);
    QVERIFY(w.contains("a") && w.contains("b") && w.contains("c"));
    w.insert("b");  // known ids are not re-added
    QCOMPARE(w.ids().size(), std::size_t{3});
    w.insert("d");
    QVERIFY(!w.contains("a"));  // the oldest is forgotten first
    QVERIFY(w.contains("d"));
    QCOMPARE(w.ids().front(), std::string("b"));
    w.setCapacity(1);
    QCOMPARE(w.ids().size(), std::size_t{1});
    QVERIFY(w.contains("d") && !w.contains("c"));
    se::ReplayWindow zero(0);
    QCOMPARE(zero.capacity(), std::size_t{1});
  }

  void replayRefusedWithinTheWindowAcrossManyRequests() {
    se::SessionBook book(4);
    book.insert(session(), kNow);
    auto* s = book.find(sessionKey().publicKey().bytes());
    for (int i = 0; i < 4; ++i) se::commitProof(book, *s, 5, "r" + std::to_string(i));
    const auto pr = proof(n8("x"));
    for (int i = 0; i < 4; ++i) {
      QVERIFY(se::precheckProof(*s, pr, {"r" + std::to_string(i)}, policy()).verdict == se::Verdict::ProofInvalid);
    }
    se::commitProof(book, *s, 5, "r4");  // window 4: r0 leaves memory
    QCOMPARE(s->replay.ids().size(), std::size_t{4});
    QVERIFY(se::precheckProof(*s, pr, {"r0"}, policy()).verdict == se::Verdict::Ok);
  }

  void bookEvictsExpiredUnboundFirstThenLeastRecentlyUsed() {
    se::SessionBook book(3);
    QVERIFY(book.insert(sessionWith(1, kNow + 100, 1), kNow).empty());
    QVERIFY(book.insert(sessionWith(2, kNow - 1), kNow).empty());  // unbound, deadline passed
    QVERIFY(book.insert(sessionWith(3, kNow + 100, 3), kNow).empty());
    auto evicted = book.insert(sessionWith(4, kNow + 100), kNow);
    QCOMPARE(evicted.size(), std::size_t{1});
    QVERIFY(evicted[0] == key(2).publicKey().bytes());
    book.touch(*book.find(key(1).publicKey().bytes()));  // 3 is now the least recently used
    evicted = book.insert(sessionWith(5, kNow + 100), kNow);
    QVERIFY(evicted.size() == 1 && evicted[0] == key(3).publicKey().bytes());
    QCOMPARE(book.size(), std::size_t{3});
    QVERIFY(book.insert(sessionWith(5, kNow + 200), kNow).empty());  // replacing is not growing
    book.setMaxSessions(1);
    evicted = book.insert(sessionWith(6, kNow + 100), kNow);
    QCOMPARE(evicted.size(), std::size_t{3});
    QCOMPARE(book.size(), std::size_t{1});
  }

  void candidatesAndPending() {
    se::SessionBook book(8);
    auto mine = sessionWith(1, kNow + 100);
    mine.requesterPeerId = "me";
    book.insert(mine, kNow);
    book.insert(sessionWith(2, kNow + 100, 7), kNow);
    book.insert(sessionWith(3, kNow + 100, 8), kNow);
    auto c = book.candidates(7, "me");
    QCOMPARE(c.size(), std::size_t{2});
    QVERIFY(c[0]->sessionKey == key(1).publicKey().bytes());  // the requester's own session first
    QCOMPARE(book.candidates(9, "").size(), std::size_t{1});   // only the unbound one
    QVERIFY(book.pendingFor(owner(), kVault, kNow) != nullptr);
    QVERIFY(book.pendingFor(owner(), kVault, kNow + 101) == nullptr);  // past its deadline
    QVERIFY(book.pendingFor(owner(), kVault + 1, kNow) == nullptr);
    QVERIFY(book.pendingFor(provider(), kVault, kNow) == nullptr);
  }

  void proposalAttemptsAreLimitedPerVaultAndWindow() {
    se::ProposalAttempts a(3, 600);
    for (int i = 0; i < 3; ++i) {
      QVERIFY(a.allowed(owner(), kVault, kNow + i));
      a.record(owner(), kVault, kNow + i);
    }
    QVERIFY(!a.allowed(owner(), kVault, kNow + 10));
    QVERIFY(a.allowed(owner(), kVault + 1, kNow + 10));  // another vault
    QVERIFY(a.allowed(provider(), kVault, kNow + 10));   // another owner
    QVERIFY(!a.allowed(owner(), kVault, kNow + 599));
    QVERIFY(a.allowed(owner(), kVault, kNow + 600));     // the first attempt left the window
    a.configure(0, 600);
    QVERIFY(!a.allowed(owner(), kVault + 7, kNow));
  }

  void canonicalReaderTakesTheRequestId() {
    auto info = se::readCanonicalRequest(n8("req-42"));
    QVERIFY2(info.ok(), qPrintable(QString::fromStdString(info.ok() ? "" : info.error().message)));
    QCOMPARE(info->requestId, std::string("req-42"));
    waku::StoreQueryRequest minimal;
    minimal.request_id = "m";
    auto m = se::readCanonicalRequest(waku::canonicalStoreRequest(minimal));
    QVERIFY(m.ok());
    QCOMPARE(m->requestId, std::string("m"));
  }

  void canonicalReaderRejectsMalformedInput() {
    const auto good = n8("req-42");
    for (std::size_t len = 0; len < good.size(); ++len) {
      std::vector<std::uint8_t> cut(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(len));
      auto r = se::readCanonicalRequest(cut);
      QVERIFY2(!r.ok(), qPrintable(QString("truncated to %1 bytes").arg(len)));
      QCOMPARE(r.error().code, std::string(se::kInvalidCanonicalRequest));
    }
    auto trailing = good;
    trailing.push_back(0);
    QVERIFY(!se::readCanonicalRequest(trailing).ok());
    auto prefix = good;
    prefix[3] ^= 0x20;
    QVERIFY(!se::readCanonicalRequest(prefix).ok());
    auto presence = good;
    presence[32 + 4 + 6 + 1] = 2;  // pubsub_topic presence byte after request_id and include_data
    QVERIFY(!se::readCanonicalRequest(presence).ok());
    waku::StoreQueryRequest empty;
    QVERIFY(!se::readCanonicalRequest(waku::canonicalStoreRequest(empty)).ok());  // empty request_id
    waku::StoreQueryRequest bad;
    bad.request_id = std::string("\xff\xfe", 2);
    QVERIFY(!se::readCanonicalRequest(waku::canonicalStoreRequest(bad)).ok());  // not UTF-8
    waku::StoreQueryRequest longId;
    longId.request_id = std::string(257, 'a');
    QVERIFY(!se::readCanonicalRequest(waku::canonicalStoreRequest(longId)).ok());
    std::vector<std::uint8_t> huge(se::kMaxCanonicalRequestBytes + 1, 0);
    QVERIFY(!se::readCanonicalRequest(huge).ok());
  }
};

QTEST_APPLESS_MAIN(TstStreamSessions)
#include "tst_stream_sessions.moc"
