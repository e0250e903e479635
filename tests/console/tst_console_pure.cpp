// console_module's pure parts: session expiry (idle and absolute), the failed sign-in limit,
// times, spend items with caps, stream views, SSE text, static files that never leave their
// directory, cookies and the error status of module codes.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

#include "console_events.h"
#include "console_http.h"
#include "console_sessions.h"
#include "console_static.h"
#include "console_time.h"
#include "console_views.h"

using logos::Json;
using namespace console;

class TstConsolePure : public QObject {
  Q_OBJECT
 private slots:
  void sessionsEndOnIdleAndAbsoluteTimeouts() {
    SessionStore store(10, 100);
    store.create(Principal{"owner", "owner", "", nullptr}, "127.0.0.1", 1000, "a", "csrf");
    QVERIFY(store.find("a", 1009) != nullptr);          // idle clock restarts
    QVERIFY(store.find("a", 1018) != nullptr);
    QVERIFY(store.find("a", 1018 + 9, false) != nullptr);  // a peek does not restart it
    QVERIFY(store.find("a", 1018 + 10) == nullptr);     // idle
    QCOMPARE(store.size(), std::size_t{0});
    store.create(Principal{"owner", "owner", "", nullptr}, "127.0.0.1", 1000, "b", "csrf");
    for (std::int64_t t = 1005; t < 1100; t += 5) QVERIFY(store.find("b", t) != nullptr);
    QVERIFY(store.find("b", 1100) == nullptr);          // absolute, however active
  }

  void signInLimiterBlocksTheSixthTryForAMinute() {
    SignInLimiter l;
    for (int i = 0; i < 5; ++i) {
      QVERIFY(!l.retryAfter("10.0.0.1", 100 + i));
      l.failed("10.0.0.1", 100 + i);
    }
    QCOMPARE(l.retryAfter("10.0.0.1", 110).value_or(-1), std::int64_t{50});
    QVERIFY(!l.retryAfter("10.0.0.2", 110));
    QVERIFY(!l.retryAfter("10.0.0.1", 161));
  }

  void timesAreIsoAndParsed() {
    QCOMPARE(isoUtc(1700000000), std::string("2023-11-14T22:13:20Z"));
    QCOMPARE(parseTimeText("2023-11-14T22:13:20Z").value_or(0), std::int64_t{1700000000});
    QCOMPARE(parseTimeText("2023-11-14").value_or(0), std::int64_t{1699920000});
    QCOMPARE(parseTimeText("1700000000").value_or(0), std::int64_t{1700000000});
    for (const char* bad : {"", "2023-13-01", "2023-11-14T22:13:20", "yesterday", "9999999999999"}) QVERIFY2(!parseTimeText(bad), bad);
  }

  void spendItemsCountCapsAndPutPendingFirst() {
    const Json policy{{"per_request_cap", "100"}, {"daily_cap", "300"}, {"monthly_cap", "1000"}};
    const std::int64_t now = 1700100000;
    const Json views = Json::array({
        Json{{"id", "old"}, {"status", "succeeded"}, {"amount", "40"}, {"created_at", now - 40 * 86400}, {"decided_at", now - 40 * 86400}},
        Json{{"id", "week"}, {"status", "approved"}, {"amount", "50"}, {"created_at", now - 7 * 86400}, {"decided_at", now - 7 * 86400}},
        Json{{"id", "today"}, {"status", "succeeded"}, {"amount", "20"}, {"created_at", now - 3600}, {"decided_at", now - 3600}},
        Json{{"id", "no"}, {"status", "denied"}, {"amount", "99"}, {"created_at", now - 60}, {"decided_at", now - 60}},
        Json{{"id", "p"}, {"status", "pending_approval"}, {"amount", "30"}, {"created_at", now - 100}, {"approval_expires_at", now + 500},
             {"merchant_name", "Weather Co"}, {"merchant_url", "http://127.0.0.1:1/weather"}},
    });
    const Json items = spendItems(views, policy, SpendFilter{}, now);
    QCOMPARE(items[0]["id"].get<std::string>(), std::string("p"));
    QCOMPARE(items[1]["id"].get<std::string>(), std::string("no"));
    const Json& p = items[0];
    QCOMPARE(p["caps"]["per_request"], (Json{{"cap", "100"}, {"used", "30"}, {"left", "70"}}));
    QCOMPARE(p["caps"]["day"], (Json{{"cap", "300"}, {"used", "20"}, {"left", "280"}}));
    QCOMPARE(p["caps"]["month"], (Json{{"cap", "1000"}, {"used", "70"}, {"left", "930"}}));
    QCOMPARE(p["seconds_left"].get<std::int64_t>(), std::int64_t{500});
    QCOMPARE(p["amount"]["raw"].get<std::string>(), std::string("30"));
    QCOMPARE(p["created_at"].get<std::string>(), isoUtc(now - 100));
    QVERIFY(items[1]["seconds_left"].is_null());
    SpendFilter f;
    f.merchant = "WEATHER";
    QCOMPARE(spendItems(views, policy, f, now).size(), std::size_t{1});
    f = SpendFilter{};
    f.from = now - 86400;
    QCOMPARE(spendItems(views, policy, f, now).size(), std::size_t{3});
    f.status = "denied";
    QCOMPARE(spendItems(views, policy, f, now).size(), std::size_t{1});
  }

