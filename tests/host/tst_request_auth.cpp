// Token scopes (host/src/token_scope.cpp) and the request rule (host/src/request_auth.cpp,
// logos-core.md §14, docs/protocol.md "Named and scoped tokens"): boot token everywhere, named tokens by
// hash with expiry and local_only, scoped tokens FORBIDDEN outside their scope.
#include <QtTest>

#include <string>

#include "lezpay/util/json_parse.h"
#include "logos/host/request_auth.h"
#include "logos/host/token_scope.h"

using logos::Json;
using namespace logos::host;

namespace {
constexpr std::int64_t kNow = 1796432400;  // 2026-12-05T01:00:00Z
const std::string kBoot = "boot-token";

TokenStore storeWith(const std::string& name, const std::string& raw, std::optional<std::string> scope = std::nullopt,
                     std::optional<std::string> expiresAt = std::nullopt, bool localOnly = false) {
  TokenStore s;
  TokenRow row;
  row.name = name;
  row.hash = hashToken(raw);
  row.issuedAt = "2026-12-01T00:00:00Z";
  row.expiresAt = std::move(expiresAt);
  row.localOnly = localOnly;
  row.scope = std::move(scope);
  s.rows.push_back(row);
  return s;
}

AuthDecision decide(const TokenStore& s, const std::string& token, const std::string& rpc, const std::string& module = {},
                    const std::string& op = {}, bool local = true, std::int64_t now = kNow) {
  return decideAuthorization(s, kBoot, token, local, rpc, module, op, now);
}

RequestTarget targetOf(const std::string& line) {
  auto request = decodeRequestLine(line);
  return requestTarget(request.value());
}
}  // namespace

