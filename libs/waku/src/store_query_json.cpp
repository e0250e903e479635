#include "waku/store_query_json.h"

#include <charconv>
#include <limits>
#include <string>

#include "lezpay/util/hex.h"
#include "lezpay/proto/try.h"
#include "lezpay/util/json_parse.h"
#include "waku/store_codec.h"

namespace waku {

using lezpay::util::Error;
using lezpay::util::Result;
using nlohmann::json;

std::string_view toString(QueryJsonError code) {
  switch (code) {
    case QueryJsonError::INVALID_JSON: return "INVALID_JSON";
    case QueryJsonError::MISSING_KEY: return "MISSING_KEY";
    case QueryJsonError::UNKNOWN_KEY: return "UNKNOWN_KEY";
    case QueryJsonError::WRONG_TYPE: return "WRONG_TYPE";
    case QueryJsonError::INVALID_VALUE: return "INVALID_VALUE";
  }
  return "INVALID_VALUE";
}

namespace {

constexpr std::string_view kKeys[] = {"requestId",    "includeData",    "paginationForward", "pubsubTopic",
                                      "contentTopics", "timeStart",     "timeEnd",           "messageHashes",
                                      "paginationCursor", "paginationLimit", "eligibilityProofHex"};

Error err(QueryJsonError code, const std::string& key, const std::string& what) {
  return lezpay::util::makeError(std::string(toString(code)), key + ": " + what);
}

// nullptr when the key is absent or null.
const json* optionalKey(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

Result<const json*> requiredKey(const json& obj, const char* key) {
  const json* v = optionalKey(obj, key);
  if (!v) return err(QueryJsonError::MISSING_KEY, key, "required key is missing");
  return v;
}

Result<std::string> asString(const json& v, const std::string& key) {
  if (!v.is_string()) return err(QueryJsonError::WRONG_TYPE, key, "not a string");
  return v.get<std::string>();
}

Result<bool> asBool(const json& v, const std::string& key) {
  if (!v.is_boolean()) return err(QueryJsonError::WRONG_TYPE, key, "not a boolean");
  return v.get<bool>();
}

// Decimal digits with an optional leading '-' (signed only); no '+', spaces or fractions.
template <typename T>
Result<T> parseDecimal(const std::string& s, const std::string& key) {
  T out{};
  const char* first = s.data();
  const char* last = s.data() + s.size();
  if (s.empty() || s[0] == '+' || (std::is_unsigned_v<T> && s[0] == '-')) {
    return err(QueryJsonError::INVALID_VALUE, key, "not a decimal integer: \"" + s + "\"");
  }
  auto [ptr, ec] = std::from_chars(first, last, out);
  if (ec == std::errc::result_out_of_range) return err(QueryJsonError::INVALID_VALUE, key, "out of range: " + s);
  if (ec != std::errc() || ptr != last) return err(QueryJsonError::INVALID_VALUE, key, "not a decimal integer: \"" + s + "\"");
  return out;
}

Result<std::int64_t> asInt64(const json& v, const std::string& key) {
  if (v.is_number_unsigned()) {
    const auto u = v.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return err(QueryJsonError::INVALID_VALUE, key, "out of the int64 range");
    return static_cast<std::int64_t>(u);
  }
  if (v.is_number_integer()) return v.get<std::int64_t>();
  if (v.is_string()) return parseDecimal<std::int64_t>(v.get<std::string>(), key);
  return err(QueryJsonError::WRONG_TYPE, key, "not an integer");
}

Result<std::uint64_t> asUint64(const json& v, const std::string& key) {
  if (v.is_number_unsigned()) return v.get<std::uint64_t>();
  if (v.is_number_integer()) return err(QueryJsonError::INVALID_VALUE, key, "negative");
  if (v.is_string()) return parseDecimal<std::uint64_t>(v.get<std::string>(), key);
  return err(QueryJsonError::WRONG_TYPE, key, "not an integer");
}

Result<std::vector<std::uint8_t>> asHex(const json& v, const std::string& key) {
  LEZPAY_PROTO_ASSIGN(auto s, asString(v, key));
  auto bytes = lezpay::util::fromHex(s);
  if (!bytes.ok()) return err(QueryJsonError::INVALID_VALUE, key, "not an even-length hex string");
  return std::move(bytes).value();
}

Result<MessageHash> asHash(const json& v, const std::string& key) {
  LEZPAY_PROTO_ASSIGN(auto bytes, asHex(v, key));
  if (bytes.size() != 32) return err(QueryJsonError::INVALID_VALUE, key, "expected 32 bytes (64 hex digits), got " + std::to_string(bytes.size()));
  MessageHash h{};
  std::copy(bytes.begin(), bytes.end(), h.begin());
  return h;
}

Result<const json*> asArray(const json& v, const std::string& key) {
  if (!v.is_array()) return err(QueryJsonError::WRONG_TYPE, key, "not an array");
  return &v;
}

}  // namespace

Result<StoreQueryRequest> storeQueryFromJson(const json& query) {
  if (!query.is_object()) return lezpay::util::makeError(std::string(toString(QueryJsonError::INVALID_JSON)), "query: not a JSON object");
  for (const auto& [key, value] : query.items()) {
    bool known = false;
    for (auto k : kKeys) known = known || key == k;
    if (!known) return err(QueryJsonError::UNKNOWN_KEY, key, "unknown key");
  }

  StoreQueryRequest q;
  LEZPAY_PROTO_ASSIGN(const json* requestId, requiredKey(query, "requestId"));
  LEZPAY_PROTO_ASSIGN(q.request_id, asString(*requestId, "requestId"));
  if (q.request_id.empty()) return err(QueryJsonError::INVALID_VALUE, "requestId", "must not be empty");
  LEZPAY_PROTO_ASSIGN(const json* includeData, requiredKey(query, "includeData"));
  LEZPAY_PROTO_ASSIGN(q.include_data, asBool(*includeData, "includeData"));
  LEZPAY_PROTO_ASSIGN(const json* forward, requiredKey(query, "paginationForward"));
  LEZPAY_PROTO_ASSIGN(q.pagination_forward, asBool(*forward, "paginationForward"));

  if (const json* v = optionalKey(query, "pubsubTopic")) {
    LEZPAY_PROTO_ASSIGN(q.pubsub_topic, asString(*v, "pubsubTopic"));
  }
  if (const json* v = optionalKey(query, "contentTopics")) {
    LEZPAY_PROTO_ASSIGN(const json* arr, asArray(*v, "contentTopics"));
    for (std::size_t i = 0; i < arr->size(); ++i) {
      LEZPAY_PROTO_ASSIGN(auto t, asString((*arr)[i], "contentTopics[" + std::to_string(i) + "]"));
      q.content_topics.push_back(std::move(t));
    }
  }
  if (const json* v = optionalKey(query, "timeStart")) {
    LEZPAY_PROTO_ASSIGN(q.time_start, asInt64(*v, "timeStart"));
  }
  if (const json* v = optionalKey(query, "timeEnd")) {
    LEZPAY_PROTO_ASSIGN(q.time_end, asInt64(*v, "timeEnd"));
  }
  if (const json* v = optionalKey(query, "messageHashes")) {
    LEZPAY_PROTO_ASSIGN(const json* arr, asArray(*v, "messageHashes"));
    for (std::size_t i = 0; i < arr->size(); ++i) {
      LEZPAY_PROTO_ASSIGN(auto h, asHash((*arr)[i], "messageHashes[" + std::to_string(i) + "]"));
      q.message_hashes.push_back(h);
    }
  }
  if (const json* v = optionalKey(query, "paginationCursor")) {
    LEZPAY_PROTO_ASSIGN(q.pagination_cursor, asHash(*v, "paginationCursor"));
  }
  if (const json* v = optionalKey(query, "paginationLimit")) {
    LEZPAY_PROTO_ASSIGN(q.pagination_limit, asUint64(*v, "paginationLimit"));
  }
  if (const json* v = optionalKey(query, "eligibilityProofHex")) {
    LEZPAY_PROTO_ASSIGN(auto proof, asHex(*v, "eligibilityProofHex"));
    if (!proof.empty()) q.eligibility_proof = std::move(proof);
  }

  if (auto s = checkStoreQueryRequest(q); !s) return s.error();
  return q;
}

Result<StoreQueryRequest> storeQueryFromJsonText(std::string_view text) {
  auto parsed = lezpay::util::parseJson(text);
  if (!parsed.ok()) return lezpay::util::makeError(std::string(toString(QueryJsonError::INVALID_JSON)), "query: " + parsed.error().message);
  return storeQueryFromJson(parsed.value());
}

json storeQueryToJson(const StoreQueryRequest& q) {
  json out = json::object();
  out["requestId"] = q.request_id;
  out["includeData"] = q.include_data;
  out["paginationForward"] = q.pagination_forward;
  if (q.pubsub_topic) out["pubsubTopic"] = *q.pubsub_topic;
  if (!q.content_topics.empty()) out["contentTopics"] = q.content_topics;
  if (q.time_start) out["timeStart"] = *q.time_start;
  if (q.time_end) out["timeEnd"] = *q.time_end;
  if (!q.message_hashes.empty()) {
    json hashes = json::array();
    for (const auto& h : q.message_hashes) hashes.push_back(lezpay::util::toHex(h));
    out["messageHashes"] = std::move(hashes);
  }
  if (q.pagination_cursor) out["paginationCursor"] = lezpay::util::toHex(*q.pagination_cursor);
  if (q.pagination_limit) out["paginationLimit"] = *q.pagination_limit;
  if (q.eligibility_proof) out["eligibilityProofHex"] = lezpay::util::toHex(*q.eligibility_proof);
  return out;
}

}  // namespace waku
