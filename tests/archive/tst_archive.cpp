// Behaviour of lezpay::archive (waku-store.md §4, §8): one suite, run against every backend.
// SQLite always (a fresh file per test); PostgreSQL when LEZPAY_TEST_PG_URL names a database the
// test may drop the archive tables of (tests/functional/archive_postgresql.py starts one).

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include "archive_fixtures.h"
#include "archive_url.h"
#include "lezpay/archive/archive.h"
#include "lezpay/util/hex.h"

using namespace lezpay::archive;
using archive_test::makeMessage;

namespace {

constexpr std::int64_t kSecond = 1'000'000'000;
constexpr std::int64_t kBaseTs = 1'700'000'000 * kSecond;

QString hexOf(const waku::MessageHash& h) { return QString::fromStdString(lezpay::util::toHex(h)); }

// Full (timestamp, hash) order, the archive's reference order.
std::vector<ArchivedMessage> sortedByKey(std::vector<ArchivedMessage> v) {
  std::sort(v.begin(), v.end(), [](const ArchivedMessage& a, const ArchivedMessage& b) {
    return std::tie(a.timestamp_ns, a.hash) < std::tie(b.timestamp_ns, b.hash);
  });
  return v;
}

std::vector<waku::MessageHash> hashesOf(const std::vector<ArchivedMessage>& v) {
  std::vector<waku::MessageHash> out;
  for (const auto& m : v) out.push_back(m.hash);
  return out;
}

}  // namespace

