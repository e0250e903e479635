#include "x402/json_codec.h"

#include <utility>

#include "lezpay/util/json_parse.h"
#include "x402/reason.h"

namespace x402 {
namespace {

using lezpay::util::Error;

// Field readers: each names the field path in its message and fails with `code`.
struct Reader {
  const Json& obj;
  std::string path;  // "accepted." etc., prefixed to field names
  Reason code;

  Error fail(std::string_view field, std::string_view rule) const {
    return makeError(code, path + std::string(field) + ": " + std::string(rule));
  }
  const Json* find(std::string_view field) const {
    auto it = obj.find(std::string(field));
    return it == obj.end() ? nullptr : &*it;
  }
  Result<std::string> string(std::string_view field, bool nonEmpty = false) const {
    const Json* v = find(field);
    if (!v) return fail(field, "is required");
    if (!v->is_string()) return fail(field, "must be a string");
    std::string s = v->get<std::string>();
    if (nonEmpty && s.empty()) return fail(field, "must not be empty");
    return s;
  }
  Result<std::optional<std::string>> optString(std::string_view field) const {
    const Json* v = find(field);
    if (!v || v->is_null()) return std::optional<std::string>{};
    if (!v->is_string()) return fail(field, "must be a string when present");
    return std::optional<std::string>{v->get<std::string>()};
  }
  Result<std::optional<Json>> optObject(std::string_view field) const {
    const Json* v = find(field);
    if (!v || v->is_null()) return std::optional<Json>{};
    if (!v->is_object()) return fail(field, "must be an object when present");
    return std::optional<Json>{*v};
  }
  Result<bool> boolean(std::string_view field) const {
    const Json* v = find(field);
    if (!v) return fail(field, "is required");
    if (!v->is_boolean()) return fail(field, "must be true or false");
    return v->get<bool>();
  }
};

// x402Version: the integer 2. Missing or not an integer is the object's code; another integer
// is invalid_x402_version.
lezpay::util::Status checkVersion(const Reader& r) {
  const Json* v = r.find("x402Version");
  if (!v) return r.fail("x402Version", "is required");
  if (!v->is_number_integer()) return r.fail("x402Version", "must be an integer");
  if (v->is_number_unsigned() ? v->get<std::uint64_t>() != static_cast<std::uint64_t>(kX402Version)
                              : v->get<std::int64_t>() != kX402Version) {
    return makeError(Reason::InvalidX402Version,
                     r.path + "x402Version: only version 2 is supported, got " + v->dump());
  }
  return lezpay::util::okStatus();
}

// A JSON integer above zero (signed or unsigned storage; floats such as 60.0 are refused).
bool isPositiveInteger(const Json& v) {
  if (v.is_number_unsigned()) return v.get<std::uint64_t>() > 0;
  return v.is_number_integer() && v.get<std::int64_t>() > 0;
}

bool isCanonicalDecimal(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !(s.size() > 1 && s[0] == '0');
}

Result<ResourceInfo> readResource(const Json& j, std::string path, Reason code) {
  if (!j.is_object()) return makeError(code, path + ": must be an object");
  Reader r{j, path + ".", code};
  ResourceInfo out;
  auto url = r.string("url", true);
  if (!url.ok()) return url.error();
  out.url = std::move(url).value();
  auto d = r.optString("description");
  if (!d.ok()) return d.error();
  out.description = std::move(d).value();
  auto m = r.optString("mimeType");
  if (!m.ok()) return m.error();
  out.mimeType = std::move(m).value();
  return out;
}

Result<PaymentRequirements> readRequirements(const Json& j, std::string path, Reason code) {
  if (!j.is_object()) return makeError(code, path + ": must be an object");
  Reader r{j, path.empty() ? std::string() : path + ".", code};
  PaymentRequirements out;
  auto scheme = r.string("scheme", true);
  if (!scheme.ok()) return scheme.error();
  auto network = r.string("network", true);
  if (!network.ok()) return network.error();
  auto amount = r.string("amount");
  if (!amount.ok()) return amount.error();
  if (!isCanonicalDecimal(amount.value())) {
    return r.fail("amount", "must be a decimal integer of atomic units (digits only, no leading zero)");
  }
  auto asset = r.string("asset", true);
  if (!asset.ok()) return asset.error();
  auto payTo = r.string("payTo", true);
  if (!payTo.ok()) return payTo.error();
  const Json* t = r.find("maxTimeoutSeconds");
  if (!t) return r.fail("maxTimeoutSeconds", "is required");
  if (!isPositiveInteger(*t)) {
    return r.fail("maxTimeoutSeconds", "must be a positive integer");
  }
  auto extra = r.optObject("extra");
  if (!extra.ok()) return extra.error();
  out.scheme = std::move(scheme).value();
  out.network = std::move(network).value();
  out.amount = std::move(amount).value();
  out.asset = std::move(asset).value();
  out.payTo = std::move(payTo).value();
  out.maxTimeoutSeconds = t->get<std::uint64_t>();
  out.extra = extra.value().value_or(Json::object());
  return out;
}

}  // namespace

Result<Json> parseJsonText(std::string_view text) {
  lezpay::util::JsonLimits limits;
  limits.maxDepth = kMaxJsonDepth;
  auto parsed = lezpay::util::parseJson(text, limits);
  if (!parsed.ok()) return makeError(Reason::InvalidPayload, parsed.error().message);
  return std::move(parsed).value();
}

std::string dumpJson(const Json& j) {
  // Replace, never throw, on invalid UTF-8 (all our strings come from parsed JSON or ASCII).
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Json toJson(const ResourceInfo& v) {
  Json j{{"url", v.url}};
  if (v.description) j["description"] = *v.description;
  if (v.mimeType) j["mimeType"] = *v.mimeType;
  return j;
}

Json toJson(const PaymentRequirements& v) {
  return Json{{"scheme", v.scheme},   {"network", v.network}, {"amount", v.amount},
              {"asset", v.asset},     {"payTo", v.payTo},     {"maxTimeoutSeconds", v.maxTimeoutSeconds},
              {"extra", v.extra.is_object() ? v.extra : Json::object()}};
}

Json toJson(const PaymentRequired& v) {
  Json j{{"x402Version", kX402Version}, {"resource", toJson(v.resource)}, {"accepts", Json::array()}};
  if (v.error) j["error"] = *v.error;
  for (const auto& a : v.accepts) j["accepts"].push_back(toJson(a));
  if (v.extensions) j["extensions"] = *v.extensions;
  return j;
}

Json toJson(const PaymentPayload& v) {
  Json j{{"x402Version", kX402Version}, {"accepted", toJson(v.accepted)}, {"payload", v.payload}};
  if (v.resource) j["resource"] = toJson(*v.resource);
  if (v.extensions) j["extensions"] = *v.extensions;
  return j;
}

Json toJson(const SettlementResponse& v) {
  Json j{{"success", v.success}, {"transaction", v.transaction}, {"network", v.network}};
  if (v.errorReason) j["errorReason"] = *v.errorReason;
  if (v.errorMessage) j["errorMessage"] = *v.errorMessage;
  if (v.payer) j["payer"] = *v.payer;
  if (v.amount) j["amount"] = *v.amount;
  if (v.extensions) j["extensions"] = *v.extensions;
  return j;
}

Json toJson(const VerifyResponse& v) {
  Json j{{"isValid", v.isValid}};
  if (v.invalidReason) j["invalidReason"] = *v.invalidReason;
  if (v.invalidMessage) j["invalidMessage"] = *v.invalidMessage;
  if (v.payer) j["payer"] = *v.payer;
  return j;
}

Json toJson(const FacilitatorRequest& v) {
  return Json{{"x402Version", kX402Version},
              {"paymentPayload", toJson(v.paymentPayload)},
              {"paymentRequirements", toJson(v.paymentRequirements)}};
}

Json toJson(const SupportedResponse& v) {
  Json kinds = Json::array();
  for (const auto& k : v.kinds) {
    Json e{{"x402Version", kX402Version}, {"scheme", k.scheme}, {"network", k.network}};
    if (k.extra) e["extra"] = *k.extra;
    kinds.push_back(std::move(e));
  }
  return Json{{"kinds", kinds}, {"extensions", v.extensions}, {"signers", v.signers}};
}

Result<ResourceInfo> parseResourceInfo(const Json& j) { return readResource(j, "resource", Reason::InvalidPayload); }

Result<PaymentRequirements> parsePaymentRequirements(const Json& j) {
  return readRequirements(j, "", Reason::InvalidPaymentRequirements);
}

Result<PaymentRequired> parsePaymentRequired(const Json& j) {
  const Reason code = Reason::InvalidPayload;
  if (!j.is_object()) return makeError(code, "PaymentRequired: must be a JSON object");
  Reader r{j, "", code};
  if (auto s = checkVersion(r); !s.ok()) return s.error();
  PaymentRequired out;
  auto err = r.optString("error");
  if (!err.ok()) return err.error();
  out.error = std::move(err).value();
  const Json* res = r.find("resource");
  if (!res) return r.fail("resource", "is required");
  auto resource = readResource(*res, "resource", code);
  if (!resource.ok()) return resource.error();
  out.resource = std::move(resource).value();
  const Json* accepts = r.find("accepts");
  if (!accepts) return r.fail("accepts", "is required");
  if (!accepts->is_array() || accepts->empty()) return r.fail("accepts", "must be a non-empty array");
  for (std::size_t i = 0; i < accepts->size(); ++i) {
    auto a = readRequirements((*accepts)[i], "accepts[" + std::to_string(i) + "]", code);
    if (!a.ok()) return a.error();
    out.accepts.push_back(std::move(a).value());
  }
  auto ext = r.optObject("extensions");
  if (!ext.ok()) return ext.error();
  out.extensions = std::move(ext).value();
  return out;
}

Result<PaymentPayload> parsePaymentPayload(const Json& j) {
  const Reason code = Reason::InvalidPayload;
  if (!j.is_object()) return makeError(code, "PaymentPayload: must be a JSON object");
  Reader r{j, "", code};
  if (auto s = checkVersion(r); !s.ok()) return s.error();
  PaymentPayload out;
  if (const Json* res = r.find("resource"); res && !res->is_null()) {
    auto resource = readResource(*res, "resource", code);
    if (!resource.ok()) return resource.error();
    out.resource = std::move(resource).value();
  }
  const Json* accepted = r.find("accepted");
  if (!accepted) return r.fail("accepted", "is required");
  auto a = readRequirements(*accepted, "accepted", code);
  if (!a.ok()) return a.error();
  out.accepted = std::move(a).value();
  const Json* payload = r.find("payload");
  if (!payload) return r.fail("payload", "is required");
  if (!payload->is_object()) return r.fail("payload", "must be an object");
  out.payload = *payload;
  auto ext = r.optObject("extensions");
  if (!ext.ok()) return ext.error();
  out.extensions = std::move(ext).value();
  return out;
}

Result<SettlementResponse> parseSettlementResponse(const Json& j) {
  const Reason code = Reason::InvalidPayload;
  if (!j.is_object()) return makeError(code, "SettlementResponse: must be a JSON object");
  Reader r{j, "", code};
  SettlementResponse out;
  auto success = r.boolean("success");
  if (!success.ok()) return success.error();
  out.success = success.value();
  auto tx = r.string("transaction");
  if (!tx.ok()) return tx.error();
  out.transaction = std::move(tx).value();
  auto network = r.string("network");
  if (!network.ok()) return network.error();
  out.network = std::move(network).value();
  for (auto [field, slot] : {std::pair{"errorReason", &out.errorReason}, std::pair{"errorMessage", &out.errorMessage},
                             std::pair{"payer", &out.payer}, std::pair{"amount", &out.amount}}) {
    auto v = r.optString(field);
    if (!v.ok()) return v.error();
    *slot = std::move(v).value();
  }
  auto ext = r.optObject("extensions");
  if (!ext.ok()) return ext.error();
  out.extensions = std::move(ext).value();
  return out;
}

Result<VerifyResponse> parseVerifyResponse(const Json& j) {
  const Reason code = Reason::InvalidPayload;
  if (!j.is_object()) return makeError(code, "VerifyResponse: must be a JSON object");
  Reader r{j, "", code};
  VerifyResponse out;
  auto valid = r.boolean("isValid");
  if (!valid.ok()) return valid.error();
  out.isValid = valid.value();
  for (auto [field, slot] : {std::pair{"invalidReason", &out.invalidReason},
                             std::pair{"invalidMessage", &out.invalidMessage}, std::pair{"payer", &out.payer}}) {
    auto v = r.optString(field);
    if (!v.ok()) return v.error();
    *slot = std::move(v).value();
  }
  return out;
}

Result<FacilitatorRequest> parseFacilitatorRequest(const Json& j) {
  if (!j.is_object()) return makeError(Reason::InvalidPayload, "request body: must be a JSON object");
  Reader r{j, "", Reason::InvalidPayload};
  if (auto s = checkVersion(r); !s.ok()) return s.error();
  const Json* pp = r.find("paymentPayload");
  if (!pp) return r.fail("paymentPayload", "is required");
  const Json* pr = r.find("paymentRequirements");
  if (!pr) return makeError(Reason::InvalidPaymentRequirements, "paymentRequirements: is required");
  auto payload = parsePaymentPayload(*pp);
  if (!payload.ok()) {
    return lezpay::util::makeError(payload.error().code, "paymentPayload." + payload.error().message);
  }
  auto req = readRequirements(*pr, "paymentRequirements", Reason::InvalidPaymentRequirements);
  if (!req.ok()) return req.error();
  return FacilitatorRequest{std::move(payload).value(), std::move(req).value()};
}

Result<SupportedResponse> parseSupportedResponse(const Json& j) {
  const Reason code = Reason::InvalidPayload;
  if (!j.is_object()) return makeError(code, "SupportedResponse: must be a JSON object");
  Reader r{j, "", code};
  SupportedResponse out;
  const Json* kinds = r.find("kinds");
  if (!kinds || !kinds->is_array()) return r.fail("kinds", "must be an array");
  for (std::size_t i = 0; i < kinds->size(); ++i) {
    const Json& k = (*kinds)[i];
    if (!k.is_object()) return r.fail("kinds[" + std::to_string(i) + "]", "must be an object");
    Reader kr{k, "kinds[" + std::to_string(i) + "].", code};
    if (auto s = checkVersion(kr); !s.ok()) return s.error();
    auto scheme = kr.string("scheme", true);
    if (!scheme.ok()) return scheme.error();
    auto network = kr.string("network", true);
    if (!network.ok()) return network.error();
    auto extra = kr.optObject("extra");
    if (!extra.ok()) return extra.error();
    out.kinds.push_back(SupportedKind{std::move(scheme).value(), std::move(network).value(), std::move(extra).value()});
  }
  if (const Json* ext = r.find("extensions"); ext && !ext->is_null()) {
    if (!ext->is_array()) return r.fail("extensions", "must be an array of strings");
    for (const Json& e : *ext) {
      if (!e.is_string()) return r.fail("extensions", "must be an array of strings");
      out.extensions.push_back(e.get<std::string>());
    }
  }
  auto signers = r.optObject("signers");
  if (!signers.ok()) return signers.error();
  out.signers = signers.value().value_or(Json::object());
  return out;
}

}  // namespace x402
