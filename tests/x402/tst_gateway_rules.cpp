// The x402 gateway's pure rules (modules/x402_module/src/gateway_config.h, gateway_headers.h):
// the gateway config is checked field by field, routes match by method and longest path prefix
// at a segment boundary, and the reverse-proxy header rules drop hop-by-hop fields (also those
// named in Connection) both ways, keep PAYMENT-SIGNATURE from the origin, add X-Forwarded-*, and
// keep the origin from answering payment headers.
#include <QtTest>

#include "gateway_config.h"
#include "gateway_headers.h"
#include "merchant_config.h"

using x402::Json;
using namespace x402mod;

namespace {

const char* kPayTo = "3UkTPkrzC5S6UcfvLhn9pujTHq1MBZA1SoSitnLSUgmY";

Json route(const std::string& method, const std::string& prefix, const std::string& price = "5") {
  return Json{{"method", method}, {"path_prefix", prefix}, {"price", price}, {"payTo", kPayTo}};
}

Json gateway(Json routes) { return Json{{"origin_url", "http://127.0.0.1:9/base/"}, {"routes", std::move(routes)}}; }

bool hasHeader(const lezpay::http::Headers& h, const std::string& name) { return lezpay::http::findHeader(h, name).has_value(); }

}  // namespace

class TstGatewayRules : public QObject {
  Q_OBJECT
 private slots:
  void aMerchantWithOnlyAGatewayIsValid() {
    auto c = parseMerchantConfig(Json{{"gateway", gateway(Json::array({route("POST", "/api")}))}});
    QVERIFY2(c.ok(), c.ok() ? "" : c.error().message.c_str());
    QVERIFY(c->resources.empty());
    QVERIFY(c->gateway.has_value());
    QCOMPARE(c->gateway->maxRequestBytes, std::size_t{1024 * 1024});
    QCOMPARE(c->gateway->originTimeoutMs, 30000);
    QCOMPARE(QString::fromStdString(c->gateway->routes[0].requirements.amount), QStringLiteral("5"));
    // Without a gateway the resources stay mandatory.
    QVERIFY(!parseMerchantConfig(Json{{"port", 0}}).ok());
  }

  void badConfigsNameTheField_data() {
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("field");
    const Json r = route("GET", "/a");
    const auto with = [&r](Json g) {
      if (!g.contains("routes")) g["routes"] = Json::array({r});
      return QString::fromStdString(g.dump());
    };
    QTest::newRow("no origin") << with(Json::object()) << "gateway.origin_url";
    QTest::newRow("userinfo") << with(Json{{"origin_url", "http://u:p@h/"}}) << "gateway.origin_url";
    QTest::newRow("query") << with(Json{{"origin_url", "http://h/?a=1"}}) << "gateway.origin_url";
    QTest::newRow("no routes") << with(Json{{"origin_url", "http://h/"}, {"routes", Json::array()}}) << "gateway.routes";
    QTest::newRow("unknown key") << with(Json{{"origin_url", "http://h/"}, {"routs", 1}}) << "gateway.routs";
    QTest::newRow("lower-case method") << with(Json{{"origin_url", "http://h/"}, {"routes", Json::array({route("get", "/a")})}})
                                       << "gateway.routes[0].method";
    QTest::newRow("relative prefix") << with(Json{{"origin_url", "http://h/"}, {"routes", Json::array({route("GET", "a")})}})
                                     << "gateway.routes[0].path_prefix";
    QTest::newRow("zero price") << with(Json{{"origin_url", "http://h/"}, {"routes", Json::array({route("GET", "/a", "0")})}})
                                << "gateway.routes[0].price";
    QTest::newRow("twice") << with(Json{{"origin_url", "http://h/"}, {"routes", Json::array({r, r})}}) << "gateway.routes[1]";
    QTest::newRow("request limit") << with(Json{{"origin_url", "http://h/"}, {"max_request_bytes", 0}}) << "gateway.max_request_bytes";
    QTest::newRow("timeout") << with(Json{{"origin_url", "http://h/"}, {"origin_timeout_ms", 600001}}) << "gateway.origin_timeout_ms";
  }
  void badConfigsNameTheField() {
    QFETCH(QString, json);
    QFETCH(QString, field);
    auto c = parseGatewayConfig(Json::parse(json.toStdString()), "logos:lez-localnet");
    QVERIFY(!c.ok());
    QCOMPARE(QString::fromStdString(c.error().code), QStringLiteral("INVALID_CONFIG"));
    QVERIFY2(QString::fromStdString(c.error().message).startsWith(field), c.error().message.c_str());
    // The origin's address never appears in a refusal.
    QVERIFY(c.error().message.find("u:p@") == std::string::npos);
  }

