// The named-token store (host/src/token_store.cpp, logos-core.md §14): tokens.json round trips,
// names, expiry syntax, raw token shape and hash, issue/replace/revoke, and the rule that a file
// of another version is never rewritten.
#include <QtTest>

#include <array>
#include <string>

#include "lezpay/util/json_parse.h"
#include "logos/host/token_store.h"

using logos::Json;
using namespace logos::host;

namespace {
// 2026-12-05T01:00:00Z
constexpr std::int64_t kNow = 1796432400;
const std::string kHash(64, 'a');

Json parsed(const std::string& text) { return lezpay::util::parseJson(text).value(); }
}  // namespace

class TstTokenStore : public QObject {
  Q_OBJECT
 private slots:
  void decodeReadsRowsAndKeepsUnknownKeys() {
    Json doc{{"version", 2}, {"owner", "x"}, {"tokens", Json::array()}};
    doc["tokens"].push_back(Json{{"name", "ci"}, {"hash", kHash}, {"issued_at", "2026-01-01T00:00:00Z"}, {"expires_at", nullptr},
                                 {"local_only", true}, {"note", "kept"}});
    doc["tokens"].push_back(Json{{"name", "agent"}, {"hash", kHash}, {"issued_at", "2026-01-01T00:00:00Z"},
                                 {"expires_at", "2027-01-01T00:00:00Z"}, {"local_only", false}, {"scope", "m:a"}});
    doc["tokens"].push_back(Json{{"name", "../etc"}, {"hash", kHash}});
    doc["tokens"].push_back(7);
    const std::string text = doc.dump();
    TokenStore s = decodeTokensFile(text);
    QVERIFY(!s.unsupported);
    QCOMPARE(s.rows.size(), std::size_t{2});
    QCOMPARE(s.rows[0].name, std::string("ci"));
    QVERIFY(s.rows[0].localOnly);
    QVERIFY(!s.rows[0].expiresAt);
    QCOMPARE(s.rows[0].extra["note"], Json("kept"));
    QCOMPARE(*s.rows[1].scope, std::string("m:a"));
    QCOMPARE(s.unreadableRows.size(), std::size_t{2});
    // Rewriting keeps the unknown keys, the unreadable rows and the top-level extras.
    const Json back = parsed(encodeTokensFile(s));
    QCOMPARE(back["version"], Json(2));
    QCOMPARE(back["owner"], Json("x"));
    QCOMPARE(back["tokens"].size(), std::size_t{4});
    QCOMPARE(back["tokens"][0]["note"], Json("kept"));
    QCOMPARE(back["tokens"][3], Json(7));
    QVERIFY(!back["tokens"][0].contains("scope"));
    const TokenStore again = decodeTokensFile(encodeTokensFile(s));
    QCOMPARE(encodeTokensFile(again), encodeTokensFile(s));
  }

  void missingOrUnparseableIsEmptyAndRewritable() {
    for (const char* text : {"", "not json", "[]", "{}", R"({"tokens":[]})"}) {
      TokenStore s = decodeTokensFile(text);
      QVERIFY2(!s.unsupported && s.rows.empty(), text);
    }
  }

  void otherVersionIsNeverRewritten_data() {
    QTest::addColumn<QString>("text");
    QTest::newRow("version 1") << R"({"version":1,"tokens":[]})";
    QTest::newRow("version 3") << R"({"version":3})";
    QTest::newRow("version text") << R"({"version":"2","tokens":[]})";
    QTest::newRow("version 2.5") << R"({"version":2.5,"tokens":[]})";
    QTest::newRow("tokens object") << R"({"version":2,"tokens":{"a":1}})";
  }
  void otherVersionIsNeverRewritten() {
    QFETCH(QString, text);
    TokenStore s = decodeTokensFile(text.toStdString());
    QVERIFY(s.unsupported);
    IssueRequest r;
    r.name = "ci";
    r.raw = "x";
    auto st = issueToken(s, r);
    QVERIFY(!st.ok());
    QCOMPARE(st.error().code, std::string("IO_ERROR"));
  }

  void scopeOfWrongTypeMakesTheRowUnreadable() {
    // Read as unscoped it would grant everything: such a row never authorizes.
    const Json row{{"name", "a"}, {"hash", kHash}, {"scope", Json::array({"x"})}};
    TokenStore s = decodeTokensFile(Json{{"version", 2}, {"tokens", Json::array({row})}}.dump());
    QVERIFY(s.rows.empty());
    QCOMPARE(s.unreadableRows.size(), std::size_t{1});
  }

