// x402 exact-on-LEZ verification benchmark: prints figures, asserts nothing.
// Builds N distinct signed payments, then times (1) PAYMENT-SIGNATURE header decode with schema
// validation and (2) the full pure verification (decode + transaction + two BIP-340 checks +
// chain-state rules) per payment. Usage: bench_x402_verify [N=5000]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "lez/core/hashing.h"
#include "lez/core/schnorr.h"
#include "lez/core/transaction_builder.h"
#include "lez/core/transaction_codec.h"
#include "lezpay/util/base64.h"
#include "lez/x402_exact/exact_lez.h"
#include "x402/header_codec.h"

using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5000;
  std::array<std::uint8_t, 32> seed{};
  seed.fill(7);
  const auto payer = lez::core::SecretKey::fromBytes(seed).value();
  seed.fill(8);
  const auto payTo = lez::core::publicAccountId(lez::core::SecretKey::fromBytes(seed).value().publicKey());
  const auto payerId = lez::core::publicAccountId(payer.publicKey());
  const std::uint64_t now = 1'750'000'000;
  const auto req = x402::makeExactLezRequirements(x402::kNetworkLocalnet, lez::core::U128(10), payTo, 60);
  const std::string url = "http://127.0.0.1:8402/weather";

  std::vector<std::string> headers;
  headers.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    auto tx = lez::core::buildPublicTransaction(lez::core::kAuthenticatedTransferProgramId, {payerId, payTo},
                                                {lez::core::U128(static_cast<std::uint64_t>(i))},
                                                lez::core::atTransferInstruction(lez::core::U128(10)), std::vector{payer})
                  .value();
    const auto digest = x402::authorizationDigest(lez::core::transactionHash(tx), now - 600, now + 60, url);
    x402::ExactLezPayload lp{lezpay::util::toBase64(lez::core::encode(lez::core::LeeTransaction{tx})), now - 600, now + 60,
                             lez::core::sign(payer, digest).value().bytes};
    x402::PaymentPayload p;
    p.resource = x402::ResourceInfo{url, std::nullopt, std::nullopt};
    p.accepted = req;
    p.payload = x402::toJson(lp);
    headers.push_back(x402::encodePaymentSignatureHeader(p));
  }

  std::vector<double> decodeUs, verifyUs;
  int valid = 0;
  const auto t0 = Clock::now();
  for (int i = 0; i < n; ++i) {
    const auto a = Clock::now();
    auto p = x402::decodePaymentSignatureHeader(headers[static_cast<std::size_t>(i)]);
    const auto b = Clock::now();
    const x402::LezPayerState chain{lez::core::kAuthenticatedTransferProgramId, lez::core::U128(1000),
                                    lez::core::U128(static_cast<std::uint64_t>(i))};
    const auto v = x402::verifyExactLez(p.value(), req, chain, now, {});
    const auto c = Clock::now();
    valid += v.isValid ? 1 : 0;
    decodeUs.push_back(std::chrono::duration<double, std::micro>(b - a).count());
    verifyUs.push_back(std::chrono::duration<double, std::micro>(c - b).count());
  }
  const double total = std::chrono::duration<double>(Clock::now() - t0).count();
  auto pct = [](std::vector<double> v, double q) {
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))];
  };
  std::printf("bench_x402_verify: %d payments (%zu-byte PAYMENT-SIGNATURE), %d valid\n", n, headers[0].size(), valid);
  std::printf("  header decode + schema:   p50 %.1f us  p99 %.1f us\n", pct(decodeUs, 0.5), pct(decodeUs, 0.99));
  std::printf("  exact-LEZ verification:   p50 %.1f us  p99 %.1f us\n", pct(verifyUs, 0.5), pct(verifyUs, 0.99));
  std::printf("  throughput (both, 1 core): %.0f payments/s\n", n / total);
  return valid == n ? 0 : 1;
}
