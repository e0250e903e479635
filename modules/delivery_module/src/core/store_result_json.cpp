#include "delivery/store_result_json.h"

#include <charconv>

#include "lezpay/util/base64.h"
#include "lezpay/util/hex.h"
#include "waku/waku_message_codec.h"

namespace delivery {
namespace {

using lezpay::util::Error;
using nlohmann::json;

Error bad(const std::string& why) { return Error{kInvalidMessage, "message: " + why}; }

lezpay::util::Result<std::int64_t> readI64(const json& v, const std::string& key) {
  if (v.is_number_integer()) {
    if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) return bad(key + ": out of int64 range");
    return v.get<std::int64_t>();
  }
  if (v.is_string()) {
    const std::string s = v.get<std::string>();
    std::int64_t n = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (!s.empty() && s[0] != '+' && ec == std::errc() && ptr == s.data() + s.size()) return n;
  }
  return bad(key + ": expected an int64 (JSON integer or decimal string)");
}

}  // namespace

json wakuMessageToJson(const waku::WakuMessage& m) {
  json out{{"payload", lezpay::util::toBase64(m.payload)},
           {"contentTopic", m.content_topic},
           {"version", m.version.value_or(0)},
           {"timestamp", m.timestamp.value_or(0)}};
  if (m.meta) out["meta"] = lezpay::util::toBase64(*m.meta);
  if (m.ephemeral) out["ephemeral"] = *m.ephemeral;
  return out;
}

lezpay::util::Result<waku::WakuMessage> wakuMessageFromJson(const json& j) {
  if (!j.is_object()) return bad("expected a JSON object");
  waku::WakuMessage m;
  bool haveTopic = false;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& k = it.key();
    const json& v = it.value();
    if (v.is_null()) continue;
    if (k == "payload" || k == "meta") {
      if (!v.is_string()) return bad(k + ": expected standard base64 text");
      auto bytes = lezpay::util::fromBase64(v.get<std::string>());
      if (!bytes.ok()) return bad(k + ": " + bytes.error().message);
      if (k == "payload") m.payload = bytes.value();
      else m.meta = bytes.value();
    } else if (k == "contentTopic") {
      if (!v.is_string() || v.get<std::string>().empty()) return bad("contentTopic: expected a non-empty string");
      m.content_topic = v.get<std::string>();
      haveTopic = true;
    } else if (k == "version") {
      if (!v.is_number_integer() || v.get<std::int64_t>() < 0 || v.get<std::int64_t>() > 0xFFFFFFFFll) return bad("version: expected a u32");
      m.version = static_cast<std::uint32_t>(v.get<std::int64_t>());
    } else if (k == "timestamp") {
      auto t = readI64(v, k);
      if (!t.ok()) return t.error();
      m.timestamp = t.value();
    } else if (k == "ephemeral") {
      if (!v.is_boolean()) return bad("ephemeral: expected true or false");
      m.ephemeral = v.get<bool>();
    } else {
      return bad("unknown key '" + k + "' (payload, contentTopic, version, timestamp, meta, ephemeral)");
    }
  }
  if (!haveTopic) return bad("contentTopic is required");
  auto st = waku::checkWakuMessage(m);
  if (!st.ok()) return bad(st.error().message);
  return m;
}

json storeResponseToJson(const waku::StoreQueryResponse& r) {
  json messages = json::array();
  for (const auto& kv : r.messages) {
    json e{{"messageHash", lezpay::util::toHex(kv.message_hash)}};
    if (kv.message) e["message"] = wakuMessageToJson(*kv.message);
    if (kv.pubsub_topic) e["pubsubTopic"] = *kv.pubsub_topic;
    messages.push_back(std::move(e));
  }
  json out{{"requestId", r.request_id},
           {"statusCode", static_cast<std::uint32_t>(r.status_code)},
           {"statusDesc", r.status_desc},
           {"messages", std::move(messages)}};
  if (r.pagination_cursor) out["paginationCursor"] = lezpay::util::toHex(*r.pagination_cursor);
  if (r.eligibility_status) {
    out["eligibility"] = json{{"code", static_cast<std::uint32_t>(r.eligibility_status->code)},
                              {"name", std::string(waku::toString(r.eligibility_status->code))},
                              {"desc", r.eligibility_status->desc}};
  }
  return out;
}

}  // namespace delivery
