#pragma once
// The plaintext inside wallet_session_keys.sealed's sealed box (session_keys.h):
// {"version": 1, "session_keys": [<64 hex>, ...]}. Pure (text in, keys out, no I/O), so the
// corpus-driven fuzz target fuzz/wallet_session_keys.cpp runs the same code as the wallet.
//
// The list holds at most kMaxSessionKeys keys: one per open stream proposal, forgotten when it is
// replaced or refused, so 4096 is far above any real user's count while the file (about 270 KiB
// at the bound) stays cheap to re-seal on every change. create_session_key and
// import_session_key answer TOO_MANY_SESSION_KEYS at the bound, so the wallet never writes a list
// it would refuse to read.
//
// Refusals, each a stable code and a sentence that names the entry by its position (never its
// secret):
//   JSON_MALFORMED, JSON_NUMBER_OUT_OF_RANGE  not JSON (lezpay/util/json_parse.h)
//   JSON_TOO_DEEP, JSON_TOO_LARGE             nested deeper than kMaxSessionKeysBodyDepth, longer
//                                             than kMaxSessionKeysBodyBytes
//   SESSION_KEYS_NOT_A_LIST                   not an object whose "session_keys" is an array
//   SESSION_KEYS_WRONG_VERSION                "version" missing or not 1
//   SESSION_KEYS_TOO_MANY                     more than kMaxSessionKeys entries
//   SESSION_KEY_NOT_STRING                    an entry that is not a JSON string
//   SESSION_KEY_BAD_HEX                       an entry that is not 64 hex digits (optional 0x)
//   SESSION_KEY_INVALID_SECRET                an entry that is zero or not below the curve order
//   SESSION_KEY_DUPLICATE                     an entry equal to an earlier one (the wallet writes
//                                             each key once)

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "lez/core/schnorr.h"
#include "lezpay/util/result.h"

namespace wallet {

using SessionPublicKey = std::array<std::uint8_t, 32>;
using SessionKeyMap = std::map<SessionPublicKey, lez::core::SecretKey>;

inline constexpr int kSessionKeysVersion = 1;
inline constexpr std::size_t kMaxSessionKeys = 4096;
// 4096 entries of 64 hex digits (with "0x") are under 290 KiB; the wallet writes depth 2.
inline constexpr std::size_t kMaxSessionKeysBodyBytes = 1024u * 1024u;
inline constexpr std::size_t kMaxSessionKeysBodyDepth = 8;

// The keys by x-only public key; the secret strings of the parsed JSON are wiped, the caller
// wipes `body`.
lezpay::util::Result<SessionKeyMap> parseSessionKeysBody(std::string_view body);

// What the wallet seals: {"version":1,"session_keys":[...]} in public key order, lowercase hex,
// compact. The caller wipes the result.
std::string sessionKeysBodyText(const SessionKeyMap& keys);

}  // namespace wallet