  void routesMatchByMethodAndLongestPrefix() {
    auto c = parseGatewayConfig(gateway(Json::array({route("GET", "/api"), route("*", "/api/v2/"), route("POST", "/api/v2/"),
                                                     route("GET", "/")})),
                                "logos:lez-localnet");
    QVERIFY2(c.ok(), c.ok() ? "" : c.error().message.c_str());
    QCOMPARE(matchGatewayRoute(*c, "GET", "/api"), 0);
    QCOMPARE(matchGatewayRoute(*c, "GET", "/api/items"), 0);
    QCOMPARE(matchGatewayRoute(*c, "GET", "/apix"), 3);  // not under /api: the catch-all "/"
    QCOMPARE(matchGatewayRoute(*c, "GET", "/api/v2/x"), 1);
    QCOMPARE(matchGatewayRoute(*c, "POST", "/api/v2/x"), 2);  // the exact method beats "*"
    QCOMPARE(matchGatewayRoute(*c, "DELETE", "/api/v2/x"), 1);
    QCOMPARE(matchGatewayRoute(*c, "POST", "/api"), -1);
    QCOMPARE(matchGatewayRoute(*c, "DELETE", "/other"), -1);
  }

  void requestHeadersToTheOrigin() {
    lezpay::http::HttpRequest req;
    req.method = "POST";
    req.remoteAddress = "127.0.0.1";
    req.headers = {{"host", "gw.example:8402"},       {"connection", "keep-alive, X-Secret-Hop"}, {"keep-alive", "timeout=5"},
                   {"x-secret-hop", "1"},             {"te", "trailers"},                         {"trailer", "x"},
                   {"upgrade", "websocket"},          {"proxy-authorization", "Basic x"},         {"proxy-connection", "keep-alive"},
                   {"payment-signature", "eyJ4In0="}, {"content-length", "3"},                    {"x-forwarded-for", "10.0.0.1"},
                   {"content-type", "text/plain"},    {"x-end-to-end", "kept"}};
    const auto out = originRequestHeaders(req, "http");
    for (const char* dropped : {"host", "connection", "keep-alive", "x-secret-hop", "te", "trailer", "upgrade", "proxy-authorization",
                                "proxy-connection", "payment-signature", "content-length"}) {
      QVERIFY2(!hasHeader(out, dropped), dropped);
    }
    QCOMPARE(QString::fromStdString(*lezpay::http::findHeader(out, "x-forwarded-for")), QStringLiteral("10.0.0.1, 127.0.0.1"));
    QCOMPARE(QString::fromStdString(*lezpay::http::findHeader(out, "x-forwarded-proto")), QStringLiteral("http"));
    QCOMPARE(QString::fromStdString(*lezpay::http::findHeader(out, "x-forwarded-host")), QStringLiteral("gw.example:8402"));
    QCOMPARE(QString::fromStdString(*lezpay::http::findHeader(out, "x-end-to-end")), QStringLiteral("kept"));
    QCOMPARE(QString::fromStdString(*lezpay::http::findHeader(out, "content-type")), QStringLiteral("text/plain"));
  }

  void responseHeadersToThePayer() {
    const lezpay::http::Headers origin = {{"connection", "close, x-hop"}, {"x-hop", "1"},          {"transfer-encoding", "chunked"},
                                          {"keep-alive", "timeout=5"},    {"content-length", "9"}, {"payment-response", "forged"},
                                          {"payment-required", "forged"}, {"x-payment-error", "x"}, {"content-type", "application/json"},
                                          {"etag", "\"v1\""}};
    const auto out = payerResponseHeaders(origin);
    QCOMPARE(out, (lezpay::http::Headers{{"content-type", "application/json"}, {"etag", "\"v1\""}}));
  }
};

QTEST_APPLESS_MAIN(TstGatewayRules)
#include "tst_gateway_rules.moc"
