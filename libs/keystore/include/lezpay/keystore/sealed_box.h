#pragma once
// Password-sealed secrets at rest (wallet keystore, session keys). Pure: bytes in, bytes out;
// the caller writes the result with lezpay::fileio::writeFileAtomic(..., 0600).
//
// Format (JSON text, so a person can see what it is without seeing what it holds):
//   {"format":"lezpay-sealed-box","version":1,
//    "kdf":{"name":"scrypt","n":32768,"r":8,"p":1,"salt":"<32 hex bytes>"},
//    "cipher":"aes-256-gcm","nonce":"<12 hex bytes>","ciphertext":"<hex>","tag":"<16 hex bytes>"}
// The key is scrypt(password, salt); the header fields (format, version, kdf, cipher) are bound
// as AEAD associated data, so editing any of them makes opening fail. A wrong password and a
// tampered file are the same error (WRONG_PASSWORD_OR_CORRUPT): AEAD cannot tell them apart.

#include <cstdint>
#include <span>
#include <string>

#include "lezpay/util/result.h"

namespace lezpay::keystore {

struct KdfParams {
  std::uint64_t n = 1u << 15;  // scrypt cost; 32 MiB of memory with r = 8
  std::uint32_t r = 8;
  std::uint32_t p = 1;
};

// Limits accepted when opening, so a crafted file cannot make us allocate gigabytes.
inline constexpr std::uint64_t kMaxScryptN = 1u << 20;
inline constexpr std::size_t kMaxSealedBytes = 16 * 1024 * 1024;

// Seals `plaintext`. `randomness` supplies salt and nonce (44 bytes are drawn); pass
// randomBytes for production, a fixed source in tests. Error code CRYPTO_ERROR.
using RandomSource = void (*)(std::span<std::uint8_t> out);
void randomBytes(std::span<std::uint8_t> out);  // OpenSSL RAND_bytes; aborts if the CSPRNG fails

util::Result<std::string> seal(const std::string& plaintext, const std::string& password, const KdfParams& kdf = {},
                               RandomSource random = randomBytes);

// Opens a sealed box. Errors: MALFORMED_KEYSTORE (not our format, bad field, limits exceeded),
// UNSUPPORTED_KEYSTORE (unknown version, kdf or cipher), WRONG_PASSWORD_OR_CORRUPT.
util::Result<std::string> open(const std::string& sealed, const std::string& password);

// Overwrites a string's bytes before it is released.
void wipe(std::string& s);

}  // namespace lezpay::keystore