  void names_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");
    QTest::newRow("plain") << "ci-bot.2" << true;
    QTest::newRow("leading underscore") << "_svc" << true;
    QTest::newRow("64 chars") << QString(64, 'a') << true;
    QTest::newRow("65 chars") << QString(65, 'a') << false;
    QTest::newRow("empty") << "" << false;
    QTest::newRow("leading dot") << ".hidden" << false;
    QTest::newRow("leading dash") << "-x" << false;
    QTest::newRow("dotdot") << "a..b" << false;
    QTest::newRow("slash") << "a/b" << false;
    QTest::newRow("space") << "a b" << false;
    QTest::newRow("non-ascii") << QString::fromUtf8("é") << false;
  }
  void names() {
    QFETCH(QString, name);
    QFETCH(bool, valid);
    QCOMPARE(isValidTokenName(name.toStdString()), valid);
    QCOMPARE(tokenNameProblem(name.toStdString()).empty(), valid);
  }

  void expires_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("expected");  // -1 = INVALID_EXPIRES
    QTest::newRow("seconds") << "2s" << qint64(kNow + 2);
    QTest::newRow("minutes") << "5m" << qint64(kNow + 300);
    QTest::newRow("hours") << "12h" << qint64(kNow + 43200);
    QTest::newRow("days") << "30d" << qint64(kNow + 30 * 86400);
    QTest::newRow("zero") << "0s" << qint64(kNow);
    QTest::newRow("date") << "2027-03-01" << qint64(1803859200);
    QTest::newRow("datetime") << "2027-03-01T12:30:05Z" << qint64(1803859200 + 45005);
    QTest::newRow("leap day") << "2028-02-29" << qint64(1835395200);
    QTest::newRow("not leap") << "2027-02-29" << qint64(-1);
    QTest::newRow("month 13") << "2027-13-01" << qint64(-1);
    QTest::newRow("hour 24") << "2027-01-01T24:00:00Z" << qint64(-1);
    QTest::newRow("no Z") << "2027-01-01T00:00:00" << qint64(-1);
    QTest::newRow("offset") << "2027-01-01T00:00:00+01:00" << qint64(-1);
    QTest::newRow("unit only") << "d" << qint64(-1);
    QTest::newRow("week") << "2w" << qint64(-1);
    QTest::newRow("negative") << "-5s" << qint64(-1);
    QTest::newRow("plus") << "+5s" << qint64(-1);
    QTest::newRow("space") << " 5s" << qint64(-1);
    QTest::newRow("overflow") << "999999999999d" << qint64(-1);
    QTest::newRow("13 digits") << "1000000000000s" << qint64(-1);
    QTest::newRow("empty") << "" << qint64(-1);
    QTest::newRow("year 1969") << "1969-12-31" << qint64(-1);
  }
  void expires() {
    QFETCH(QString, text);
    QFETCH(qint64, expected);
    auto r = parseExpires(text.toStdString(), kNow);
    if (expected < 0) {
      QVERIFY2(!r.ok(), qPrintable(text));
      QCOMPARE(r.error().code, std::string("INVALID_EXPIRES"));
      QVERIFY(r.error().message.rfind("--expires", 0) == 0);
    } else {
      QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
      QCOMPARE(static_cast<qint64>(r.value()), expected);
    }
  }

  void utcRoundTrips() {
    for (std::int64_t t : {std::int64_t{0}, kNow, std::int64_t{951782400} /* 2000-02-29 */, std::int64_t{253402300799}}) {
      const std::string text = formatUtc(t);
      QCOMPARE(text.size(), std::size_t{20});
      QCOMPARE(parseUtc(text).value_or(-1), t);
    }
    QCOMPARE(formatUtc(kNow), std::string("2026-12-05T01:00:00Z"));
    QVERIFY(!parseUtc("2026-12-05T01:00:60Z"));
  }

  void rawTokenIs43Base64UrlCharsAndHashIsSha256Hex() {
    std::array<std::uint8_t, kRawTokenBytes> bytes{};
    for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(0xf0 + i);
    const std::string raw = rawTokenFromBytes(bytes);
    QCOMPARE(raw.size(), kRawTokenChars);
    for (char c : raw) QVERIFY((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_');
    // sha256("abc"), FIPS 180-2 appendix B.1.
    QCOMPARE(hashToken("abc"), std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
  }

  void issueReplaceAndRemove() {
    TokenStore s;
    IssueRequest r;
    r.name = "ci";
    r.raw = "first";
    r.nowUnix = kNow;
    r.expiresAt = kNow + 60;
    r.scope = "m:a";
    QVERIFY(issueToken(s, r).ok());
    QCOMPARE(s.rows[0].hash, hashToken("first"));
    QCOMPARE(s.rows[0].issuedAt, std::string("2026-12-05T01:00:00Z"));
    QCOMPARE(*s.rows[0].expiresAt, std::string("2026-12-05T01:01:00Z"));
    r.raw = "second";
    auto again = issueToken(s, r);
    QVERIFY(!again.ok());
    QCOMPARE(again.error().code, std::string("TOKEN_EXISTS"));
    r.replace = true;
    QVERIFY(issueToken(s, r).ok());
    QCOMPARE(s.rows.size(), std::size_t{1});
    QCOMPARE(s.rows[0].hash, hashToken("second"));
    r.name = "../x";
    QCOMPARE(issueToken(s, r).error().code, std::string("INVALID_NAME"));
    QVERIFY(removeToken(s, "ci"));
    QVERIFY(!removeToken(s, "ci"));
    QVERIFY(s.rows.empty());
  }

  void shapesOfRawFileAndListEntry() {
    const Json raw = rawTokenFileJson("auto", "RAW", kNow);
    QCOMPARE(raw, parsed(R"({"version":1,"name":"auto","token":"RAW","issued_at":"2026-12-05T01:00:00Z"})"));
    TokenRow row;
    row.name = "n";
    row.hash = kHash;
    row.issuedAt = "2026-12-05T01:00:00Z";
    const Json entry = listEntry(row);
    QCOMPARE(entry, parsed(R"({"name":"n","issued_at":"2026-12-05T01:00:00Z","expires_at":null,"local_only":false,"scope":null})"));
    QVERIFY(entry.dump().find(kHash) == std::string::npos);
  }
};

QTEST_GUILESS_MAIN(TstTokenStore)
#include "tst_token_store.moc"