class TstRequestAuth : public QObject {
  Q_OBJECT
 private slots:
  void scopeParsesToCanonicalText_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("canonical");
    QTest::newRow("one") << "x402_module:httpGet" << "x402_module:httpGet";
    QTest::newRow("spaces and merge") << " a : x , y ;b:z; a:x,w " << "a:x,y,w; b:z";
    QTest::newRow("wildcards") << "wallet_module:get_*;m:*" << "wallet_module:get_*; m:*";
    QTest::newRow("core") << "core:load_module,stop" << "core:load_module,stop";
    QTest::newRow("agent preset") << "agent" << "";  // expands to kAgentScope
  }
  void scopeParsesToCanonicalText() {
    QFETCH(QString, text);
    QFETCH(QString, canonical);
    auto s = TokenScope::parse(text.toStdString());
    QVERIFY2(s.ok(), s.ok() ? "" : s.error().message.c_str());
    if (text != "agent") QCOMPARE(QString::fromStdString(s.value().text()), canonical);
    auto again = TokenScope::parse(s.value().text());
    QVERIFY(again.ok());
    QCOMPARE(again.value().text(), s.value().text());
  }

  void scopeRefusals_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("says");
    QTest::newRow("empty") << "" << "empty";
    QTest::newRow("unknown preset") << "admin" << "unknown preset";
    QTest::newRow("no colon") << "a:x;b" << "has no ':'";
    QTest::newRow("empty entry") << "a:x;;b:y" << "empty entry";
    QTest::newRow("empty op") << "a:x," << "empty operation";
    QTest::newRow("star inside") << "a:g*t" << "'*' only at its end";
    QTest::newRow("double star") << "a:**" << "'*' only at its end";
    QTest::newRow("bad module") << "a b:x" << "not a module name";
    QTest::newRow("chainAction") << "m:chainAction" << "name the chainAction operation itself";
    QTest::newRow("unknown core op") << "core:call" << "core operation 'call' is unknown";
    QTest::newRow("too long") << QString("a:") + QString(5000, 'x') << "longer than";
  }
  void scopeRefusals() {
    QFETCH(QString, text);
    QFETCH(QString, says);
    auto s = TokenScope::parse(text.toStdString());
    QVERIFY(!s.ok());
    QCOMPARE(s.error().code, std::string("INVALID_SCOPE"));
    QVERIFY2(s.error().message.find(says.toStdString()) != std::string::npos, s.error().message.c_str());
  }

  void agentPresetMatchesTheIssue() {
    auto s = TokenScope::parse("agent").value();
    for (const char* op : {"httpGet", "createSpendRequest", "getSpendRequest", "listSpendRequests", "getAgentConfig"}) {
      QVERIFY2(s.allowsCall("x402_module", op), op);
    }
    for (const char* op : {"approveSpendRequest", "declineSpendRequest", "configureAgent", "cancelSpendRequest", "settlePayment",
                           "startMerchant", "configureStorePayment"}) {
      QVERIFY2(!s.allowsCall("x402_module", op), op);
    }
    QVERIFY(s.allowsCall("wallet_module", "get_balance"));
    QVERIFY(s.allowsCall("wallet_module", "list_accounts"));
    for (const char* op : {"sign_public_payload", "sign_transfer_public", "transfer_public", "submit_signed_transaction",
                           "send_generic_public_transaction_json", "import_account_private_key", "open", "create_new"}) {
      QVERIFY2(!s.allowsCall("wallet_module", op), op);
    }
    QVERIFY(!s.allowsCall("payment_streams_module", "getStream"));
    QVERIFY(!s.allowsCore("load_module"));
  }

  void bootTokenIsAllowedEverywhere() {
    const TokenStore empty;
    QVERIFY(decide(empty, kBoot, "stop", {}, {}, false).allowed);
    QVERIFY(decide(empty, kBoot, "call", "wallet_module", "sign_public_payload", false).allowed);
  }

  void unknownEmptyAndWrongTokensAreUnauthorized() {
    const TokenStore s = storeWith("ci", "secret");
    for (const std::string& t : {std::string(), std::string("secreT"), std::string("boot-token "), std::string("x")}) {
      auto d = decide(s, t, "status");
      QVERIFY(!d.allowed);
      QCOMPARE(std::string(logos::toString(d.code)), std::string(logos::toString(logos::ErrorCode::Unauthorized)));
      QVERIFY(d.message.find("missing or wrong token") != std::string::npos);
    }
    QVERIFY(decide(s, "secret", "call", "m", "anything").allowed);
    QCOMPARE(decide(s, "secret", "status").tokenName, std::string("ci"));
  }

  void expiryIsChecked() {
    const TokenStore s = storeWith("ci", "secret", std::nullopt, "2026-12-05T01:00:10Z");
    QVERIFY(decide(s, "secret", "status", {}, {}, true, kNow + 9).allowed);
    auto d = decide(s, "secret", "status", {}, {}, true, kNow + 10);
    QVERIFY(!d.allowed);
    QVERIFY(d.message.find("expired at 2026-12-05T01:00:10Z") != std::string::npos);
    const TokenStore garbled = storeWith("ci", "secret", std::nullopt, "tomorrow");
    auto g = decide(garbled, "secret", "status");
    QVERIFY(!g.allowed);
    QCOMPARE(std::string(logos::toString(g.code)), std::string(logos::toString(logos::ErrorCode::Unauthorized)));
    QVERIFY(g.message.find("unreadable expires_at") != std::string::npos);
  }

  void localOnlyNeedsTheLocalSocket() {
    const TokenStore s = storeWith("ci", "secret", std::nullopt, std::nullopt, true);
    QVERIFY(decide(s, "secret", "status", {}, {}, true).allowed);
    auto d = decide(s, "secret", "status", {}, {}, false);
    QVERIFY(!d.allowed);
    QVERIFY(d.message.find("local-only") != std::string::npos);
  }

  void unsupportedStoreRefusesNamedTokensButNotTheBootToken() {
    TokenStore s = storeWith("ci", "secret");
    s.unsupported = true;
    QVERIFY(!decide(s, "secret", "status").allowed);
    QVERIFY(decide(s, kBoot, "status").allowed);
  }

  void scopedTokenRule() {
    const TokenStore s = storeWith("agent", "secret", std::string(kAgentScope));
    QVERIFY(decide(s, "secret", "status").allowed);
    QVERIFY(decide(s, "secret", "list_modules").allowed);
    QVERIFY(decide(s, "secret", "stats").allowed);
    QVERIFY(decide(s, "secret", "module_info", "x402_module").allowed);
    QVERIFY(decide(s, "secret", "watch", "wallet_module").allowed);
    QVERIFY(decide(s, "secret", "call", "x402_module", "httpGet").allowed);

    auto d = decide(s, "secret", "call", "x402_module", "approveSpendRequest");
    QVERIFY(!d.allowed);
    QCOMPARE(std::string(logos::toString(d.code)), std::string(logos::toString(logos::ErrorCode::Forbidden)));
    QCOMPARE(d.message, std::string("token 'agent' may not call x402_module.approveSpendRequest"));
    QCOMPARE(d.envelope()["code"], Json("FORBIDDEN"));

    auto info = decide(s, "secret", "module_info", "payment_streams_module");
    QCOMPARE(std::string(logos::toString(info.code)), std::string(logos::toString(logos::ErrorCode::Forbidden)));
    QVERIFY(info.message.find("outside its scope") != std::string::npos);
    QCOMPARE(std::string(logos::toString(decide(s, "secret", "watch", "payment_streams_module").code)), std::string(logos::toString(logos::ErrorCode::Forbidden)));
    for (const char* core : {"load_module", "unload_module", "reload_module", "stop", "reload"}) {
      auto c = decide(s, "secret", core, "x402_module");
      QCOMPARE(std::string(logos::toString(c.code)), std::string(logos::toString(logos::ErrorCode::Forbidden)));
      QVERIFY2(c.message.find(std::string("core.") + core) != std::string::npos, c.message.c_str());
    }
    QCOMPARE(std::string(logos::toString(decide(s, "secret", "no_such_rpc").code)), std::string(logos::toString(logos::ErrorCode::Forbidden)));
    auto noOp = decide(s, "secret", "call", "x402_module", "");
    QCOMPARE(std::string(logos::toString(noOp.code)), std::string(logos::toString(logos::ErrorCode::Forbidden)));
    QVERIFY(noOp.message.find("chainAction") != std::string::npos);

    const TokenStore admin = storeWith("ops", "secret", std::string("core:load_module; m:*"));
    QVERIFY(decide(admin, "secret", "load_module", "anything").allowed);
    QCOMPARE(std::string(logos::toString(decide(admin, "secret", "stop").code)), std::string(logos::toString(logos::ErrorCode::Forbidden)));
    QVERIFY(decide(admin, "secret", "call", "m", "whatever").allowed);
    // `logoscore reload` (the daemon's --config file) is a core operation a scope can grant alone.
    const TokenStore reloader = storeWith("ops", "secret", std::string("core:reload"));
    QVERIFY(decide(reloader, "secret", "reload").allowed);
    QCOMPARE(std::string(logos::toString(decide(reloader, "secret", "stop").code)), std::string(logos::toString(logos::ErrorCode::Forbidden)));

    const TokenStore broken = storeWith("x", "secret", std::string("not a scope"));
    auto b = decide(broken, "secret", "status");
    QCOMPARE(std::string(logos::toString(b.code)), std::string(logos::toString(logos::ErrorCode::Unauthorized)));
    QVERIFY(b.message.find("unreadable scope") != std::string::npos);
  }

  void chainActionCallsAreTheirOperation() {
    auto t = targetOf(R"({"token":"tk","method":"call","params":{"module":"x402_module","method":"chainAction","args":["approveSpendRequest","{}"]}})");
    QCOMPARE(t.token, std::string("tk"));
    QCOMPARE(t.rpcMethod, std::string("call"));
    QCOMPARE(t.module, std::string("x402_module"));
    QCOMPARE(t.operation, std::string("approveSpendRequest"));
    auto direct = targetOf(R"({"token":"tk","method":"call","params":{"module":"x402_module","method":"httpGet","args":[]}})");
    QCOMPARE(direct.operation, std::string("httpGet"));
    for (const char* line : {R"({"method":"call","params":{"module":"m","method":"chainAction","args":[5]}})",
                             R"({"method":"call","params":{"module":"m","method":"chainAction"}})",
                             R"({"method":"call","params":{"module":"m","method":"chainAction","args":{}}})"}) {
      QCOMPARE(targetOf(line).operation, std::string());
    }
    auto odd = targetOf(R"({"token":5,"method":["call"],"params":"x"})");
    QVERIFY(odd.token.empty() && odd.rpcMethod.empty() && odd.module.empty());
    auto info = targetOf(R"({"token":"t","method":"module_info","params":{"module":"m"}})");
    QCOMPARE(info.module, std::string("m"));
    QVERIFY(info.operation.empty());
  }
};

QTEST_GUILESS_MAIN(TstRequestAuth)
#include "tst_request_auth.moc"
