#pragma once
// The delivery JSON query shape (logos-core.md §11 `storeQuery(queryJson, …)`) ⇄ StoreQueryRequest.
//
// Keys: required `requestId` (non-empty string), `includeData` (bool), `paginationForward`
// (bool, waku-store.md §9 trap 3: never defaulted); optional `pubsubTopic` (string),
// `contentTopics` (array of strings), `timeStart`/`timeEnd` (int64 Unix ns), `messageHashes`
// (array of 64-hex-digit strings), `paginationCursor` (64 hex digits), `paginationLimit` (uint64),
// `eligibilityProofHex` (hex of the serialized EligibilityProof).
//
// Parsing rules (strict; errors name the key, e.g. "contentTopics[2]: not a string"):
//   - the query must be a JSON object; unknown keys are rejected (UNKNOWN_KEY) so a misspelt
//     optional key cannot silently drop a filter;
//   - an optional key with JSON null counts as absent; `eligibilityProofHex` "" also means absent
//     (the verifier bridge uses "" for "no proof");
//   - integers: a JSON integer in range, or a decimal string (JavaScript clients cannot hold ns
//     timestamps in a double); no fractions, exponents, signs on unsigned values or leading '+';
//   - hex: even length, either case, optional "0x"; hashes and the cursor exactly 32 bytes;
//   - the result passes checkStoreQueryRequest (same limits as the wire decoder).
// Error codes: toString(QueryJsonError), or the codec's codes (TOO_LARGE, INVALID_UTF8) for limits.
//
// storeQueryToJson writes every present field, hex in lowercase without "0x", integers as JSON
// integers; fromJson(toJson(q)) == q for every q that passes checkStoreQueryRequest and has a
// non-empty request_id and no empty eligibility_proof.

#include <string_view>

#include <nlohmann/json.hpp>

#include "lezpay/util/result.h"
#include "waku/store_common.h"

namespace waku {

enum class QueryJsonError {
  INVALID_JSON,   // text is not JSON, or not an object
  MISSING_KEY,    // a required key is absent (or null)
  UNKNOWN_KEY,    // a key outside the list above
  WRONG_TYPE,     // a value of the wrong JSON type
  INVALID_VALUE,  // right type, bad value (bad hex, wrong length, out of range, empty requestId)
};
std::string_view toString(QueryJsonError code);

lezpay::util::Result<StoreQueryRequest> storeQueryFromJson(const nlohmann::json& query);
lezpay::util::Result<StoreQueryRequest> storeQueryFromJsonText(std::string_view text);

nlohmann::json storeQueryToJson(const StoreQueryRequest& request);

}  // namespace waku
