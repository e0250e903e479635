// Writes the seeds that need real cryptography, into <corpus dir>/<target>/seed_*:
//  - x402_payment: exact-LEZ payments with a signed authenticated_transfer and a BIP-340
//    authorization that pass verifyExactLezStatic at the fuzz target's clock (1'750'000'000),
//    as JSON, as a PAYMENT-SIGNATURE header value and as a facilitator body, plus near misses
//    that fail one late check each (amount, recipient, window, authorization, resource url);
//  - keystore_file: sealed boxes opened by the target's password, with cheap scrypt parameters,
//    plus a box sealed under another password and one with an edited header.
// Usage: fuzz_make_signed_seeds <repo>/fuzz/corpus   (built with the corpus replay tests).
// Test keys only: the secrets are fixed byte patterns.
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lez/core/authenticated_transfer.h"
#include "lez/core/hashing.h"
#include "lez/core/schnorr.h"
#include "lez/core/transaction_builder.h"
#include "lez/core/transaction_codec.h"
#include "lezpay/keystore/sealed_box.h"
#include "lezpay/util/base64.h"
#include "lez/x402_exact/exact_lez.h"
#include "x402/header_codec.h"
#include "x402/json_codec.h"

namespace {

using lez::core::AccountId;
using lez::core::SecretKey;
using lez::core::U128;

constexpr std::uint64_t kNow = 1'750'000'000;  // the clock of fuzz/x402_payment.cpp
const std::string kUrl = "http://127.0.0.1:8402/weather";

std::filesystem::path gOut;

void write(const std::string& target, const std::string& name, const std::string& bytes) {
  const auto dir = gOut / target;
  std::filesystem::create_directories(dir);
  std::ofstream(dir / ("seed_" + name), std::ios::binary) << bytes;
}

SecretKey key(std::uint8_t b) {
  std::array<std::uint8_t, 32> bytes{};
  bytes.fill(b);
  return SecretKey::fromBytes(bytes).value();
}

struct Parts {
  lez::core::ProgramId program = lez::core::kAuthenticatedTransferProgramId;
  std::vector<std::uint8_t> accounts{7, 8};  // key bytes of the account ids, payer first
  std::vector<std::uint8_t> signers{7};
  std::vector<std::uint32_t> instruction;    // empty: Transfer{amount}
  U128 amount = U128(10);
  U128 nonce = U128(3);
  std::uint64_t validAfter = kNow - 600;
  std::uint64_t validBefore = kNow + 60;
  std::string authUrl = kUrl;
  std::uint8_t authKey = 7;
  std::uint8_t payTo = 8;
};

x402::PaymentPayload payload(const Parts& p, const x402::PaymentRequirements& req) {
  const SecretKey payer = key(7);
  const AccountId payerId = lez::core::publicAccountId(payer.publicKey());
  const AccountId payTo = lez::core::publicAccountId(key(p.payTo).publicKey());
  std::vector<SecretKey> signers;
  std::vector<U128> nonces;
  for (std::uint8_t b : p.signers) {
    signers.push_back(key(b));
    nonces.push_back(p.nonce);
  }
  std::vector<AccountId> accounts;
  for (std::uint8_t b : p.accounts) accounts.push_back(b == p.payTo ? payTo : lez::core::publicAccountId(key(b).publicKey()));
  (void)payerId;
  const auto tx = lez::core::buildPublicTransaction(p.program, accounts, nonces,
                                                    p.instruction.empty() ? lez::core::atTransferInstruction(p.amount) : p.instruction,
                                                    signers)
                      .value();
  const auto digest = x402::authorizationDigest(lez::core::transactionHash(tx), p.validAfter, p.validBefore, p.authUrl);
  const lez::core::AuxRand aux{};
  x402::ExactLezPayload lp{lezpay::util::toBase64(lez::core::encode(lez::core::LeeTransaction{tx})), p.validAfter, p.validBefore,
                           lez::core::sign(key(p.authKey), digest, aux).bytes};
  x402::PaymentPayload out;
  out.resource = x402::ResourceInfo{kUrl, std::nullopt, std::nullopt};
  out.accepted = req;
  out.payload = x402::toJson(lp);
  return out;
}

int x402Seeds() {
  const auto req = x402::makeExactLezRequirements(x402::kNetworkLocalnet, U128(10), lez::core::publicAccountId(key(8).publicKey()), 60);
  const auto valid = payload(Parts{}, req);
  if (!x402::verifyExactLezStatic(valid, req, kNow, {}).ok()) {
    std::fprintf(stderr, "the valid x402 seed does not verify\n");
    return 1;
  }
  write("x402_payment", "signed_payload.json", x402::toJson(valid).dump());
  write("x402_payment", "signed_payload.b64", x402::encodePaymentSignatureHeader(valid));
  write("x402_payment", "signed_facilitator_body.json", x402::toJson(x402::FacilitatorRequest{valid, req}).dump());
  auto hexReq = req;
  hexReq.payTo = lez::core::publicAccountId(key(8).publicKey()).toHex();
  write("x402_payment", "signed_payto_hex.json", x402::toJson(payload(Parts{}, hexReq)).dump());

  Parts p;
  p.amount = U128(11);
  write("x402_payment", "signed_amount_mismatch.json", x402::toJson(payload(p, req)).dump());
  p = Parts{};
  p.payTo = 9;
  write("x402_payment", "signed_other_recipient.json", x402::toJson(payload(p, req)).dump());
  p = Parts{};
  p.validBefore = kNow + 1;
  write("x402_payment", "signed_expiring.json", x402::toJson(payload(p, req)).dump());
  p = Parts{};
  p.validAfter = kNow + 10;
  write("x402_payment", "signed_not_yet_valid.json", x402::toJson(payload(p, req)).dump());
  p = Parts{};
  p.authKey = 9;
  write("x402_payment", "signed_authorization_other_key.json", x402::toJson(payload(p, req)).dump());
  p = Parts{};
  p.authUrl = "http://127.0.0.1:8402/other";
  write("x402_payment", "signed_authorization_other_url.json", x402::toJson(payload(p, req)).dump());
  p = Parts{};
  p.signers = {7, 9};
  p.accounts = {7, 9, 8};
  write("x402_payment", "signed_two_signers.json", x402::toJson(payload(p, req)).dump());
  p = Parts{};
  p.program = lez::core::kAuthenticatedTransferProgramIdV020;
  write("x402_payment", "signed_other_program.json", x402::toJson(payload(p, req)).dump());
  p = Parts{};
  p.instruction = lez::core::atInitializeInstruction();
  write("x402_payment", "signed_initialize_instruction.json", x402::toJson(payload(p, req)).dump());
  p = Parts{};
  p.accounts = {7};
  write("x402_payment", "signed_one_account.json", x402::toJson(payload(p, req)).dump());
  p = Parts{};
  p.accounts = {8, 7};
  write("x402_payment", "signed_payer_not_first.json", x402::toJson(payload(p, req)).dump());
  p = Parts{};
  p.accounts = {7, 7};
  write("x402_payment", "signed_payer_twice.json", x402::toJson(payload(p, req)).dump());

  auto edited = [&](const std::string& name, auto edit) {
    x402::PaymentPayload e = valid;
    edit(e);
    write("x402_payment", "signed_" + name + ".json", x402::toJson(e).dump());
  };
  edited("window_edited", [](x402::PaymentPayload& e) { e.payload["validBefore"] = kNow + 61; });
  edited("accepted_testnet", [](x402::PaymentPayload& e) { e.accepted.network = std::string(x402::kNetworkTestnet); });
  edited("accepted_upto", [](x402::PaymentPayload& e) { e.accepted.scheme = "upto"; });
  edited("no_resource", [](x402::PaymentPayload& e) { e.resource.reset(); });
  edited("payload_memo", [](x402::PaymentPayload& e) { e.payload["memo"] = "hi"; });
  edited("deployment", [](x402::PaymentPayload& e) {
    e.payload["transaction"] = lezpay::util::toBase64(lez::core::encode(lez::core::LeeTransaction{lez::core::ProgramDeploymentTransaction{{1, 2}}}));
  });
  edited("transaction_garbage", [](x402::PaymentPayload& e) { e.payload["transaction"] = "AAECAwQF"; });
  return 0;
}

void fixedRandom(std::span<std::uint8_t> out) {
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<std::uint8_t>(0xA5 ^ i);
}

int keystoreSeeds() {
  const std::string password = "fuzz password";  // the password of fuzz/keystore_file.cpp
  const lezpay::keystore::KdfParams cheap{16, 1, 1};
  const std::string wallet = nlohmann::json{{"accounts", {{{"secret_key_hex", std::string(64, '7')}}}}}.dump();
  auto sealed = lezpay::keystore::seal(wallet, password, cheap, fixedRandom);
  auto empty = lezpay::keystore::seal("", password, cheap, fixedRandom);
  auto other = lezpay::keystore::seal(wallet, "another password", cheap, fixedRandom);
  if (!sealed.ok() || !empty.ok() || !other.ok()) {
    std::fprintf(stderr, "sealing failed\n");
    return 1;
  }
  write("keystore_file", "wallet", *sealed);
  write("keystore_file", "empty_plaintext", *empty);
  write("keystore_file", "other_password", *other);
  auto j = nlohmann::json::parse(*sealed);
  j["kdf"]["r"] = 2;
  write("keystore_file", "edited_header", j.dump());
  j = nlohmann::json::parse(*sealed);
  j["version"] = 2;
  write("keystore_file", "version_2", j.dump());
  j = nlohmann::json::parse(*sealed);
  j["format"] = 1;
  write("keystore_file", "format_number", j.dump());
  j = nlohmann::json::parse(*sealed);
  j["kdf"]["n"] = 3;
  write("keystore_file", "n_not_power_of_two", j.dump());
  j = nlohmann::json::parse(*sealed);
  j["tag"] = "00";
  write("keystore_file", "short_tag", j.dump());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <repo>/fuzz/corpus\n", argv[0]);
    return 2;
  }
  gOut = argv[1];
  return x402Seeds() | keystoreSeeds();
}
