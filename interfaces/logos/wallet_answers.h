#pragma once
// The answers of wallet_module that other modules read, declared once: the shape wallet_module
// promises (its descriptors use these shapes, so its debug build and the table-walk test check
// every real answer against them) and the one parser every consumer uses (payment_streams'
// chain reader, x402's wallet chain). LEZ spec §12.
//
// get_account_public answers the upstream shape (program owner hex; balance and nonce as 16-byte
// little-endian hex) plus the decimal forms; the parser reads the decimal forms, which is the
// project's one text form of an amount, and checks that the hex forms say the same.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "lezpay/util/hex.h"
#include "lezpay/util/result.h"
#include "lezpay/util/u128.h"
#include "logos/json.h"

namespace logos::wallet_answers {

// The shape (sdk/result_shape.h) of a successful get_account_public answer.
inline Json accountShape() {
  return Json{{"account_id", "hex32"},    {"account_id_base58", "base58"}, {"program_owner", "hex32"},
              {"balance", "hex"},         {"nonce", "hex"},                {"data", "hex"},
              {"balance_decimal", "u128"}, {"nonce_decimal", "u128"}};
}

struct Account {
  std::array<std::uint8_t, 32> programOwner{};
  lezpay::util::U128 balance;
  lezpay::util::U128 nonce;
  std::vector<std::uint8_t> data;
};

// Code of an answer that does not have the declared shape.
inline constexpr const char* kWalletBadAnswer = "WALLET_BAD_ANSWER";

// Reads a successful get_account_public answer. Error WALLET_BAD_ANSWER naming the field when a
// field is absent, not of its type, or when a hex form disagrees with its decimal form.
inline lezpay::util::Result<Account> parseAccount(const Json& answer) {
  auto bad = [](const std::string& why) {
    return lezpay::util::Error{kWalletBadAnswer, "wallet_module.get_account_public answer: " + why};
  };
  if (!answer.is_object()) return bad("not an object");
  auto text = [&answer](const char* key) -> const std::string* {
    auto it = answer.find(key);
    return it != answer.end() && it->is_string() ? &it->get_ref<const std::string&>() : nullptr;
  };
  Account a;
  const std::string* owner = text("program_owner");
  if (owner == nullptr) return bad("program_owner is missing");
  auto ownerBytes = lezpay::util::fromHexFixed<32>(*owner);
  if (!ownerBytes.ok()) return bad("program_owner: " + ownerBytes.error().message);
  a.programOwner = ownerBytes.value();
  struct Amount {
    const char* decimal;
    const char* leHex;
    lezpay::util::U128* out;
  };
  for (const Amount& f : {Amount{"balance_decimal", "balance", &a.balance}, Amount{"nonce_decimal", "nonce", &a.nonce}}) {
    const std::string* d = text(f.decimal);
    if (d == nullptr) return bad(std::string(f.decimal) + " is missing");
    auto v = lezpay::util::U128::parseDecimal(*d);
    if (!v.ok()) return bad(std::string(f.decimal) + ": " + v.error().message);
    const std::string* h = text(f.leHex);
    if (h == nullptr) return bad(std::string(f.leHex) + " is missing");
    auto le = lezpay::util::U128::fromLeHex(*h);
    if (!le.ok()) return bad(std::string(f.leHex) + ": " + le.error().message);
    if (le.value() != v.value()) return bad(std::string(f.leHex) + " and " + f.decimal + " disagree");
    *f.out = v.value();
  }
  const std::string* data = text("data");
  if (data == nullptr) return bad("data is missing");
  auto bytes = lezpay::util::fromHex(*data);
  if (!bytes.ok()) return bad("data: " + bytes.error().message);
  a.data = std::move(bytes.value());
  return a;
}

}  // namespace logos::wallet_answers
