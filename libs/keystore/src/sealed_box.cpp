#include "lezpay/keystore/sealed_box.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "lezpay/util/json_parse.h"

namespace lezpay::keystore {
namespace {

using Json = nlohmann::json;
constexpr std::size_t kSaltBytes = 32, kNonceBytes = 12, kTagBytes = 16, kKeyBytes = 32;

std::string toHex(const std::uint8_t* p, std::size_t n) {
  static const char* d = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(d[p[i] >> 4]);
    out.push_back(d[p[i] & 15]);
  }
  return out;
}

bool fromHex(const std::string& s, std::vector<std::uint8_t>& out) {
  if (s.size() % 2) return false;
  out.clear();
  for (std::size_t i = 0; i < s.size(); i += 2) {
    auto v = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      return -1;
    };
    int hi = v(s[i]), lo = v(s[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(static_cast<std::uint8_t>(hi * 16 + lo));
  }
  return true;
}

bool deriveKey(const std::string& password, const std::vector<std::uint8_t>& salt, const KdfParams& kdf,
               std::array<std::uint8_t, kKeyBytes>& key) {
  // maxmem: scrypt needs 128 * n * r bytes (+ p part); allow that plus slack.
  std::uint64_t maxmem = 128ull * kdf.n * kdf.r * 2 + 1024 * 1024;
  return EVP_PBE_scrypt(password.data(), password.size(), salt.data(), salt.size(), kdf.n, kdf.r, kdf.p, maxmem,
                        key.data(), key.size()) == 1;
}

std::string associatedData(const Json& header) { return header.dump(); }

struct CtxFree {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};

}  // namespace

void randomBytes(std::span<std::uint8_t> out) {
  if (RAND_bytes(out.data(), static_cast<int>(out.size())) != 1) std::abort();  // no safe way on without randomness
}

void wipe(std::string& s) {
  if (!s.empty()) OPENSSL_cleanse(s.data(), s.size());
  s.clear();
}

util::Result<std::string> seal(const std::string& plaintext, const std::string& password, const KdfParams& kdf,
                               RandomSource random) {
  std::vector<std::uint8_t> salt(kSaltBytes);
  std::array<std::uint8_t, kNonceBytes> nonce{};
  random(salt);
  random(nonce);
  std::array<std::uint8_t, kKeyBytes> key{};
  if (!deriveKey(password, salt, kdf, key)) return util::Error{"CRYPTO_ERROR", "scrypt key derivation failed"};
  Json header{{"format", "lezpay-sealed-box"},
              {"version", 1},
              {"kdf", {{"name", "scrypt"}, {"n", kdf.n}, {"r", kdf.r}, {"p", kdf.p}, {"salt", toHex(salt.data(), salt.size())}}},
              {"cipher", "aes-256-gcm"}};
  const std::string aad = associatedData(header);
  std::unique_ptr<EVP_CIPHER_CTX, CtxFree> ctx(EVP_CIPHER_CTX_new());
  std::vector<std::uint8_t> ct(plaintext.size() + 16);
  std::array<std::uint8_t, kTagBytes> tag{};
  int len = 0, total = 0;
  bool ok = ctx && EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.data(), nonce.data()) == 1 &&
            EVP_EncryptUpdate(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(aad.data()), static_cast<int>(aad.size())) == 1 &&
            EVP_EncryptUpdate(ctx.get(), ct.data(), &len, reinterpret_cast<const unsigned char*>(plaintext.data()),
                              static_cast<int>(plaintext.size())) == 1;
  total = len;
  ok = ok && EVP_EncryptFinal_ex(ctx.get(), ct.data() + total, &len) == 1;
  total += len;
  ok = ok && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, tag.data()) == 1;
  OPENSSL_cleanse(key.data(), key.size());
  if (!ok) return util::Error{"CRYPTO_ERROR", "AES-256-GCM encryption failed"};
  header["nonce"] = toHex(nonce.data(), nonce.size());
  header["ciphertext"] = toHex(ct.data(), static_cast<std::size_t>(total));
  header["tag"] = toHex(tag.data(), tag.size());
  return header.dump(2) + "\n";
}

