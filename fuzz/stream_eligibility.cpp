// Fuzz target: what payment_streams_module's provider side does with untrusted bytes
// (lez/stream_eligibility): the N8 reader, and an EligibilityProof run through the proposal and
// proof-arm checks against a fixed policy, vault, session and stream. The first input byte selects
// the path, the rest is the input.
// Properties: no crash; a request id that reads back is non-empty, at most 256 bytes, and the input
// starts with the domain prefix; an accepted proposal carries a valid owner signature; a proof
// is accepted only if a pinned session key signed SHA256(N8) (never for fuzz-made signatures
// unless they verify).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include "eligibility/eligibility_proof_codec.h"
#include "eligibility/signed_payloads.h"
#include "fuzz_check.h"
#include "lez/core/schnorr.h"
#include "lez/stream_eligibility/canonical_request_reader.h"
#include "lez/stream_eligibility/provider_checks.h"

namespace se = lez::stream_eligibility;
namespace ls = lez::streams;

namespace {

constexpr ls::Timestamp kNow = 1'700'000'000;

lez::core::SecretKey key(std::uint8_t seed) {
  std::array<std::uint8_t, 32> b{};
  b.fill(seed);
  b[0] = 1;
  return lez::core::SecretKey::fromBytes(b).value();
}

struct World {
  lez::core::SecretKey owner = key(0x21);
  lez::core::SecretKey session = key(0x42);
  se::ProviderPolicy policy;
  se::VaultView vault;
  ls::StreamConfig stream;
  std::vector<std::uint8_t> n8;

  World() {
    policy.provider = lez::core::publicAccountId(key(0x63).publicKey());
    ls::VaultConfig c;
    c.owner = lez::core::publicAccountId(owner.publicKey());
    c.vaultId = 3;
    vault = se::VaultView{c, lez::core::U128(10'000)};
    stream.streamId = 5;
    stream.provider = policy.provider;
    stream.rate = 10;
    stream.allocation = lez::core::U128(100'000);
    stream.accruedAsOf = kNow - 10;
  }
};

const World& world() {
  static const World w;
  return w;
}

void canonical(std::span<const std::uint8_t> in) {
  auto r = se::readCanonicalRequest(in);
  if (!r.ok()) return;
  FUZZ_CHECK(!r->requestId.empty() && r->requestId.size() <= se::kMaxRequestIdBytes);
  FUZZ_CHECK(in.size() >= 32 && std::memcmp(in.data(), "/LEZ/v0.1/StoreEligibility/", 27) == 0);
}

void proof(std::span<const std::uint8_t> in) {
  const World& w = world();
  auto decoded = eligibility::decodeEligibilityProof(in);
  if (!decoded.ok()) return;
  if (const auto* p = std::get_if<eligibility::StreamProposal>(&decoded->arm)) {
    auto d = se::checkProposal(*p, w.policy, w.vault, kNow);
    if (d.outcome.ok()) FUZZ_CHECK(se::ownerSignatureValid(*p) && d.session.has_value());
    return;
  }
  if (const auto* p = std::get_if<eligibility::StreamProof>(&decoded->arm)) {
    se::SessionBook book(4);
    se::ProviderSession s;
    s.sessionKey = w.session.publicKey().bytes();
    s.params = {std::string(se::kStoreQueryServiceId), 10, 1000, kNow + 100};
    s.providerId = w.policy.provider;
    s.owner = w.vault.config->owner;
    s.vaultId = 3;
    book.insert(s, kNow);
    // The request signed is the input itself (any bytes): what matters is the signature check.
    const auto digest = eligibility::streamProofDigest(in);
    se::ProviderSession* found = se::findSigningSession(book, *p, digest, "");
    if (!found) return;
    lez::core::Signature sig;
    sig.bytes = p->signature;
    FUZZ_CHECK(lez::core::verify(sig, digest, w.session.publicKey()));
    (void)se::precheckProof(*found, *p, {"fuzz"}, w.policy);
    (void)se::checkProofAgainstChain(*found, *p, w.policy, w.stream, kNow * 1000);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::span<const std::uint8_t> rest(data + 1, size - 1);
  if (data[0] % 2 == 0) {
    canonical(rest);
  } else {
    proof(rest);
  }
  return 0;
}