  void streamViewsDepleteAtTheRightSecond() {
    Json s{{"vault_id", 0}, {"stream_id", 1}, {"rate", 2}, {"allocation", "1000"}, {"accrued", "200"}, {"unaccrued", "801"},
           {"stream_state", "Active"}, {"as_of", 1700000100}, {"depleted", false}};
    Json v = streamView(s);
    QCOMPARE(v["state"].get<std::string>(), std::string("active"));
    QCOMPARE(v["depletes_at_unix"].get<std::int64_t>(), std::int64_t{1700000100 + 401});
    s["stream_state"] = "Paused";
    QVERIFY(streamView(s)["depletes_at_unix"].is_null());
    s["depleted"] = true;
    s["depleted_at"] = 1700000050;
    QCOMPARE(streamView(s)["state"].get<std::string>(), std::string("depleted"));
    QCOMPARE(streamView(s)["depletes_at_unix"].get<std::int64_t>(), std::int64_t{1700000050});
  }

  void historyFoldsTheStoredStateToNow() {
    const Json s{{"as_of", 1000}, {"unaccrued", "0"},
                 {"stored", Json{{"allocation", "100"}, {"accrued", "20"}, {"accrued_as_of", 900}, {"rate", 2}, {"state", "Active"}}}};
    const Json points = historyPoints(s, {{850, "100"}}, 1000);
    QCOMPARE(points.size(), std::size_t{4});
    QCOMPARE(points[1]["t_unix"].get<std::int64_t>(), std::int64_t{900});
    QCOMPARE(points[1]["remaining"].get<std::string>(), std::string("80"));
    QCOMPARE(points[2]["t_unix"].get<std::int64_t>(), std::int64_t{940});  // depletion corner
    QCOMPARE(points[3]["remaining"].get<std::string>(), std::string("0"));
  }

  void chainHistoryGivesEachStoredStateAndTheCornersBetween() {
    // Created at 100 with 60 at rate 2 (active), topped up at 150 (already depleted at 130: a
    // corner), paused at 170, an entry without state (closed account) skipped.
    const Json entries = Json::array(
        {Json{{"block_id", 3}, {"timestamp_ms", 100000}, {"stored", Json{{"allocation", "60"}, {"accrued", "0"}, {"accrued_as_of", 100}, {"rate", 2}, {"state", "Active"}}}},
         Json{{"block_id", 8}, {"timestamp_ms", 150000}, {"stored", Json{{"allocation", "100"}, {"accrued", "60"}, {"accrued_as_of", 150}, {"rate", 2}, {"state", "Active"}}}},
         Json{{"block_id", 9}, {"timestamp_ms", 170000}, {"stored", Json{{"allocation", "100"}, {"accrued", "100"}, {"accrued_as_of", 170}, {"rate", 2}, {"state", "Paused"}}}},
         Json{{"block_id", 12}, {"timestamp_ms", 200000}, {"stored", nullptr}}});
    const auto points = chainStatePoints(entries);
    const std::vector<std::pair<std::int64_t, std::string>> want{{100, "60"}, {130, "0"}, {150, "40"}, {170, "0"}};
    QCOMPARE(points, want);
    QVERIFY(chainStatePoints(Json::object()).empty());
    // Folded with the current status: the chain's states are points of the chart.
    const Json s{{"as_of", 200}, {"unaccrued", "0"}, {"stored", entries[2]["stored"]}};
    const Json chart = historyPoints(s, points, 200);
    QCOMPARE(chart.front()["t_unix"].get<std::int64_t>(), std::int64_t{100});
    QCOMPARE(chart.front()["remaining"].get<std::string>(), std::string("60"));
    QCOMPARE(chart.size(), std::size_t{5});
  }

