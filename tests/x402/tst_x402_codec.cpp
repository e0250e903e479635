// x402 v2 codecs (x402.md §1-§3): the header codec (standard base64 only), schema validation of
// every object with its stable reason, exact camelCase names, deep equality of requirements.
#include <QtTest>

#include <set>
#include <tuple>

#include "lezpay/util/base64.h"
#include "x402/header_codec.h"
#include "x402/json_codec.h"
#include "x402/payment_identifier.h"
#include "x402/reason.h"

using namespace x402;

namespace {

Json requirementsJson() {
  return Json{{"scheme", "exact"},   {"network", "logos:lez-localnet"}, {"amount", "10"},
              {"asset", "native"},   {"payTo", "7FhU7kLddKvqr8QGAbT3K7nqse5XMrZsp7BL9h3Zg6Yo"},
              {"maxTimeoutSeconds", 60}, {"extra", Json::object()}};
}

Json payloadJson() {
  return Json{{"x402Version", 2},
              {"resource", {{"url", "http://127.0.0.1:8402/weather"}}},
              {"accepted", requirementsJson()},
              {"payload", {{"transaction", "AA=="}, {"validAfter", 1}, {"validBefore", 2}, {"authorization", std::string(128, 'a')}}}};
}

Json requiredJson() {
  return Json{{"x402Version", 2},
              {"error", "payment_required"},
              {"resource", {{"url", "http://127.0.0.1:8402/weather"}, {"description", "weather"}, {"mimeType", "application/json"}}},
              {"accepts", Json::array({requirementsJson()})}};
}

std::string b64(const std::string& text) {
  return lezpay::util::toBase64(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

QString q(const std::string& s) { return QString::fromStdString(s); }

// Applies a JSON-pointer edit: remove when `value` is discarded, else set.
Json edited(Json j, const std::string& pointer, const Json& value, bool remove) {
  Json::json_pointer ptr(pointer);
  if (remove) {
    j[ptr.parent_pointer()].erase(ptr.back());
  } else {
    j[ptr] = value;
  }
  return j;
}

}  // namespace

class TstX402Codec : public QObject {
  Q_OBJECT
 private slots:
  void reasonStringsAreUniqueAndParse() {
    std::set<std::string_view> seen;
    for (int i = 0; i <= static_cast<int>(Reason::FacilitatorUnavailable); ++i) {
      const auto r = static_cast<Reason>(i);
      const std::string_view s = toString(r);
      QVERIFY2(seen.insert(s).second, std::string(s).c_str());
      QCOMPARE(parseReason(s), std::optional<Reason>(r));
    }
    QCOMPARE(toString(Reason::NonceReplayed), std::string_view("nonce_replayed"));
    QCOMPARE(toString(Reason::InvalidX402Version), std::string_view("invalid_x402_version"));
    QVERIFY(!parseReason("invalid_exact_evm_payload_signature").has_value());  // open strings stay strings
  }

  void paymentRequiredHeaderRoundTripsWithExactNames() {
    auto pr = parsePaymentRequired(requiredJson());
    QVERIFY2(pr.ok(), pr.ok() ? "" : pr.error().message.c_str());
    const std::string header = encodePaymentRequiredHeader(pr.value());
    auto text = lezpay::util::fromBase64(header);
    QVERIFY(text.ok());
    const std::string json(text.value().begin(), text.value().end());
    for (const char* name : {"\"x402Version\":2", "\"maxTimeoutSeconds\":60", "\"payTo\"", "\"mimeType\"", "\"accepts\"", "\"extra\":{}"}) {
      QVERIFY2(json.find(name) != std::string::npos, name);
    }
    auto back = decodePaymentRequiredHeader(header);
    QVERIFY(back.ok());
    QVERIFY(back.value() == pr.value());
  }

  void paymentPayloadAndResponseRoundTrip() {
    auto pp = parsePaymentPayload(payloadJson());
    QVERIFY(pp.ok());
    auto back = decodePaymentSignatureHeader(encodePaymentSignatureHeader(pp.value()));
    QVERIFY(back.ok());
    QVERIFY(back.value() == pp.value());

    SettlementResponse failed;
    failed.errorReason = "nonce_replayed";
    failed.network = "logos:lez-localnet";
    const Json fj = toJson(failed);
    QVERIFY(fj.contains("transaction"));  // never omitted, empty on failure
    QCOMPARE(fj["transaction"].get<std::string>(), std::string());
    auto sr = decodePaymentResponseHeader(encodePaymentResponseHeader(failed));
    QVERIFY(sr.ok());
    QVERIFY(sr.value() == failed);
  }

  void headerRejectsNonStandardBase64_data() {
    QTest::addColumn<QString>("value");
    const std::string good = encodeHeaderJson(payloadJson());
    QTest::newRow("empty") << QString();
    QTest::newRow("url-safe alphabet") << q(std::string("eyJhIjoi-_8ifQ=="));
    QTest::newRow("missing padding") << q(b64("{\"a\":1}").substr(0, b64("{\"a\":1}").find('=')));
    QTest::newRow("whitespace inside") << q(good.substr(0, 8) + " " + good.substr(8));
    QTest::newRow("junk character") << q("*" + good.substr(1));
    QTest::newRow("plain JSON") << q(std::string("{\"x402Version\":2}"));
    QTest::newRow("base64 of non-JSON") << q(b64("hello there"));
    QTest::newRow("base64 of a JSON array") << q(b64("[1,2,3]"));
    QTest::newRow("base64 of invalid UTF-8") << q(b64("{\"a\":\"\xc3\x28\"}"));
    QTest::newRow("oversized") << q(std::string(kMaxHeaderValueBytes + 4, 'A'));
  }
  void headerRejectsNonStandardBase64() {
    QFETCH(QString, value);
    auto r = decodePaymentSignatureHeader(value.toStdString());
    QVERIFY(!r.ok());
    QCOMPARE(q(r.error().code), QStringLiteral("invalid_payload"));
    QVERIFY(!r.error().message.empty());
  }

  void urlSafeVariantOfAValidHeaderIsRejected() {
    // Find a payload whose standard base64 has '+' or '/', then swap to the URL-safe alphabet.
    Json j = payloadJson();
    std::string header;
    for (int i = 0; i < 64; ++i) {
      j["resource"]["description"] = std::string(static_cast<std::size_t>(i), '?') + ">>";
      header = encodeHeaderJson(j);
      if (header.find_first_of("+/") != std::string::npos) break;
    }
    QVERIFY(header.find_first_of("+/") != std::string::npos);
    QVERIFY(decodePaymentSignatureHeader(header).ok());
    for (char& c : header) c = c == '+' ? '-' : (c == '/' ? '_' : c);
    auto r = decodePaymentSignatureHeader(header);
    QVERIFY(!r.ok());
    QCOMPARE(q(r.error().code), QStringLiteral("invalid_payload"));
  }

  void paymentPayloadSchema_data() {
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<QString>("value");  // JSON text; "REMOVE" deletes the field
    QTest::addColumn<QString>("code");
    const QString P = QStringLiteral("invalid_payload");
    QTest::newRow("x402Version missing") << "/x402Version" << "REMOVE" << P;
    QTest::newRow("x402Version 1") << "/x402Version" << "1" << "invalid_x402_version";
    QTest::newRow("x402Version 3") << "/x402Version" << "3" << "invalid_x402_version";
    QTest::newRow("x402Version string") << "/x402Version" << "\"2\"" << P;
    QTest::newRow("x402Version float") << "/x402Version" << "2.0" << P;
    QTest::newRow("accepted missing") << "/accepted" << "REMOVE" << P;
    QTest::newRow("accepted array") << "/accepted" << "[]" << P;
    QTest::newRow("payload missing") << "/payload" << "REMOVE" << P;
    QTest::newRow("payload string") << "/payload" << "\"x\"" << P;
    QTest::newRow("resource not object") << "/resource" << "\"u\"" << P;
    QTest::newRow("resource url empty") << "/resource/url" << "\"\"" << P;
    QTest::newRow("resource url missing") << "/resource/url" << "REMOVE" << P;
    QTest::newRow("resource description number") << "/resource/description" << "5" << P;
    QTest::newRow("extensions array") << "/extensions" << "[]" << P;
    QTest::newRow("scheme missing") << "/accepted/scheme" << "REMOVE" << P;
    QTest::newRow("scheme empty") << "/accepted/scheme" << "\"\"" << P;
    QTest::newRow("network number") << "/accepted/network" << "7" << P;
    QTest::newRow("amount number") << "/accepted/amount" << "10" << P;
    QTest::newRow("amount leading zero") << "/accepted/amount" << "\"010\"" << P;
    QTest::newRow("amount negative") << "/accepted/amount" << "\"-1\"" << P;
    QTest::newRow("amount fraction") << "/accepted/amount" << "\"1.5\"" << P;
    QTest::newRow("amount empty") << "/accepted/amount" << "\"\"" << P;
    QTest::newRow("asset missing") << "/accepted/asset" << "REMOVE" << P;
    QTest::newRow("payTo missing") << "/accepted/payTo" << "REMOVE" << P;
    QTest::newRow("maxTimeoutSeconds missing") << "/accepted/maxTimeoutSeconds" << "REMOVE" << P;
    QTest::newRow("maxTimeoutSeconds zero") << "/accepted/maxTimeoutSeconds" << "0" << P;
    QTest::newRow("maxTimeoutSeconds negative") << "/accepted/maxTimeoutSeconds" << "-5" << P;
    QTest::newRow("maxTimeoutSeconds float") << "/accepted/maxTimeoutSeconds" << "60.5" << P;
    QTest::newRow("maxTimeoutSeconds string") << "/accepted/maxTimeoutSeconds" << "\"60\"" << P;
    QTest::newRow("extra array") << "/accepted/extra" << "[]" << P;
  }
  void paymentPayloadSchema() {
    QFETCH(QString, pointer);
    QFETCH(QString, value);
    QFETCH(QString, code);
    const bool remove = value == "REMOVE";
    Json j = edited(payloadJson(), pointer.toStdString(), remove ? Json() : Json::parse(value.toStdString()), remove);
    auto r = parsePaymentPayload(j);
    QVERIFY(!r.ok());
    QCOMPARE(q(r.error().code), code);
    // The message names the field that broke.
    const std::string field = pointer.toStdString().substr(pointer.toStdString().rfind('/') + 1);
    QVERIFY2(r.error().message.find(field) != std::string::npos, r.error().message.c_str());
  }

  void optionalFieldsAndUnknownFieldsAreAccepted() {
    Json j = payloadJson();
    j.erase("resource");
    j["accepted"].erase("extra");
    j["somethingNew"] = 1;
    j["accepted"]["futureField"] = "x";
    auto r = parsePaymentPayload(j);
    QVERIFY(r.ok());
    QVERIFY(!r.value().resource.has_value());
    QVERIFY(r.value().accepted.extra.is_object());
  }

  void paymentRequiredSchema() {
    for (auto [pointer, value, remove] : {std::tuple{"/accepts", Json(), true}, std::tuple{"/accepts", Json::array(), false},
                                          std::tuple{"/accepts/0/payTo", Json(5), false}, std::tuple{"/resource", Json(), true},
                                          std::tuple{"/error", Json(1), false}, std::tuple{"/x402Version", Json(1), false}}) {
      auto r = parsePaymentRequired(edited(requiredJson(), pointer, value, remove));
      QVERIFY2(!r.ok(), pointer);
    }
    QVERIFY(!parsePaymentRequired(Json::array()).ok());
  }

  void settlementAndVerifyResponseSchema() {
    const Json ok{{"success", true}, {"transaction", std::string(64, 'a')}, {"network", "logos:lez-localnet"}, {"payer", "p"}};
    QVERIFY(parseSettlementResponse(ok).ok());
    for (const char* field : {"success", "transaction", "network"}) {
      Json j = ok;
      j.erase(field);
      QVERIFY2(!parseSettlementResponse(j).ok(), field);
    }
    Json wrong = ok;
    wrong["success"] = "true";
    QVERIFY(!parseSettlementResponse(wrong).ok());
    QVERIFY(parseVerifyResponse(Json{{"isValid", false}, {"invalidReason", "x"}, {"invalidMessage", "y"}}).ok());
    QVERIFY(!parseVerifyResponse(Json{{"invalidReason", "x"}}).ok());
    QVERIFY(!parseVerifyResponse(Json{{"isValid", 1}}).ok());
    QVERIFY(!parseVerifyResponse(Json{{"isValid", true}, {"payer", 3}}).ok());
  }

  void facilitatorRequestSchema() {
    const Json body{{"x402Version", 2}, {"paymentPayload", payloadJson()}, {"paymentRequirements", requirementsJson()}};
    QVERIFY(parseFacilitatorRequest(body).ok());
    Json noReq = body;
    noReq.erase("paymentRequirements");
    QCOMPARE(q(parseFacilitatorRequest(noReq).error().code), QStringLiteral("invalid_payment_requirements"));
    Json noPayload = body;
    noPayload.erase("paymentPayload");
    QCOMPARE(q(parseFacilitatorRequest(noPayload).error().code), QStringLiteral("invalid_payload"));
    Json badReq = body;
    badReq["paymentRequirements"]["amount"] = "ten";
    QCOMPARE(q(parseFacilitatorRequest(badReq).error().code), QStringLiteral("invalid_payment_requirements"));
    Json badVersion = body;
    badVersion["x402Version"] = 1;
    QCOMPARE(q(parseFacilitatorRequest(badVersion).error().code), QStringLiteral("invalid_x402_version"));
  }

  void supportedRoundTrips() {
    SupportedResponse s;
    s.kinds.push_back({"exact", "logos:lez-localnet", std::nullopt});
    s.extensions = {"payment-identifier"};
    auto back = parseSupportedResponse(toJson(s));
    QVERIFY(back.ok());
    QVERIFY(back.value() == s);
    QVERIFY(!parseSupportedResponse(Json{{"kinds", Json::array({Json{{"x402Version", 1}, {"scheme", "exact"}, {"network", "n"}}})}}).ok());
  }

  void requirementsEqualityIgnoresKeyOrder() {
    auto a = parsePaymentRequirements(parseJsonText(R"({"scheme":"exact","network":"n","amount":"1","asset":"native","payTo":"p",
      "maxTimeoutSeconds":5,"extra":{"a":1,"b":{"c":2,"d":3}}})").value());
    auto b = parsePaymentRequirements(parseJsonText(R"({"extra":{"b":{"d":3,"c":2},"a":1},"maxTimeoutSeconds":5,"payTo":"p",
      "asset":"native","amount":"1","network":"n","scheme":"exact"})").value());
    QVERIFY(a.ok() && b.ok());
    QVERIFY(a.value() == b.value());
    auto c = b.value();
    c.extra["a"] = 2;
    QVERIFY(!(a.value() == c));
  }

  void paymentIdentifierExtension() {
    const Json ext = makePaymentIdentifierExtension(true);
    QCOMPARE(ext["info"]["required"].get<bool>(), true);
    QVERIFY(ext["schema"].is_object());
    QVERIFY(isValidPaymentId("pay_0123456789ab"));
    QVERIFY(isValidPaymentId(std::string(128, 'a')));
    QVERIFY(!isValidPaymentId(std::string(15, 'a')));
    QVERIFY(!isValidPaymentId(std::string(129, 'a')));
    QVERIFY(!isValidPaymentId("pay_0123456789ab!"));
    auto p = parsePaymentPayload(payloadJson()).value();
    QVERIFY(!paymentIdOf(p).value().has_value());  // no extensions
    p.extensions = Json{{"payment-identifier", {{"info", {{"required", false}}}}}};
    QVERIFY(!paymentIdOf(p).value().has_value());  // advertised, no id
    p.extensions = Json{{"payment-identifier", {{"info", {{"id", "pay_0123456789abcdef"}}}}}};
    QCOMPARE(q(paymentIdOf(p).value().value()), QStringLiteral("pay_0123456789abcdef"));
    for (const Json& bad : {Json("pay_short"), Json(12), Json("pay_0123456789abcdef/")}) {
      p.extensions = Json{{"payment-identifier", {{"info", {{"id", bad}}}}}};
      QCOMPARE(q(paymentIdOf(p).error().code), QStringLiteral("invalid_payload"));
    }
    p.extensions = Json{{"payment-identifier", "x"}};
    QVERIFY(!paymentIdOf(p).ok());
  }

  void jsonTextLimits() {
    QVERIFY(parseJsonText("{\"a\":[1,2,{\"b\":null}]}").ok());
    QVERIFY(!parseJsonText(std::string(200, '[') + std::string(200, ']')).ok());
    QVERIFY(!parseJsonText("{\"a\":1} trailing").ok());
    QVERIFY(!parseJsonText("{\"a\":\"\xff\"}").ok());
    QVERIFY(!parseJsonText("").ok());
    // Brackets inside strings do not count as nesting.
    QVERIFY(parseJsonText("{\"a\":\"" + std::string(100, '[') + "\"}").ok());
  }
};

QTEST_APPLESS_MAIN(TstX402Codec)
#include "tst_x402_codec.moc"
