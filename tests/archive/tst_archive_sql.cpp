// The pure parts of lezpay::archive: url parsing and redaction, the SQL text of a page (filters,
// order, exclusive cursor, limit + 1), retention arithmetic and the storable checks.

#include <limits>
#include <random>

#include <QtTest>

#include "archive_fixtures.h"
#include "archive_url.h"
#include "retention_rules.h"
#include "sql_text.h"
#include "storable_message.h"

using namespace lezpay::archive;

class TestArchiveSql : public QObject {
  Q_OBJECT

 private slots:
  void parsesUrls_data() {
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("pg");
    QTest::addColumn<QString>("path_or_host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("dbname");
    QTest::newRow("sqlite relative") << "sqlite:data/store.db" << false << "data/store.db" << 0 << "" << "" << "";
    QTest::newRow("sqlite absolute") << "sqlite:/var/x.db" << false << "/var/x.db" << 0 << "" << "" << "";
    QTest::newRow("sqlite nwaku style") << "sqlite:///var/x.db" << false << "/var/x.db" << 0 << "" << "" << "";
    QTest::newRow("sqlite memory") << "sqlite::memory:" << false << ":memory:" << 0 << "" << "" << "";
    QTest::newRow("pg full") << "postgresql://alice:pw@db.example:6543/store" << true << "db.example" << 6543
                             << "alice" << "pw" << "store";
    QTest::newRow("pg short scheme") << "postgres://bob@127.0.0.1/s" << true << "127.0.0.1" << 5432 << "bob" << ""
                                     << "s";
    QTest::newRow("pg no user") << "postgresql://localhost:5433/s" << true << "localhost" << 5433 << "" << "" << "s";
    QTest::newRow("pg percent") << "postgresql://a%40b:p%3Aw%2F@h/d" << true << "h" << 5432 << "a@b" << "p:w/"
                                << "d";
    QTest::newRow("pg ipv6") << "postgresql://u@[::1]:7000/d" << true << "::1" << 7000 << "u" << "" << "d";
    QTest::newRow("pg schema") << "postgresql://u@h/d?schema=t_abc123" << true << "h" << 5432 << "u" << "" << "d";
    QTest::newRow("pg password with @") << "postgresql://u:a@b@h/d" << true << "h" << 5432 << "u" << "a@b" << "d";
  }

  void parsesUrls() {
    QFETCH(QString, url);
    QFETCH(bool, pg);
    QFETCH(QString, path_or_host);
    QFETCH(int, port);
    QFETCH(QString, user);
    QFETCH(QString, password);
    QFETCH(QString, dbname);
    auto r = parseArchiveUrl(url.toStdString());
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    const auto& u = r.value();
    QCOMPARE(u.backend == Backend::Postgresql, pg);
    if (!pg) {
      QCOMPARE(QString::fromStdString(u.sqlite_path), path_or_host);
      return;
    }
    QCOMPARE(QString::fromStdString(u.host), path_or_host);
    QCOMPARE(int(u.port), port);
    QCOMPARE(QString::fromStdString(u.user), user);
    QCOMPARE(QString::fromStdString(u.password), password);
    QCOMPARE(QString::fromStdString(u.dbname), dbname);
    QCOMPARE(QString::fromStdString(u.schema), url.contains("schema=") ? QStringLiteral("t_abc123") : QString());
  }

  void rejectsBadUrls_data() {
    QTest::addColumn<QString>("url");
    QTest::newRow("empty") << "";
    QTest::newRow("unknown scheme") << "mysql://h/d";
    QTest::newRow("sqlite empty path") << "sqlite:";
    QTest::newRow("sqlite empty path nwaku") << "sqlite://";
    QTest::newRow("pg no db") << "postgresql://h";
    QTest::newRow("pg empty db") << "postgresql://h/";
    QTest::newRow("pg db with slash") << "postgresql://h/a/b";
    QTest::newRow("pg no host") << "postgresql:///d";
    QTest::newRow("pg empty port") << "postgresql://h:/d";
    QTest::newRow("pg port zero") << "postgresql://h:0/d";
    QTest::newRow("pg port too big") << "postgresql://h:65536/d";
    QTest::newRow("pg port not a number") << "postgresql://h:54x/d";
    QTest::newRow("pg other parameter") << "postgresql://h/d?sslmode=require";
    QTest::newRow("pg schema upper case") << "postgresql://h/d?schema=Store";
    QTest::newRow("pg schema injection") << "postgresql://h/d?schema=a;drop";
    QTest::newRow("pg schema empty") << "postgresql://h/d?schema=";
    QTest::newRow("pg schema and more") << "postgresql://h/d?schema=a&x=1";
    QTest::newRow("pg schema digit first") << "postgresql://h/d?schema=1a";
    QTest::newRow("pg schema too long") << "postgresql://h/d?schema=" + QString(64, 'a');
    QTest::newRow("pg fragment") << "postgresql://h/d#x";
    QTest::newRow("pg empty user") << "postgresql://:pw@h/d";
    QTest::newRow("pg bad percent") << "postgresql://a%4@h/d";
    QTest::newRow("pg bad percent end") << "postgresql://a%@h/d";
    QTest::newRow("pg ipv6 unterminated") << "postgresql://[::1/d";
  }

  void rejectsBadUrls() {
    QFETCH(QString, url);
    auto r = parseArchiveUrl(url.toStdString());
    QVERIFY(!r.ok());
    QCOMPARE(QString::fromStdString(r.error().code), QString(kInvalidConfig));
    QVERIFY(!r.error().message.empty());
  }

  void mutatedUrlsNeverCrash() {
    // Random edits of valid urls and random bytes: answered ok or INVALID_ARCHIVE_CONFIG, and a
    // parsed postgresql url always has a host, a database and a port in range.
    const std::vector<std::string> seeds{"postgresql://alice:pw@db.example:6543/store?schema=t_1",
                                         "postgres://u@[::1]:7000/d", "sqlite:/var/x.db", "sqlite:///a"};
    const std::string alphabet = "/:@?=[]%#&;abcAZ09_-. \x00";
    std::mt19937 rng(7);
    for (int i = 0; i < 20000; ++i) {
      std::string url = seeds[rng() % seeds.size()];
      const int edits = 1 + int(rng() % 4);
      for (int e = 0; e < edits; ++e) {
        const std::size_t at = url.empty() ? 0 : rng() % (url.size() + 1);
        const char c = i % 5 == 0 ? char(rng() % 256) : alphabet[rng() % alphabet.size()];
        switch (rng() % 3) {
          case 0: url.insert(url.begin() + long(at), c); break;
          case 1: if (at < url.size()) url.erase(at, 1); break;
          default: if (at < url.size()) url[at] = c; break;
        }
      }
      auto r = parseArchiveUrl(url);
      if (!r.ok()) {
        QCOMPARE(QString::fromStdString(r.error().code), QString(kInvalidConfig));
        continue;
      }
      if (r.value().backend == Backend::Postgresql) {
        QVERIFY(!r.value().host.empty());
        QVERIFY(!r.value().dbname.empty());
        QVERIFY(r.value().port > 0);
      } else {
        QVERIFY(!r.value().sqlite_path.empty());
      }
      (void)redactArchiveUrl(url);
    }
  }

  void everyPageQueryBindsOneValuePerPlaceholder() {
    std::mt19937 rng(11);
    for (int i = 0; i < 2000; ++i) {
      ArchiveQuery q;
      q.include_data = rng() % 2;
      q.forward = rng() % 2;
      q.limit = rng() % 150;
      if (rng() % 2) q.pubsub_topic = "/p/" + std::to_string(rng() % 3);
      const int topics = int(rng() % 12);
      for (int t = 0; t < topics; ++t) q.content_topics.push_back("/c/" + std::to_string(rng() % 6));
      if (rng() % 2) q.time_start = std::int64_t(rng());
      if (rng() % 2) q.time_end = std::int64_t(rng());
      const int hashes = rng() % 3 ? 0 : int(rng() % 30);
      for (int h = 0; h < hashes; ++h) q.message_hashes.push_back(archive_test::makeMessage(int(rng() % 20), 1).hash);
      std::optional<CursorPosition> cursor;
      if (rng() % 2) cursor = CursorPosition{std::int64_t(rng()), archive_test::makeMessage(1, 1).hash};
      const auto st = pageQuery(q, cursor);
      QCOMPARE(std::size_t(std::count(st.sql.begin(), st.sql.end(), '?')), st.binds.size());
      QCOMPARE(std::get<std::int64_t>(st.binds.back()), std::int64_t(effectiveLimit(q.limit) + 1));
    }
  }

  void redactsPasswords() {
    QCOMPARE(QString::fromStdString(redactArchiveUrl("postgresql://u:secret@h:1/d")),
             QStringLiteral("postgresql://u:***@h:1/d"));
    QCOMPARE(QString::fromStdString(redactArchiveUrl("postgresql://u:a@b@h/d")), QStringLiteral("postgresql://u:***@h/d"));
    QCOMPARE(QString::fromStdString(redactArchiveUrl("postgresql://u@h/d")), QStringLiteral("postgresql://u@h/d"));
    QCOMPARE(QString::fromStdString(redactArchiveUrl("sqlite:/a:b@c")), QStringLiteral("sqlite:/a:b@c"));
    auto r = parseArchiveUrl("postgres2://u:secret@h/d");
    QVERIFY(!r.ok());
    QVERIFY(r.error().message.find("secret") == std::string::npos);
  }

  void pageQueryWithoutFiltersOrdersByKey() {
    ArchiveQuery q;
    q.forward = true;
    q.limit = 20;
    auto st = pageQuery(q, std::nullopt);
    QCOMPARE(QString::fromStdString(st.sql),
             QStringLiteral("SELECT hash, timestamp_ns FROM messages ORDER BY timestamp_ns ASC, hash ASC LIMIT ?"));
    QCOMPARE(st.binds.size(), std::size_t{1});
    QCOMPARE(std::get<std::int64_t>(st.binds[0]), std::int64_t{21});  // limit + 1
    q.forward = false;
    q.include_data = true;
    st = pageQuery(q, std::nullopt);
    QVERIFY(QString::fromStdString(st.sql).startsWith("SELECT hash, timestamp_ns, pubsub_topic, message FROM messages"));
    QVERIFY(QString::fromStdString(st.sql).endsWith("ORDER BY timestamp_ns DESC, hash DESC LIMIT ?"));
  }

  void pageQueryBindsEveryFilterInOrder() {
    ArchiveQuery q;
    q.forward = false;
    q.pubsub_topic = "/waku/2/rs/0/0";
    q.time_start = -5;
    q.time_end = 9;
    auto m1 = archive_test::makeMessage(1, 1);
    auto m2 = archive_test::makeMessage(2, 2);
    q.message_hashes = {m2.hash, m1.hash, m2.hash};
    q.limit = 7;
    q.content_topics = {"/a"};
    auto st = pageQuery(q, CursorPosition{42, m1.hash});
    const QString arm = QStringLiteral(
        "SELECT hash, timestamp_ns FROM messages WHERE content_topic = ? AND pubsub_topic = ? "
        "AND timestamp_ns >= ? AND timestamp_ns <= ? AND hash IN (?, ?) "
        "AND (timestamp_ns, hash) < (?, ?) ORDER BY timestamp_ns DESC, hash DESC LIMIT ?");
    QCOMPARE(QString::fromStdString(st.sql), arm);
    QCOMPARE(st.binds.size(), std::size_t{9});
    using Bytes = std::vector<std::uint8_t>;
    QCOMPARE(std::get<Bytes>(st.binds[0]), Bytes({'/', 'a'}));
    QCOMPARE(std::get<std::int64_t>(st.binds[2]), std::int64_t{-5});
    QCOMPARE(std::get<std::int64_t>(st.binds[3]), std::int64_t{9});
    const auto& low = std::min(m1.hash, m2.hash);  // hashes sorted and deduplicated
    const auto& high = std::max(m1.hash, m2.hash);
    QCOMPARE(std::get<Bytes>(st.binds[4]), Bytes(low.begin(), low.end()));
    QCOMPARE(std::get<Bytes>(st.binds[5]), Bytes(high.begin(), high.end()));
    QCOMPARE(std::get<std::int64_t>(st.binds[6]), std::int64_t{42});
    QCOMPARE(std::get<Bytes>(st.binds[7]), Bytes(m1.hash.begin(), m1.hash.end()));
    QCOMPARE(std::get<std::int64_t>(st.binds[8]), std::int64_t{8});  // limit + 1

    // Several topics (deduplicated, sorted): one limited arm each, merged and limited again.
    q.content_topics = {"/b", "/a", "/b"};
    st = pageQuery(q, CursorPosition{42, m1.hash});
    QCOMPARE(QString::fromStdString(st.sql), "SELECT * FROM (" + arm + ") AS arm0 UNION ALL SELECT * FROM (" + arm +
                                                 ") AS arm1 ORDER BY timestamp_ns DESC, hash DESC LIMIT ?");
    QCOMPARE(st.binds.size(), std::size_t{19});
    QCOMPARE(std::get<Bytes>(st.binds[0]), Bytes({'/', 'a'}));
    QCOMPARE(std::get<Bytes>(st.binds[9]), Bytes({'/', 'b'}));
    QCOMPARE(std::get<std::int64_t>(st.binds[18]), std::int64_t{8});

    // With data: the merged keys are joined back to their rows, in the page's order.
    q.include_data = true;
    st = pageQuery(q, CursorPosition{42, m1.hash});
    QCOMPARE(QString::fromStdString(st.sql),
             "SELECT messages.hash, messages.timestamp_ns, messages.pubsub_topic, messages.message FROM (SELECT * FROM (" +
                 arm + ") AS arm0 UNION ALL SELECT * FROM (" + arm +
                 ") AS arm1 ORDER BY timestamp_ns DESC, hash DESC LIMIT ?) AS page JOIN messages ON messages.hash = "
                 "page.hash ORDER BY page.timestamp_ns DESC, page.hash DESC");
    QCOMPARE(st.binds.size(), std::size_t{19});
    q.include_data = false;

    // Forward cursor: strictly after.
    q.forward = true;
    q.content_topics = {"/a"};
    st = pageQuery(q, CursorPosition{42, m1.hash});
    QVERIFY(QString::fromStdString(st.sql).contains("(timestamp_ns, hash) > (?, ?)"));
    QVERIFY(QString::fromStdString(st.sql).endsWith("ORDER BY timestamp_ns ASC, hash ASC LIMIT ?"));
  }

  void insertStatementHasOneTuplePerRow() {
    QCOMPARE(QString::fromStdString(insertSql()),
             QStringLiteral("INSERT INTO messages (hash, timestamp_ns, pubsub_topic, content_topic, message) VALUES "
                            "(?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING"));
    QCOMPARE(QString::fromStdString(insertSql(3)).count('?'), 15);
    QCOMPARE(QString::fromStdString(insertSql(kMaxInsertRows + 7)).count('?'), int(5 * kMaxInsertRows));
    QCOMPARE(QString::fromStdString(insertSql(0)).count('?'), 5);
  }

  void limitIsClampedLikeTheStoreServer() {
    QCOMPARE(effectiveLimit(0), waku::kDefaultPageSize);
    QCOMPARE(effectiveLimit(1), std::uint64_t{1});
    QCOMPARE(effectiveLimit(100), std::uint64_t{100});
    QCOMPARE(effectiveLimit(101), waku::kMaxPageSize);
    QCOMPARE(effectiveLimit(std::numeric_limits<std::uint64_t>::max()), waku::kMaxPageSize);
  }

  void schemaHasTheOrderingIndexes() {
    for (Backend b : {Backend::Sqlite, Backend::Postgresql}) {
      const auto stmts = schemaStatements(b);
      QString all;
      for (const auto& s : stmts) all += QString::fromStdString(s) + "\n";
      QVERIFY(all.contains("hash " + QString(b == Backend::Sqlite ? "BLOB" : "BYTEA") + " NOT NULL PRIMARY KEY"));
      QVERIFY(all.contains("ON messages (timestamp_ns, hash)"));
      QVERIFY(all.contains("ON messages (content_topic, timestamp_ns, hash)"));
      QVERIFY(all.contains("ON messages (pubsub_topic, timestamp_ns, hash)"));
      QVERIFY(all.contains("ON messages (pubsub_topic, content_topic, timestamp_ns, hash)"));
    }
  }

  void retentionArithmetic() {
    constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
    QCOMPARE(ageCutoffNs(100'000'000'000, 30), std::int64_t{70'000'000'000});
    QCOMPARE(ageCutoffNs(0, 1), std::int64_t{-1'000'000'000});
    QCOMPARE(ageCutoffNs(kMin + 5, 1), kMin);  // saturates instead of wrapping
    QCOMPARE(ageCutoffNs(0, kMaxRetentionAgeSeconds), -kMaxRetentionAgeSeconds * 1'000'000'000);
    Retention r;
    QVERIFY(checkRetention(r).ok());
    r.max_age_seconds = kMaxRetentionAgeSeconds;
    r.max_messages = 1;
    QVERIFY(checkRetention(r).ok());
    r.max_age_seconds = kMaxRetentionAgeSeconds + 1;
    QCOMPARE(QString::fromStdString(checkRetention(r).error().code), QString(kInvalidConfig));
    r.max_age_seconds = -1;
    QVERIFY(!checkRetention(r).ok());
    r.max_age_seconds.reset();
    r.max_messages = std::uint64_t{1} << 63;
    QVERIFY(!checkRetention(r).ok());
  }

  void storableChecks() {
    auto m = archive_test::makeMessage(1, 5);
    QVERIFY(checkStorable(m).ok());
    m.message.ephemeral = false;  // present but false: storable, and not part of the hash
    QVERIFY(checkStorable(m).ok());
    m.message.version = 3;  // not hashed either
    QVERIFY(checkStorable(m).ok());
    m.message.payload.push_back(1);  // hashed: the stated hash no longer matches
    QCOMPARE(QString::fromStdString(checkStorable(m).error().code), QString(kInvalidMessage));
  }
};

QTEST_GUILESS_MAIN(TestArchiveSql)
#include "tst_archive_sql.moc"
