#include "merchant_store_query.h"

#include <cstdint>
#include <limits>
#include <optional>

#include "lezpay/http/http_message.h"
#include "lezpay/util/hex.h"

namespace x402mod {
namespace {

using lezpay::util::Error;
using lezpay::util::Result;
using x402::Json;

Result<std::int64_t> intParam(const std::string& key, const std::string& v) {
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  if (v.empty()) return Error{kInvalidQuery, key + ": must be a decimal integer"};
  std::int64_t out = 0;
  for (char c : v) {
    if (c < '0' || c > '9') return Error{kInvalidQuery, key + ": must be a decimal integer"};
    const int d = c - '0';
    if (out > (kMax - d) / 10) return Error{kInvalidQuery, key + ": must be at most 9223372036854775807"};
    out = out * 10 + d;
  }
  return out;
}

Result<bool> boolParam(const std::string& key, const std::string& v) {
  if (v == "true" || v == "1") return true;
  if (v == "false" || v == "0") return false;
  return Error{kInvalidQuery, key + ": must be true or false"};
}

// Splits a comma-separated list, every item checked by `accept` (which answers an error or nothing).
template <typename Accept>
Result<Json> listParam(const std::string& value, Accept accept) {
  Json out = Json::array();
  std::size_t start = 0;
  while (start <= value.size()) {
    const std::size_t comma = value.find(',', start);
    std::string item = value.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (auto e = accept(item)) return *e;
    out.push_back(std::move(item));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace

Result<Json> storeQueryFromRest(std::string_view query, const std::string& requestId) {
  auto params = lezpay::http::parseQuery(query);
  if (!params) return Error{kInvalidQuery, "the query string has a malformed percent escape"};
  Json q{{"requestId", requestId}, {"includeData", true}, {"paginationForward", true}};
  Json topics = Json::array();
  Json hashes = Json::array();
  for (const auto& [key, value] : *params) {
    if (key == "contentTopics" || key == "contentTopic") {
      auto list = listParam(value, [&](const std::string& t) -> std::optional<Error> {
        if (t.empty()) return Error{kInvalidQuery, key + ": empty content topic"};
        return std::nullopt;
      });
      if (!list.ok()) return list.error();
      for (auto& t : list.value()) topics.push_back(std::move(t));
    } else if (key == "pubsubTopic") {
      if (value.empty()) return Error{kInvalidQuery, "pubsubTopic: must not be empty"};
      q["pubsubTopic"] = value;
    } else if (key == "startTime" || key == "endTime") {
      auto v = intParam(key, value);
      if (!v.ok()) return v.error();
      q[key == "startTime" ? "timeStart" : "timeEnd"] = v.value();
    } else if (key == "pageSize") {
      auto v = intParam(key, value);
      if (!v.ok()) return v.error();
      q["paginationLimit"] = static_cast<std::uint64_t>(v.value());
    } else if (key == "cursor") {
      if (!lezpay::util::fromHexExact(value, 32).ok()) return Error{kInvalidQuery, "cursor: must be 64 hex digits"};
      q["paginationCursor"] = value;
    } else if (key == "hashes" || key == "messageHashes") {
      auto list = listParam(value, [&](const std::string& h) -> std::optional<Error> {
        if (!lezpay::util::fromHexExact(h, 32).ok()) return Error{kInvalidQuery, key + ": each hash must be 64 hex digits"};
        return std::nullopt;
      });
      if (!list.ok()) return list.error();
      for (auto& h : list.value()) hashes.push_back(std::move(h));
    } else if (key == "ascending" || key == "includeData") {
      auto v = boolParam(key, value);
      if (!v.ok()) return v.error();
      q[key == "ascending" ? "paginationForward" : "includeData"] = v.value();
    } else {
      return Error{kInvalidQuery, key + ": unknown parameter (contentTopics, pubsubTopic, startTime, endTime, pageSize, cursor, "
                                        "hashes, ascending, includeData)"};
    }
  }
  if (!topics.empty()) q["contentTopics"] = topics;
  if (!hashes.empty()) q["messageHashes"] = hashes;
  return q;
}

}  // namespace x402mod