util::Result<std::string> open(const std::string& sealed, const std::string& password) {
  auto malformed = [](const std::string& why) { return util::Error{"MALFORMED_KEYSTORE", "sealed file is malformed: " + why}; };
  if (sealed.size() > kMaxSealedBytes) return malformed("larger than " + std::to_string(kMaxSealedBytes) + " bytes");
  auto parsed = util::parseJson(sealed);
  if (!parsed.ok()) return malformed(parsed.error().message);
  const Json& j = parsed.value();
  // value() throws on a field of another type: check the type first.
  const auto text = [](const Json& o, const char* key) {
    return o.is_object() && o.contains(key) && o[key].is_string() ? o[key].get<std::string>() : std::string();
  };
  if (!j.is_object() || text(j, "format") != "lezpay-sealed-box") return malformed("not a lezpay sealed box");
  if (!j.contains("version") || !j["version"].is_number_unsigned() || j["version"].get<int>() != 1) {
    return util::Error{"UNSUPPORTED_KEYSTORE", "sealed file version is not 1"};
  }
  const Json& k = j.value("kdf", Json());
  if (!k.is_object() || text(k, "name") != "scrypt") return util::Error{"UNSUPPORTED_KEYSTORE", "key derivation is not scrypt"};
  if (text(j, "cipher") != "aes-256-gcm") return util::Error{"UNSUPPORTED_KEYSTORE", "cipher is not aes-256-gcm"};
  KdfParams kdf;
  for (const char* f : {"n", "r", "p"}) {
    if (!k.contains(f) || !k[f].is_number_unsigned()) return malformed(std::string("kdf.") + f + " is not a positive integer");
  }
  kdf.n = k["n"].get<std::uint64_t>();
  kdf.r = k["r"].get<std::uint32_t>();
  kdf.p = k["p"].get<std::uint32_t>();
  if (kdf.n < 2 || kdf.n > kMaxScryptN || (kdf.n & (kdf.n - 1)) != 0 || kdf.r == 0 || kdf.r > 32 || kdf.p == 0 || kdf.p > 16) {
    return malformed("scrypt parameters out of the accepted range");
  }
  std::vector<std::uint8_t> salt, nonce, ct, tag;
  if (!k.contains("salt") || !k["salt"].is_string() || !fromHex(k["salt"].get<std::string>(), salt) || salt.size() != kSaltBytes) return malformed("kdf.salt");
  for (auto [name, out, size] : {std::tuple<const char*, std::vector<std::uint8_t>*, std::size_t>{"nonce", &nonce, kNonceBytes},
                                 {"tag", &tag, kTagBytes}, {"ciphertext", &ct, 0}}) {
    if (!j.contains(name) || !j[name].is_string() || !fromHex(j[name].get<std::string>(), *out) || (size && out->size() != size)) {
      return malformed(name);
    }
  }
  Json header{{"format", j["format"]}, {"version", j["version"]}, {"kdf", k}, {"cipher", j["cipher"]}};
  const std::string aad = associatedData(header);
  std::array<std::uint8_t, kKeyBytes> key{};
  if (!deriveKey(password, salt, kdf, key)) return util::Error{"CRYPTO_ERROR", "scrypt key derivation failed"};
  std::unique_ptr<EVP_CIPHER_CTX, CtxFree> ctx(EVP_CIPHER_CTX_new());
  std::string pt(ct.size() + 16, '\0');
  int len = 0, total = 0;
  bool ok = ctx && EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.data(), nonce.data()) == 1 &&
            EVP_DecryptUpdate(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(aad.data()), static_cast<int>(aad.size())) == 1 &&
            EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(pt.data()), &len, ct.data(), static_cast<int>(ct.size())) == 1;
  total = len;
  ok = ok && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) == 1 &&
       EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(pt.data()) + total, &len) == 1;
  OPENSSL_cleanse(key.data(), key.size());
  if (!ok) {
    wipe(pt);
    return util::Error{"WRONG_PASSWORD_OR_CORRUPT", "wrong password, or the sealed file was modified"};
  }
  pt.resize(static_cast<std::size_t>(total + len));
  return pt;
}

}  // namespace lezpay::keystore