class TestArchive : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;
  QString url_;  // the archive url of the running test
  int serial_ = 0;

  // Opens the archive of the running test (same url: reopen sees the same data).
  std::unique_ptr<Archive> open(Retention retention = {}) {
    ArchiveConfig config{url_.toStdString(), retention};
    auto archive = openArchive(config);
    if (!archive.ok()) {
      qWarning("openArchive(%s): %s %s", qPrintable(url_), archive.error().code.c_str(),
               archive.error().message.c_str());
      return nullptr;
    }
    return std::move(archive).value();
  }

  // Runs one statement on the test's database through a side connection (to corrupt rows the
  // archive wrote, as a disk error or a foreign writer would).
  bool sideExec(const QString& sql) {
    QFETCH_GLOBAL(QString, backend);
    const QString name = QStringLiteral("tst_archive_side");
    bool ok = false;
    {
      QSqlDatabase db;
      if (backend == QLatin1String("sqlite")) {
        db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(url_.mid(7));
      } else {
        auto parsed = parseArchiveUrl(url_.toStdString()).value();
        db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(QString::fromStdString(parsed.host));
        db.setPort(parsed.port);
        db.setUserName(QString::fromStdString(parsed.user));
        db.setPassword(QString::fromStdString(parsed.password));
        db.setDatabaseName(QString::fromStdString(parsed.dbname));
      }
      if (db.open()) {
        QSqlQuery q(db);
        ok = q.exec(sql);
        if (!ok) qWarning("side statement failed: %s", qPrintable(q.lastError().text()));
      }
      db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
  }

  void insertAll(Archive& a, const std::vector<ArchivedMessage>& ms) {
    auto n = a.insertBatch(ms);
    QVERIFY2(n.ok(), n.ok() ? "" : n.error().message.c_str());
    QCOMPARE(n.value(), ms.size());
  }

  // Walks every page of `query` and answers the hashes in the order a client would assemble
  // them (ascending), checking that each page ascends and that the cursor is the page edge.
  std::vector<waku::MessageHash> walk(Archive& a, ArchiveQuery query, int* pages = nullptr) {
    std::vector<waku::MessageHash> all;
    int count = 0;
    for (;;) {
      auto page = a.query(query);
      if (!page.ok()) {
        qWarning("query: %s", page.error().message.c_str());
        return {};
      }
      ++count;
      const auto& ms = page.value().messages;
      for (std::size_t i = 1; i < ms.size(); ++i) {
        if (std::tie(ms[i - 1].timestamp_ns, ms[i - 1].hash) >= std::tie(ms[i].timestamp_ns, ms[i].hash)) {
          qWarning("page is not ascending at %zu", i);
          return {};
        }
      }
      auto hashes = hashesOf(ms);
      if (query.forward) {
        all.insert(all.end(), hashes.begin(), hashes.end());
      } else {
        all.insert(all.begin(), hashes.begin(), hashes.end());
      }
      if (!page.value().next_cursor) break;
      const auto edge = query.forward ? ms.back().hash : ms.front().hash;
      if (*page.value().next_cursor != edge) {
        qWarning("next_cursor is not the page edge");
        return {};
      }
      query.cursor = page.value().next_cursor;
      if (count > 10000) break;
    }
    if (pages) *pages = count;
    return all;
  }

 private slots:
  void initTestCase_data() {
    QTest::addColumn<QString>("backend");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    QTest::newRow("postgresql") << QStringLiteral("postgresql");
  }

  void initTestCase() { QVERIFY(dir_.isValid()); }

  void init() {
    QFETCH_GLOBAL(QString, backend);
    if (backend == QLatin1String("sqlite")) {
      url_ = QStringLiteral("sqlite:%1/archive-%2.db").arg(dir_.path()).arg(++serial_);
      return;
    }
    const QByteArray pg = qgetenv("LEZPAY_TEST_PG_URL");
    if (pg.isEmpty()) {
      QSKIP("LEZPAY_TEST_PG_URL is not set: the PostgreSQL run is done by "
            "tests/functional/archive_postgresql.py, which starts a server on loopback");
    }
    url_ = QString::fromUtf8(pg);
    QVERIFY2(QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")),
             "LEZPAY_TEST_PG_URL is set but the Qt PostgreSQL driver QPSQL is not installed "
             "(Debian package libqt6sql6-psql)");
    // A clean database for every test: drop the archive's tables through a side connection.
    auto parsed = parseArchiveUrl(url_.toStdString());
    QVERIFY2(parsed.ok(), "LEZPAY_TEST_PG_URL does not parse");
    {
      QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("tst_archive_admin"));
      db.setHostName(QString::fromStdString(parsed.value().host));
      db.setPort(parsed.value().port);
      db.setUserName(QString::fromStdString(parsed.value().user));
      db.setPassword(QString::fromStdString(parsed.value().password));
      db.setDatabaseName(QString::fromStdString(parsed.value().dbname));
      QVERIFY2(db.open(), qPrintable(db.lastError().text()));
      QSqlQuery q(db);
      QVERIFY2(q.exec(QStringLiteral("DROP TABLE IF EXISTS messages, archive_meta")), qPrintable(q.lastError().text()));
      QVERIFY2(q.exec(QStringLiteral("DROP SCHEMA IF EXISTS tst_one, tst_two CASCADE")), qPrintable(q.lastError().text()));
      db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("tst_archive_admin"));
  }

  void sqliteFilesArePrivate() {
    QFETCH_GLOBAL(QString, backend);
    if (backend != QLatin1String("sqlite")) return;  // a file mode is a SQLite matter (no skip: the PostgreSQL run allows none)
    auto a = open();
    QVERIFY(a);
    QVERIFY(a->insertBatch({makeMessage(1, kBaseTs)}).ok());
    const QString path = url_.mid(QStringLiteral("sqlite:").size());
    const auto others = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther | QFileDevice::WriteOther;
    for (const QString& f : {path, path + QStringLiteral("-wal"), path + QStringLiteral("-shm")}) {
      if (!QFileInfo::exists(f)) continue;
      QVERIFY2(!(QFileInfo(f).permissions() & others), qPrintable(f + QStringLiteral(" is readable or writable by others")));
    }
  }

  // --- insert ---

  void insertIsIdempotentByHash() {
    auto a = open();
    QVERIFY(a);
    const auto m = makeMessage(1, kBaseTs);
    auto first = a->insert(m);
    QVERIFY2(first.ok(), first.ok() ? "" : first.error().message.c_str());
    QVERIFY(first.value());
    auto second = a->insert(m);
    QVERIFY(second.ok());
    QVERIFY(!second.value());
    QCOMPARE(a->count().value(), std::uint64_t{1});
    // A batch with the known message and two new ones adds two.
    auto n = a->insertBatch({m, makeMessage(2, kBaseTs), makeMessage(3, kBaseTs + 1)});
    QVERIFY(n.ok());
    QCOMPARE(n.value(), std::uint64_t{2});
    QCOMPARE(a->count().value(), std::uint64_t{3});
    // Inserting a batch twice adds nothing the second time.
    QCOMPARE(a->insertBatch({makeMessage(2, kBaseTs), makeMessage(3, kBaseTs + 1)}).value(), std::uint64_t{0});
    QCOMPARE(a->insertBatch({}).value(), std::uint64_t{0});
  }

  void largeBatchCountsOnlyNewMessages() {
    auto a = open();
    QVERIFY(a);
    std::vector<ArchivedMessage> earlier;
    for (int i = 0; i < 20; ++i) earlier.push_back(makeMessage(i, kBaseTs + i));
    insertAll(*a, earlier);
    // 250 entries over several statements: 20 archived before, 30 repeated inside the batch
    // (also across statement boundaries), 200 new.
    std::vector<ArchivedMessage> batch = earlier;
    for (int i = 20; i < 220; ++i) batch.push_back(makeMessage(i, kBaseTs + i));
    for (int i = 0; i < 30; ++i) batch.push_back(batch[static_cast<std::size_t>(25 + i * 6)]);
    auto n = a->insertBatch(batch);
    QVERIFY2(n.ok(), n.ok() ? "" : n.error().message.c_str());
    QCOMPARE(n.value(), std::uint64_t{200});
    QCOMPARE(a->count().value(), std::uint64_t{220});
  }

  void insertRejectsWhatCannotBeStored() {
    auto a = open();
    QVERIFY(a);
    auto ephemeral = makeMessage(1, kBaseTs);
    ephemeral.message.ephemeral = true;
    ephemeral.hash = waku::computeMessageHash(ephemeral.pubsub_topic, ephemeral.message);
    auto wrongHash = makeMessage(2, kBaseTs);
    wrongHash.hash[0] ^= 0x01;
    auto bigMeta = makeMessage(3, kBaseTs);
    bigMeta.message.meta = waku::Bytes(65, 0xaa);
    bigMeta.hash = waku::computeMessageHash(bigMeta.pubsub_topic, bigMeta.message);
    auto longTopic = makeMessage(4, kBaseTs, "/app/1/chat/proto", std::string(waku::kMaxTopicBytes + 1, 't'));
    for (const auto* m : {&ephemeral, &wrongHash, &bigMeta, &longTopic}) {
      auto r = a->insert(*m);
      QVERIFY(!r.ok());
      QCOMPARE(QString::fromStdString(r.error().code), QString(kInvalidMessage));
      QVERIFY(!r.error().message.empty());
    }
    QCOMPARE(a->count().value(), std::uint64_t{0});
  }

  void insertBatchIsAllOrNothing() {
    auto a = open();
    QVERIFY(a);
    auto bad = makeMessage(2, kBaseTs);
    bad.hash[31] ^= 0x80;
    auto r = a->insertBatch({makeMessage(1, kBaseTs), bad, makeMessage(3, kBaseTs)});
    QVERIFY(!r.ok());
    QCOMPARE(QString::fromStdString(r.error().code), QString(kInvalidMessage));
    QVERIFY2(r.error().message.find("message 1") != std::string::npos, r.error().message.c_str());
    QCOMPARE(a->count().value(), std::uint64_t{0});
  }

  // --- round trip ---

  void everyWakuMessageFieldRoundTrips() {
    auto a = open();
    QVERIFY(a);
    ArchivedMessage full;
    full.pubsub_topic = "/waku/2/rs/16/32";
    full.message.payload = {0x00, 0x01, 0xff, 0x00};
    full.message.content_topic = "/toy/2/ünïcode/proto";
    full.message.version = 7;
    full.message.timestamp = kBaseTs + 5;
    full.message.meta = waku::Bytes{0x73, 0x75, 0x70, 0x65, 0x72};
    full.message.rate_limit_proof = waku::Bytes(330, 0x5a);
    full.message.ephemeral = false;
    full.timestamp_ns = kBaseTs + 5;
    full.hash = waku::computeMessageHash(full.pubsub_topic, full.message);

    ArchivedMessage bare;  // every optional absent, empty payload and topics
    bare.message.timestamp = kBaseTs + 1;
    bare.timestamp_ns = kBaseTs + 1;
    bare.hash = waku::computeMessageHash(bare.pubsub_topic, bare.message);

    ArchivedMessage zeroes;  // present-but-zero values must stay present
    zeroes.pubsub_topic = "/waku/2/rs/0/0";
    zeroes.message.content_topic = "/a/1/b/proto";
    zeroes.message.version = 0;
    zeroes.message.timestamp = kBaseTs + 3;
    zeroes.message.meta = waku::Bytes{};
    zeroes.message.rate_limit_proof = waku::Bytes{};
    zeroes.timestamp_ns = kBaseTs + 3;
    zeroes.hash = waku::computeMessageHash(zeroes.pubsub_topic, zeroes.message);

    insertAll(*a, {full, bare, zeroes});
    ArchiveQuery q;
    q.include_data = true;
    q.forward = true;
    auto page = a->query(q);
    QVERIFY(page.ok());
    QCOMPARE(page.value().messages.size(), std::size_t{3});
    const std::vector<const ArchivedMessage*> expected{&bare, &zeroes, &full};  // timestamp order
    for (std::size_t i = 0; i < 3; ++i) {
      const auto& got = page.value().messages[i];
      QCOMPARE(hexOf(got.hash), hexOf(expected[i]->hash));
      QCOMPARE(got.timestamp_ns, expected[i]->timestamp_ns);
      QCOMPARE(QByteArray::fromStdString(got.pubsub_topic), QByteArray::fromStdString(expected[i]->pubsub_topic));
      QVERIFY2(got.message == expected[i]->message, qPrintable(QStringLiteral("message %1 differs").arg(i)));
    }
  }

  void includeDataOffAnswersHashesOnly() {
    auto a = open();
    QVERIFY(a);
    insertAll(*a, {makeMessage(1, kBaseTs), makeMessage(2, kBaseTs + 1)});
    ArchiveQuery q;
    q.forward = true;
    auto page = a->query(q);
    QVERIFY(page.ok());
    QCOMPARE(page.value().messages.size(), std::size_t{2});
    for (const auto& m : page.value().messages) {
      QVERIFY(m.pubsub_topic.empty());
      QVERIFY(m.message == waku::WakuMessage{});
      QVERIFY(m.hash != waku::MessageHash{});
    }
    QCOMPARE(hexOf(page.value().messages[0].hash), hexOf(makeMessage(1, kBaseTs).hash));
  }

  // --- filters ---

  void filtersByPubsubAndContentTopics() {
    auto a = open();
    QVERIFY(a);
    std::vector<ArchivedMessage> ms;
    const std::vector<std::string> topics{"/a/1/x/proto", "/a/1/y/proto", "/a/1/z/proto"};
    const std::vector<std::string> shards{"/waku/2/rs/0/0", "/waku/2/rs/0/1"};
    for (int i = 0; i < 60; ++i) {
      ms.push_back(makeMessage(i, kBaseTs + i, topics[i % 3], shards[(i / 3) % 2]));
    }
    insertAll(*a, ms);
    auto expect = [&](const ArchiveQuery& q, auto pred) {
      std::vector<ArchivedMessage> want;
      for (const auto& m : ms) {
        if (pred(m)) want.push_back(m);
      }
      return hashesOf(sortedByKey(want));
    };
    ArchiveQuery q;
    q.forward = true;
    q.limit = 7;
    q.pubsub_topic = shards[1];
    QCOMPARE(walk(*a, q), expect(q, [&](const ArchivedMessage& m) { return m.pubsub_topic == shards[1]; }));
    q.pubsub_topic.reset();
    q.content_topics = {topics[0], topics[2]};
    QCOMPARE(walk(*a, q), expect(q, [&](const ArchivedMessage& m) {
               return m.message.content_topic == topics[0] || m.message.content_topic == topics[2];
             }));
    q.forward = false;  // several topics are merged per page in both directions
    q.pubsub_topic = shards[0];
    QCOMPARE(walk(*a, q), expect(q, [&](const ArchivedMessage& m) {
               return (m.message.content_topic == topics[0] || m.message.content_topic == topics[2]) &&
                      m.pubsub_topic == shards[0];
             }));
    q.pubsub_topic.reset();
    q.forward = true;
    q.content_topics = {topics[1], topics[1]};  // a repeated topic counts once
    QCOMPARE(walk(*a, q), expect(q, [&](const ArchivedMessage& m) { return m.message.content_topic == topics[1]; }));
    q.pubsub_topic = shards[0];
    q.content_topics = {topics[1]};
    q.forward = false;
    QCOMPARE(walk(*a, q), expect(q, [&](const ArchivedMessage& m) {
               return m.message.content_topic == topics[1] && m.pubsub_topic == shards[0];
             }));
    q.content_topics = {"/a/1/none/proto"};
    auto none = a->query(q);
    QVERIFY(none.ok());
    QVERIFY(none.value().messages.empty());
    QVERIFY(!none.value().next_cursor);
  }

  void timeRangeBoundsAreInclusive() {
    auto a = open();
    QVERIFY(a);
    std::vector<ArchivedMessage> ms;
    for (int i = 0; i < 30; ++i) ms.push_back(makeMessage(i, kBaseTs + i));
    insertAll(*a, ms);
    auto range = [&](std::optional<std::int64_t> start, std::optional<std::int64_t> end) {
      ArchiveQuery q;
      q.forward = true;
      q.limit = 100;
      q.time_start = start;
      q.time_end = end;
      auto page = a->query(q);
      std::vector<std::int64_t> ts;
      if (page.ok()) {
        for (const auto& m : page.value().messages) ts.push_back(m.timestamp_ns - kBaseTs);
      }
      return ts;
    };
    QCOMPARE(range(kBaseTs + 12, kBaseTs + 15), (std::vector<std::int64_t>{12, 13, 14, 15}));
    QCOMPARE(range(kBaseTs + 27, std::nullopt), (std::vector<std::int64_t>{27, 28, 29}));
    QCOMPARE(range(std::nullopt, kBaseTs + 2), (std::vector<std::int64_t>{0, 1, 2}));
    QCOMPARE(range(kBaseTs + 7, kBaseTs + 7), (std::vector<std::int64_t>{7}));
    QCOMPARE(range(kBaseTs + 8, kBaseTs + 7), std::vector<std::int64_t>{});
    QCOMPARE(range(kBaseTs + 100, std::nullopt), std::vector<std::int64_t>{});
    QCOMPARE(range(std::nullopt, std::nullopt).size(), std::size_t{30});
  }

  // --- pagination ---

  void paginationHasNoGapOrDuplicateBothWays() {
    auto a = open();
    QVERIFY(a);
    std::vector<ArchivedMessage> ms;
    // 237 messages, many sharing a timestamp, so ties are broken by hash across page edges.
    for (int i = 0; i < 237; ++i) ms.push_back(makeMessage(i, kBaseTs + (i / 4)));
    insertAll(*a, ms);
    const auto want = hashesOf(sortedByKey(ms));
    for (std::uint64_t limit : {1, 3, 10, 20, 100}) {
      for (bool forward : {true, false}) {
        ArchiveQuery q;
        q.forward = forward;
        q.limit = limit;
        int pages = 0;
        const auto got = walk(*a, q, &pages);
        QVERIFY2(got == want, qPrintable(QStringLiteral("limit %1 forward %2: %3 of %4 hashes in order")
                                             .arg(limit).arg(forward).arg(got.size()).arg(want.size())));
        QCOMPARE(pages, static_cast<int>((237 + limit - 1) / limit));
      }
    }
  }

  void backwardStartsAtTheNewest() {
    auto a = open();
    QVERIFY(a);
    std::vector<ArchivedMessage> ms;
    for (int i = 0; i < 50; ++i) ms.push_back(makeMessage(i, kBaseTs + i));
    insertAll(*a, ms);
    ArchiveQuery q;
    q.forward = false;
    q.limit = 5;
    auto page = a->query(q);
    QVERIFY(page.ok());
    QCOMPARE(page.value().messages.size(), std::size_t{5});
    QCOMPARE(page.value().messages.front().timestamp_ns, kBaseTs + 45);  // ascending within the page
    QCOMPARE(page.value().messages.back().timestamp_ns, kBaseTs + 49);
    QVERIFY(page.value().next_cursor);
    QCOMPARE(hexOf(*page.value().next_cursor), hexOf(ms[45].hash));
    q.forward = true;
    auto first = a->query(q);
    QCOMPARE(first.value().messages.front().timestamp_ns, kBaseTs);
    QCOMPARE(hexOf(*first.value().next_cursor), hexOf(ms[4].hash));
  }

  void cursorAtTheBoundaryEndsWithoutCursor() {
    auto a = open();
    QVERIFY(a);
    std::vector<ArchivedMessage> ms;
    for (int i = 0; i < 40; ++i) ms.push_back(makeMessage(i, kBaseTs + i));
    insertAll(*a, ms);
    for (bool forward : {true, false}) {
      ArchiveQuery q;
      q.forward = forward;
      q.limit = 20;
      auto p1 = a->query(q);
      QVERIFY(p1.ok());
      QCOMPARE(p1.value().messages.size(), std::size_t{20});
      QVERIFY(p1.value().next_cursor);
      q.cursor = p1.value().next_cursor;
      auto p2 = a->query(q);
      QVERIFY(p2.ok());
      // Exactly the remaining 20: a full page, and no cursor because nothing follows.
      QCOMPARE(p2.value().messages.size(), std::size_t{20});
      QVERIFY2(!p2.value().next_cursor, "a page that ends exactly at the last message must not carry a cursor");
      // A cursor on the very last (forward) / first (backward) message: empty, no cursor.
      q.cursor = forward ? ms.back().hash : ms.front().hash;
      auto p3 = a->query(q);
      QVERIFY(p3.ok());
      QVERIFY(p3.value().messages.empty());
      QVERIFY(!p3.value().next_cursor);
    }
  }

  void lastPageIsPartialWithoutCursor() {
    auto a = open();
    QVERIFY(a);
    std::vector<ArchivedMessage> ms;
    for (int i = 0; i < 25; ++i) ms.push_back(makeMessage(i, kBaseTs + i));
    insertAll(*a, ms);
    ArchiveQuery q;
    q.forward = true;
    q.limit = 10;
    q.cursor = ms[19].hash;
    auto page = a->query(q);
    QVERIFY(page.ok());
    QCOMPARE(page.value().messages.size(), std::size_t{5});
    QCOMPARE(hexOf(page.value().messages.front().hash), hexOf(ms[20].hash));
    QVERIFY(!page.value().next_cursor);
  }

  void emptyArchiveAnswersEmptyPage() {
    auto a = open();
    QVERIFY(a);
    for (bool forward : {true, false}) {
      ArchiveQuery q;
      q.forward = forward;
      q.include_data = true;
      auto page = a->query(q);
      QVERIFY(page.ok());
      QVERIFY(page.value().messages.empty());
      QVERIFY(!page.value().next_cursor);
    }
    QCOMPARE(a->count().value(), std::uint64_t{0});
  }

  void unknownCursorIsCursorNotFound() {
    auto a = open();
    QVERIFY(a);
    insertAll(*a, {makeMessage(1, kBaseTs)});
    ArchiveQuery q;
    q.cursor = makeMessage(2, kBaseTs).hash;
    auto page = a->query(q);
    QVERIFY(!page.ok());
    QCOMPARE(QString::fromStdString(page.error().code), QString(kCursorNotFound));
    // The archive stays usable.
    q.cursor.reset();
    QVERIFY(a->query(q).ok());
  }

  void cursorOutsideTheFilterStillPositions() {
    // nwaku resolves the cursor to its row whatever the filters; so do we.
    auto a = open();
    QVERIFY(a);
    std::vector<ArchivedMessage> ms;
    for (int i = 0; i < 10; ++i) ms.push_back(makeMessage(i, kBaseTs + i, i % 2 ? "/a/1/odd/proto" : "/a/1/even/proto"));
    insertAll(*a, ms);
    ArchiveQuery q;
    q.forward = true;
    q.content_topics = {"/a/1/odd/proto"};
    q.cursor = ms[4].hash;  // an even message
    auto page = a->query(q);
    QVERIFY(page.ok());
    QCOMPARE(page.value().messages.size(), std::size_t{3});  // 5, 7, 9
    QCOMPARE(page.value().messages.front().timestamp_ns, kBaseTs + 5);
  }

  // --- hash lookup ---

  void hashLookupAnswersThePresentOnesAscending() {
    auto a = open();
    QVERIFY(a);
    std::vector<ArchivedMessage> ms;
    for (int i = 0; i < 30; ++i) ms.push_back(makeMessage(i, kBaseTs + 30 - i));  // descending insert order
    insertAll(*a, ms);
    ArchiveQuery q;
    q.forward = true;
    q.message_hashes = {ms[3].hash, makeMessage(999, kBaseTs).hash, ms[20].hash, ms[3].hash, ms[11].hash};
    auto page = a->query(q);
    QVERIFY(page.ok());
    const std::vector<waku::MessageHash> want{ms[20].hash, ms[11].hash, ms[3].hash};  // by timestamp
    QCOMPARE(hashesOf(page.value().messages), want);
    QVERIFY(!page.value().next_cursor);
    // include_data answers the messages themselves.
    q.include_data = true;
    q.forward = false;
    auto full = a->query(q);
    QVERIFY(full.ok());
    QCOMPARE(hashesOf(full.value().messages), want);
    QVERIFY(full.value().messages[2].message == ms[3].message);
    QCOMPARE(QString::fromStdString(full.value().messages[2].pubsub_topic), QString::fromStdString(ms[3].pubsub_topic));
    // Pages through a lookup like through any other query.
    q.include_data = false;
    q.message_hashes = hashesOf(ms);
    q.limit = 4;
    QCOMPARE(walk(*a, q), hashesOf(sortedByKey(ms)));
    // Only unknown hashes: empty.
    q.message_hashes = {makeMessage(1000, kBaseTs).hash};
    auto empty = a->query(q);
    QVERIFY(empty.ok());
    QVERIFY(empty.value().messages.empty());
  }

  void hashLookupOfTheLargestAllowedList() {
    auto a = open();
    QVERIFY(a);
    std::vector<ArchivedMessage> ms;
    for (int i = 0; i < 300; ++i) ms.push_back(makeMessage(i, kBaseTs + i));
    insertAll(*a, ms);
    ArchiveQuery q;
    q.forward = true;
    q.limit = 100;
    for (std::size_t i = 0; i < waku::kMaxMessageHashes; ++i) {
      q.message_hashes.push_back(i % 3 == 0 ? ms[i % ms.size()].hash : makeMessage(100000 + int(i), 1).hash);
    }
    // Ten topics and a thousand hashes in one statement: ~10,000 parameters on either backend.
    for (int k = 0; k < 10; ++k) q.content_topics.push_back("/t/" + std::to_string(k));
    q.content_topics[0] = ms[0].message.content_topic;
    std::vector<ArchivedMessage> want;
    for (std::size_t i = 0; i < ms.size(); ++i) {
      if (i % 3 == 0) want.push_back(ms[i]);
    }
    QCOMPARE(walk(*a, q), hashesOf(sortedByKey(want)));
  }

  // --- retention ---

  void retentionByAgeDeletesStrictlyOlder() {
    Retention r;
    r.max_age_seconds = 30;
    auto a = open(r);
    QVERIFY(a);
    const std::int64_t now = kBaseTs + 1000 * kSecond;
    insertAll(*a, {makeMessage(1, now - 100 * kSecond), makeMessage(2, now - 31 * kSecond),
                   makeMessage(3, now - 30 * kSecond), makeMessage(4, now - 10 * kSecond)});
    auto deleted = a->applyRetention(now);
    QVERIFY(deleted.ok());
    QCOMPARE(deleted.value(), std::uint64_t{2});
    QCOMPARE(a->count().value(), std::uint64_t{2});  // the message exactly at the cutoff stays
    QCOMPARE(a->applyRetention(now).value(), std::uint64_t{0});
    ArchiveQuery q;
    q.forward = true;
    auto page = a->query(q);
    QCOMPARE(page.value().messages.front().timestamp_ns, now - 30 * kSecond);
  }

  void retentionByCountKeepsTheNewest() {
    Retention r;
    r.max_messages = 20;
    auto a = open(r);
    QVERIFY(a);
    std::vector<ArchivedMessage> ms;
    for (int i = 0; i < 53; ++i) ms.push_back(makeMessage(i, kBaseTs + i / 2));  // ties at the cut
    insertAll(*a, ms);
    auto deleted = a->applyRetention(kBaseTs);
    QVERIFY(deleted.ok());
    QCOMPARE(deleted.value(), std::uint64_t{33});
    QCOMPARE(a->count().value(), std::uint64_t{20});
    const auto sorted = hashesOf(sortedByKey(ms));
    ArchiveQuery q;
    q.forward = true;
    q.limit = 100;
    QCOMPARE(hashesOf(a->query(q).value().messages), std::vector<waku::MessageHash>(sorted.end() - 20, sorted.end()));
    QCOMPARE(a->applyRetention(kBaseTs).value(), std::uint64_t{0});
  }

  void retentionByAgeAndCountTogether() {
    Retention r;
    r.max_age_seconds = 100;
    r.max_messages = 5;
    auto a = open(r);
    QVERIFY(a);
    const std::int64_t now = kBaseTs + 1000 * kSecond;
    std::vector<ArchivedMessage> ms;
    for (int i = 0; i < 4; ++i) ms.push_back(makeMessage(i, now - 500 * kSecond + i));  // too old
    for (int i = 4; i < 12; ++i) ms.push_back(makeMessage(i, now - 50 * kSecond + i));  // young, 8 of them
    insertAll(*a, ms);
    QCOMPARE(a->applyRetention(now).value(), std::uint64_t{4 + 3});
    QCOMPARE(a->count().value(), std::uint64_t{5});
  }

  void noRetentionDeletesNothing() {
    auto a = open();
    QVERIFY(a);
    insertAll(*a, {makeMessage(1, 1), makeMessage(2, 2)});
    QCOMPARE(a->applyRetention(kBaseTs).value(), std::uint64_t{0});
    QCOMPARE(a->count().value(), std::uint64_t{2});
  }

  // --- lifecycle ---

  void reopenAfterCloseKeepsData() {
    std::vector<ArchivedMessage> ms;
    for (int i = 0; i < 12; ++i) ms.push_back(makeMessage(i, kBaseTs + i));
    {
      auto a = open();
      QVERIFY(a);
      insertAll(*a, ms);
    }
    auto b = open();
    QVERIFY(b);
    QCOMPARE(b->count().value(), std::uint64_t{12});
    ArchiveQuery q;
    q.include_data = true;
    q.forward = true;
    q.limit = 100;
    auto page = b->query(q);
    QVERIFY(page.ok());
    QCOMPARE(page.value().messages.size(), std::size_t{12});
    QVERIFY(page.value().messages[7].message == ms[7].message);
    QVERIFY(!b->insert(ms[0]).value());  // still known
  }

  void twoArchivesShareOneDatabase() {
    auto a = open();
    auto b = open();
    QVERIFY(a && b);
    QVERIFY(a->insert(makeMessage(1, kBaseTs)).value());
    QVERIFY(!b->insert(makeMessage(1, kBaseTs)).value());
    QVERIFY(b->insert(makeMessage(2, kBaseTs)).value());
    QCOMPARE(a->count().value(), std::uint64_t{2});
    b.reset();  // closing one leaves the other working
    QCOMPARE(a->count().value(), std::uint64_t{2});
  }

  void archivesOnSeveralThreads() {
    // Each thread opens and uses its own Archive (Qt Sql connections are thread-bound); all write
    // the same database at once.
    constexpr int kThreads = 4;
    constexpr int kPerThread = 150;
    const std::string url = url_.toStdString();
    std::vector<std::string> errors(kThreads);
    std::vector<std::unique_ptr<QThread>> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back(QThread::create([t, url, &errors] {
        auto opened = openArchive({url, {}});
        if (!opened.ok()) {
          errors[t] = opened.error().message;
          return;
        }
        for (int i = 0; i < kPerThread; ++i) {
          const int id = t * 1000 + i;
          const auto m = makeMessage(id, kBaseTs + id);
          std::string error;  // odd messages one by one, even ones as one-message batches
          if (i % 2) {
            if (auto r = opened.value()->insert(m); !r.ok()) error = r.error().message;
          } else {
            if (auto r = opened.value()->insertBatch({m}); !r.ok()) error = r.error().message;
          }
          if (!error.empty()) {
            errors[t] = error;
            return;
          }
          ArchiveQuery q;
          q.limit = 5;
          if (auto page = opened.value()->query(q); !page.ok()) {
            errors[t] = page.error().message;
            return;
          }
        }
      }));
      threads.back()->start();
    }
    for (auto& th : threads) QVERIFY(th->wait(120000));
    for (int t = 0; t < kThreads; ++t) QVERIFY2(errors[t].empty(), errors[t].c_str());
    auto a = open();
    QVERIFY(a);
    QCOMPARE(a->count().value(), std::uint64_t{kThreads * kPerThread});
  }

  void corruptRowsAreErrorsNotCrashes() {
    auto a = open();
    QVERIFY(a);
    const auto m = makeMessage(1, kBaseTs);
    insertAll(*a, {m, makeMessage(2, kBaseTs + 1)});
    QFETCH_GLOBAL(QString, backend);
    const QString blob = backend == QLatin1String("sqlite") ? QStringLiteral("x'ff'") : QStringLiteral("'\\xff'::bytea");
    QVERIFY(sideExec("UPDATE messages SET message = " + blob + " WHERE timestamp_ns = " + QString::number(kBaseTs)));
    ArchiveQuery q;
    q.include_data = true;
    auto page = a->query(q);
    QVERIFY(!page.ok());
    QCOMPARE(QString::fromStdString(page.error().code), QString(kArchiveUnavailable));
    QVERIFY2(page.error().message.find("corrupt") != std::string::npos, page.error().message.c_str());
    q.include_data = false;  // hashes alone are still answered
    QVERIFY(a->query(q).ok());
    QVERIFY(sideExec("UPDATE messages SET hash = " + blob + " WHERE timestamp_ns = " + QString::number(kBaseTs)));
    page = a->query(q);
    QVERIFY(!page.ok());
    QCOMPARE(QString::fromStdString(page.error().code), QString(kArchiveUnavailable));
    QCOMPARE(a->count().value(), std::uint64_t{2});  // and the archive keeps working
  }

  void notADatabaseIsArchiveUnavailable() {
    QFETCH_GLOBAL(QString, backend);
    if (backend == QLatin1String("postgresql")) {  // the server's equivalent: no such database
      auto parsed = parseArchiveUrl(url_.toStdString()).value();
      const std::string missing = "postgresql://" + parsed.user + ":" + parsed.password + "@" + parsed.host + ":" +
                                  std::to_string(parsed.port) + "/lezpay_no_such_database";
      auto r = openArchive({missing, {}});
      QVERIFY(!r.ok());
      QCOMPARE(QString::fromStdString(r.error().code), QString(kArchiveUnavailable));
      return;
    }
    const QString path = dir_.path() + QStringLiteral("/garbage.db");
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray(8192, 'x'));
    f.close();
    auto r = openArchive({"sqlite:" + path.toStdString(), {}});
    QVERIFY(!r.ok());
    QCOMPARE(QString::fromStdString(r.error().code), QString(kArchiveUnavailable));
  }

  void backendIsReported() {
    QFETCH_GLOBAL(QString, backend);
    auto a = open();
    QVERIFY(a);
    QCOMPARE(QString::fromStdString(a->backend()), backend);
  }

  void badConfigIsInvalidArchiveConfig() {
    for (const char* url : {"", "mysql://x/y", "sqlite:", "postgresql://host", "postgresql://host:0/db",
                            "postgresql://host:99999/db", "postgresql:///db", "postgresql://u@h/db?sslmode=require", "postgresql://u@h/db?schema=No"}) {
      auto r = openArchive({url, {}});
      QVERIFY2(!r.ok(), url);
      QCOMPARE(QString::fromStdString(r.error().code), QString(kInvalidConfig));
    }
    Retention zeroAge;
    zeroAge.max_age_seconds = 0;
    Retention zeroCount;
    zeroCount.max_messages = 0;
    Retention hugeAge;
    hugeAge.max_age_seconds = std::numeric_limits<std::int64_t>::max();
    for (const auto& r : {zeroAge, zeroCount, hugeAge}) {
      auto opened = openArchive({url_.toStdString(), r});
      QVERIFY(!opened.ok());
      QCOMPARE(QString::fromStdString(opened.error().code), QString(kInvalidConfig));
    }
  }

  void unreachableDatabaseIsArchiveUnavailable() {
    QFETCH_GLOBAL(QString, backend);
    const std::string url = backend == QLatin1String("sqlite")
                                ? "sqlite:/proc/lezpay-no-such-dir/archive.db"
                                : "postgresql://nobody@127.0.0.1:1/nothing";
    auto r = openArchive({url, {}});
    QVERIFY(!r.ok());
    QCOMPARE(QString::fromStdString(r.error().code), QString(kArchiveUnavailable));
  }

  void passwordNeverInErrors() {
    QFETCH_GLOBAL(QString, backend);
    if (backend != QLatin1String("postgresql")) QSKIP("PostgreSQL urls only");
    auto r = openArchive({"postgresql://nobody:s3cr3t-pw@127.0.0.1:1/nothing", {}});
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.find("s3cr3t-pw") == std::string::npos, r.error().message.c_str());
  }

  void wrongPasswordIsUnavailableWithoutLeakingIt() {
    QFETCH_GLOBAL(QString, backend);
    if (backend != QLatin1String("postgresql")) QSKIP("PostgreSQL authenticates, SQLite does not");
    auto parsed = parseArchiveUrl(url_.toStdString()).value();
    const std::string wrong = "postgresql://" + parsed.user + ":not-" + parsed.password + "-x@" + parsed.host + ":" +
                              std::to_string(parsed.port) + "/" + parsed.dbname;
    auto r = openArchive({wrong, {}});
    QVERIFY(!r.ok());
    QCOMPARE(QString::fromStdString(r.error().code), QString(kArchiveUnavailable));
    QVERIFY2(r.error().message.find("not-") == std::string::npos, r.error().message.c_str());
    QVERIFY2(r.error().message.find("***") != std::string::npos, r.error().message.c_str());
  }

  void schemaParameterSeparatesArchivesInOneDatabase() {
    QFETCH_GLOBAL(QString, backend);
    if (backend != QLatin1String("postgresql")) QSKIP("schemas are a PostgreSQL url parameter");
    auto one = openArchive({url_.toStdString() + "?schema=tst_one", {}});
    auto two = openArchive({url_.toStdString() + "?schema=tst_two", {}});
    QVERIFY2(one.ok(), one.ok() ? "" : one.error().message.c_str());
    QVERIFY2(two.ok(), two.ok() ? "" : two.error().message.c_str());
    QVERIFY(one.value()->insert(makeMessage(1, kBaseTs)).value());
    QVERIFY(two.value()->insert(makeMessage(1, kBaseTs)).value());  // a different table: new there too
    QVERIFY(two.value()->insert(makeMessage(2, kBaseTs)).value());
    QCOMPARE(one.value()->count().value(), std::uint64_t{1});
    QCOMPARE(two.value()->count().value(), std::uint64_t{2});
    auto plain = open();  // the default schema holds neither
    QVERIFY(plain);
    QCOMPARE(plain->count().value(), std::uint64_t{0});
    // Reopening finds the schema's data again (search_path is set on every connection).
    one.value().reset();
    auto again = openArchive({url_.toStdString() + "?schema=tst_one", {}});
    QVERIFY(again.ok());
    QCOMPARE(again.value()->count().value(), std::uint64_t{1});
  }

  void serverRestartIsUnavailableThenReconnects() {
    QFETCH_GLOBAL(QString, backend);
    if (backend != QLatin1String("postgresql")) QSKIP("a server restart exists only with PostgreSQL");
    // archive_postgresql.py passes the command that restarts its server, as a JSON array.
    const QByteArray command = qgetenv("LEZPAY_TEST_PG_RESTART");
    if (command.isEmpty()) QSKIP("LEZPAY_TEST_PG_RESTART is not set (archive_postgresql.py sets it)");
    const QJsonArray argv = QJsonDocument::fromJson(command).array();
    QVERIFY2(!argv.isEmpty(), "LEZPAY_TEST_PG_RESTART is not a JSON array of strings");
    auto a = open();
    QVERIFY(a);
    insertAll(*a, {makeMessage(1, kBaseTs)});
    QStringList args;
    for (qsizetype i = 1; i < argv.size(); ++i) args << argv[i].toString();
    QCOMPARE(QProcess::execute(argv[0].toString(), args), 0);
    auto failed = a->insert(makeMessage(2, kBaseTs));
    QVERIFY2(!failed.ok(), "the first call after a server restart must fail");
    QCOMPARE(QString::fromStdString(failed.error().code), QString(kArchiveUnavailable));
    auto again = a->insert(makeMessage(2, kBaseTs));
    QVERIFY2(again.ok(), again.ok() ? "" : again.error().message.c_str());
    QVERIFY(again.value());
    QCOMPARE(a->count().value(), std::uint64_t{2});
  }

  void droppedConnectionIsUnavailableThenReconnects() {
    QFETCH_GLOBAL(QString, backend);
    if (backend != QLatin1String("postgresql")) QSKIP("a server connection exists only with PostgreSQL");
    auto a = open();
    QVERIFY(a);
    insertAll(*a, {makeMessage(1, kBaseTs)});
    // Kill the archive's server process from a side connection, as a restart or a network cut would.
    auto parsed = parseArchiveUrl(url_.toStdString()).value();
    {
      QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("tst_archive_killer"));
      db.setHostName(QString::fromStdString(parsed.host));
      db.setPort(parsed.port);
      db.setUserName(QString::fromStdString(parsed.user));
      db.setPassword(QString::fromStdString(parsed.password));
      db.setDatabaseName(QString::fromStdString(parsed.dbname));
      QVERIFY2(db.open(), qPrintable(db.lastError().text()));
      QSqlQuery q(db);
      QVERIFY2(q.exec(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                     "WHERE application_name = 'lezpay-archive' AND pid <> pg_backend_pid()")),
               qPrintable(q.lastError().text()));
      QVERIFY(q.next());
      db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("tst_archive_killer"));
    auto failed = a->count();
    QVERIFY2(!failed.ok(), "the first call on a killed connection must fail");
    QCOMPARE(QString::fromStdString(failed.error().code), QString(kArchiveUnavailable));
    auto again = a->count();
    QVERIFY2(again.ok(), again.ok() ? "" : again.error().message.c_str());
    QCOMPARE(again.value(), std::uint64_t{1});
    QVERIFY(a->insert(makeMessage(2, kBaseTs)).value());
  }
};

QTEST_GUILESS_MAIN(TestArchive)
#include "tst_archive.moc"