  void claimedIncomeIsSummedFromTheChainHistory() {
    auto st = [](const char* allocation, const char* accrued, const char* state) {
      return Json{{"stored", Json{{"allocation", allocation}, {"accrued", accrued}, {"state", state}, {"accrued_as_of", 1}, {"rate", 1}}}};
    };
    // created 100; claim 30 (100 -> 70, accrued 0); top-up +50 (120); claim 20 (100); closed by
    // the owner with nothing accrued (allocation 0: not a claim); a state-less entry is skipped.
    const Json entries = Json::array({st("100", "0", "Active"), st("70", "0", "Active"), st("120", "10", "Active"),
                                      st("100", "0", "Paused"), Json{{"stored", nullptr}}, st("0", "0", "Closed")});
    QCOMPARE(claimedFromHistory(entries).toDecimal(), std::string("50"));
    // A claim after the close pays what the close left accrued.
    const Json closedThenClaimed = Json::array({st("100", "0", "Active"), st("40", "40", "Closed"), st("0", "0", "Closed")});
    QCOMPARE(claimedFromHistory(closedThenClaimed).toDecimal(), std::string("40"));
    QCOMPARE(claimedFromHistory(Json()).toDecimal(), std::string("0"));
  }

  void sseTextHasIdEventAndOneDataLine() {
    EventFeed feed;
    int woken = 0;
    QVERIFY(feed.addWaiter(1, [&woken] { ++woken; }));
    feed.push("spend_request_created", Json{{"id", "lsrq_1"}, {"reason", "line\nbreak"}});
    QCOMPARE(woken, 1);
    feed.push("payment", Json{{"id", "lsrq_1"}});
    QCOMPARE(woken, 1);  // a waiter is woken once
    const std::string text = sseText(feed.since(1), 500);
    QCOMPARE(text, std::string("retry: 500\n\nid: 2\nevent: payment\ndata: {\"id\":\"lsrq_1\"}\n\n"));
    QVERIFY(sseText(feed.since(0), 0).find("line\\nbreak") != std::string::npos);
  }

  void staticFilesStayInsideTheirDirectory() {
    QTemporaryDir tmp;
    const std::string root = tmp.path().toStdString();
    QDir().mkpath(QString::fromStdString(root + "/pages/js"));
    std::ofstream(root + "/pages/index.html") << "<!doctype html>";
    std::ofstream(root + "/pages/js/app.js") << "export {};";
    std::ofstream(root + "/secret.txt") << "outside";
    QFile::link(QString::fromStdString(root + "/secret.txt"), QString::fromStdString(root + "/pages/link.txt"));
    const std::string dir = root + "/pages";
    QCOMPARE(serveStatic(dir, "GET", "/").status, 200);
    QCOMPARE(serveStatic(dir, "GET", "/js/app.js").header("content-type").value_or(""), std::string("text/javascript; charset=utf-8"));
    QCOMPARE(serveStatic(dir, "GET", "/wallet").body, std::string("<!doctype html>"));
    QCOMPARE(serveStatic(dir, "HEAD", "/").body, std::string());
    for (const char* bad : {"/../secret.txt", "/%2e%2e/secret.txt", "/js/%2E%2E/%2e%2e/secret.txt", "/link.txt", "/js\\..\\..\\secret.txt",
                            "/%00", "/%zz", "/%2", "/missing.css", "relative"}) {
      QVERIFY2(serveStatic(dir, "GET", bad).status == 404, bad);
    }
  }

  void cookiesAndModuleCodes() {
    lezpay::http::HttpRequest r;
    r.headers = {{"cookie", "a=1; lezpay_session=abc; b=2"}};
    QCOMPARE(cookieValue(r, kSessionCookie).value_or(""), std::string("abc"));
    QVERIFY(!cookieValue(r, "lezpay").has_value());
    QCOMPARE(sessionCookie("x", -1, false), std::string("lezpay_session=x; HttpOnly; SameSite=Strict; Path=/"));
    QCOMPARE(sessionCookie("", 0, true), std::string("lezpay_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0; Secure"));
    QCOMPARE(statusForModuleCode("SPEND_REQUEST_NOT_FOUND"), 404);
    QCOMPARE(statusForModuleCode("INVALID_TRANSITION"), 409);
    QCOMPARE(statusForModuleCode("DAILY_CAP_EXCEEDED"), 409);
    QCOMPARE(statusForModuleCode("TIMEOUT"), 504);
    QCOMPARE(statusForModuleCode("CHAIN_UNREACHABLE"), 502);
    lezpay::http::HttpResponse error;
    r.body = "{\"a\":";
    QVERIFY(!jsonBody(r, error));
    QCOMPARE(error.status, 400);
    QVERIFY(error.body.find("JSON_MALFORMED") != std::string::npos);
    r.body = "  ";
    QVERIFY(jsonBody(r, error).value() == Json::object());
  }
};

QTEST_GUILESS_MAIN(TstConsolePure)
#include "tst_console_pure.moc"
