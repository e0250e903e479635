// The LEZ binding of the x402 `exact` scheme: payload codec, authorization digest and the pure
// verification steps (docs/protocol.md "x402 exact scheme on LEZ", steps numbered as there).
#include "lez/x402_exact/exact_lez.h"

#include <utility>

#include "lez/core/authenticated_transfer.h"
#include "lez/core/hashing.h"
#include "lez/core/schnorr.h"
#include "lez/core/transaction_codec.h"
#include "lezpay/util/base64.h"
#include "lezpay/util/hex.h"

namespace x402 {

using lezpay::util::Error;
using lezpay::util::Result;
using lezpay::util::Status;

namespace {

constexpr std::string_view kPayloadFields[] = {"transaction", "validAfter", "validBefore", "authorization"};

Result<std::uint64_t> readSeconds(const Json& j, std::string_view field) {
  auto it = j.find(std::string(field));
  if (it == j.end()) return makeError(Reason::InvalidPayload, "payload." + std::string(field) + ": is required");
  if (it->is_number_unsigned()) return it->get<std::uint64_t>();
  if (it->is_number_integer() && it->get<std::int64_t>() >= 0) return static_cast<std::uint64_t>(it->get<std::int64_t>());
  return makeError(Reason::InvalidPayload,
                   "payload." + std::string(field) + ": must be a non-negative integer of unix seconds");
}

void putU64Le(lez::core::Sha256& h, std::uint64_t v) {
  std::array<std::uint8_t, 8> b{};
  for (std::size_t i = 0; i < 8; ++i) b[i] = static_cast<std::uint8_t>(v >> (8 * i));
  h.update(b);
}

std::span<const std::uint8_t> utf8(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

Result<std::vector<std::uint8_t>> transactionBytes(std::string_view base64) {
  // Cheap bound before decoding: base64 is 4 characters per 3 bytes.
  if (base64.size() > (kMaxTransactionBytes + 2) / 3 * 4) {
    return makeError(Reason::LezTransactionUndecodable,
                     "payload.transaction: larger than " + std::to_string(kMaxTransactionBytes) + " bytes");
  }
  auto bytes = lezpay::util::fromBase64(base64);
  if (!bytes.ok()) {
    return makeError(Reason::LezTransactionUndecodable,
                     "payload.transaction: not standard base64: " + bytes.error().message);
  }
  return bytes;
}

}  // namespace

Json toJson(const ExactLezPayload& p) {
  return Json{{"transaction", p.transaction},
              {"validAfter", p.validAfter},
              {"validBefore", p.validBefore},
              {"authorization", lezpay::util::toHex(p.authorization)}};
}

Result<ExactLezPayload> parseExactLezPayload(const Json& j) {
  if (!j.is_object()) return makeError(Reason::InvalidPayload, "payload: must be an object");
  for (auto it = j.begin(); it != j.end(); ++it) {
    bool known = false;
    for (auto f : kPayloadFields) known = known || it.key() == f;
    if (!known) return makeError(Reason::InvalidPayload, "payload." + it.key() + ": unknown field in an exact LEZ payload");
  }
  ExactLezPayload out;
  auto tx = j.find("transaction");
  if (tx == j.end()) return makeError(Reason::InvalidPayload, "payload.transaction: is required");
  if (!tx->is_string() || tx->get_ref<const std::string&>().empty()) {
    return makeError(Reason::InvalidPayload, "payload.transaction: must be a non-empty base64 string");
  }
  out.transaction = tx->get<std::string>();
  auto after = readSeconds(j, "validAfter");
  if (!after.ok()) return after.error();
  auto before = readSeconds(j, "validBefore");
  if (!before.ok()) return before.error();
  out.validAfter = after.value();
  out.validBefore = before.value();
  auto auth = j.find("authorization");
  if (auth == j.end()) return makeError(Reason::InvalidPayload, "payload.authorization: is required");
  if (!auth->is_string()) return makeError(Reason::InvalidPayload, "payload.authorization: must be a hex string");
  auto sig = lezpay::util::fromHexFixed<64>(auth->get_ref<const std::string&>());
  if (!sig.ok()) {
    return makeError(Reason::InvalidPayload, "payload.authorization: must be 128 hex digits (a BIP-340 signature)");
  }
  out.authorization = sig.value();
  return out;
}

lez::core::Hash32 authorizationDigest(const lez::core::Hash32& txHash, std::uint64_t validAfter,
                                      std::uint64_t validBefore, std::string_view resourceUrl) {
  const lez::core::Hash32 urlHash = lez::core::sha256(utf8(resourceUrl));
  lez::core::Sha256 h;
  h.update(kAuthorizationDomain);
  h.update(txHash);
  putU64Le(h, validAfter);
  putU64Le(h, validBefore);
  h.update(urlHash);
  return h.finish();
}

std::optional<lez::core::AccountId> parseLezAddress(std::string_view text) {
  if (text.size() == 64 || (text.size() == 66 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))) {
    auto id = lez::core::AccountId::fromHex(text);
    if (id.ok()) return id.value();
  }
  auto id = lez::core::AccountId::fromBase58(text);
  if (id.ok()) return id.value();
  return std::nullopt;
}

PaymentRequirements makeExactLezRequirements(std::string_view network, const lez::core::U128& amount,
                                             const lez::core::AccountId& payTo, std::uint64_t maxTimeoutSeconds) {
  PaymentRequirements r;
  r.scheme = std::string(kSchemeExact);
  r.network = std::string(network);
  r.amount = amount.toDecimal();
  r.asset = std::string(kAssetNative);
  r.payTo = payTo.toBase58();
  r.maxTimeoutSeconds = maxTimeoutSeconds;
  r.extra = Json::object();
  return r;
}

ExactLezWindow defaultWindow(std::uint64_t now, std::uint64_t maxTimeoutSeconds) {
  return ExactLezWindow{now > kValidAfterSkewSeconds ? now - kValidAfterSkewSeconds : 0, now + maxTimeoutSeconds};
}

Result<lez::core::Hash32> transactionHashOfBase64(std::string_view transactionBase64) {
  auto bytes = transactionBytes(transactionBase64);
  if (!bytes.ok()) return bytes.error();
  auto tx = lez::core::decodeLeeTransaction(bytes.value());
  if (!tx.ok()) {
    return makeError(Reason::LezTransactionUndecodable, "payload.transaction: not a LeeTransaction: " + tx.error().message);
  }
  return lez::core::transactionHash(tx.value());
}

Result<ExactLezTransfer> verifyExactLezStatic(const PaymentPayload& payload, const PaymentRequirements& requirements,
                                              std::uint64_t now, const ExactLezVerifyOptions& options) {
  // 1-2. Scheme.
  if (requirements.scheme != kSchemeExact) {
    return makeError(Reason::UnsupportedScheme, "this facilitator settles only the exact scheme, not '" + requirements.scheme + "'");
  }
  if (payload.accepted.scheme != requirements.scheme) {
    return makeError(Reason::InvalidScheme, "accepted.scheme '" + payload.accepted.scheme + "' differs from the requirements");
  }
  // 3. Network.
  bool served = false;
  for (const auto& n : options.networks) served = served || n == requirements.network;
  if (!served) return makeError(Reason::InvalidNetwork, "network '" + requirements.network + "' is not served here");
  if (payload.accepted.network != requirements.network) {
    return makeError(Reason::InvalidNetwork, "accepted.network '" + payload.accepted.network + "' differs from the requirements");
  }
  // 4. Requirements themselves.
  if (requirements.asset != kAssetNative) {
    return makeError(Reason::InvalidPaymentRequirements, "asset must be 'native' on LEZ, not '" + requirements.asset + "'");
  }
  auto price = lez::core::U128::parseDecimal(requirements.amount);
  if (!price.ok()) return makeError(Reason::InvalidPaymentRequirements, "amount is not a u128 decimal: " + price.error().message);
  auto payTo = parseLezAddress(requirements.payTo);
  if (!payTo) return makeError(Reason::InvalidPaymentRequirements, "payTo is not a LEZ account id (base58 or 64 hex)");
  // 5. The chosen option is the one being settled, deep-equal.
  if (!(payload.accepted == requirements)) {
    return makeError(Reason::LezAcceptedMismatch, "accepted differs from the payment requirements being verified");
  }
  // 6. The resource the authorization binds.
  if (!payload.resource || payload.resource->url.empty()) {
    return makeError(Reason::InvalidPayload, "resource.url is required by the exact LEZ scheme (the authorization binds it)");
  }
  if (options.expectedResourceUrl && *options.expectedResourceUrl != payload.resource->url) {
    return makeError(Reason::LezResourceMismatch, "the payment is for '" + payload.resource->url + "', not for '" +
                                                      *options.expectedResourceUrl + "'");
  }
  // 7. Payload shape.
  auto p = parseExactLezPayload(payload.payload);
  if (!p.ok()) return p.error();
  const ExactLezPayload& pl = p.value();
  // 8. Transaction bytes.
  auto bytes = transactionBytes(pl.transaction);
  if (!bytes.ok()) return bytes.error();
  auto lee = lez::core::decodeLeeTransaction(bytes.value());
  if (!lee.ok()) {
    return makeError(Reason::LezTransactionUndecodable, "payload.transaction: not a LeeTransaction: " + lee.error().message);
  }
  const lez::core::PublicTransaction* tx = lee.value().asPublic();
  if (!tx) return makeError(Reason::LezTransactionKind, "payload.transaction: not a public transaction");
  const lez::core::Message& m = tx->message;
  // 9. One signer: the payer.
  if (tx->witnessSet.witnesses.size() != 1 || m.nonces.size() != 1) {
    return makeError(Reason::LezSigners, "the transfer must carry exactly one signature and one nonce (the payer's)");
  }
  const lez::core::Witness& w = tx->witnessSet.witnesses[0];
  const lez::core::AccountId payer = lez::core::publicAccountId(w.publicKey);
  // 10-11. authenticated_transfer Transfer{amount}.
  if (!(m.programId == options.atProgramId)) {
    return makeError(Reason::LezProgram, "the transaction calls program " + m.programId.toHex() +
                                             ", not authenticated_transfer " + options.atProgramId.toHex());
  }
  auto instr = lez::core::decodeAtInstruction(m.instructionData);
  if (!instr.ok() || !std::holds_alternative<lez::core::AtTransfer>(instr.value())) {
    return makeError(Reason::LezInstruction, "the instruction is not an authenticated_transfer Transfer");
  }
  const lez::core::U128 amount = std::get<lez::core::AtTransfer>(instr.value()).amount;
  // 12-13. Accounts [payer, payTo].
  if (m.accountIds.size() != 2 || !(m.accountIds[0] == payer) || m.accountIds[1] == payer) {
    return makeError(Reason::LezAccounts, "account_ids must be exactly [payer, recipient] with the payer as the signer");
  }
  if (!(m.accountIds[1] == *payTo)) {
    return makeError(Reason::LezRecipientMismatch, "the transfer pays " + m.accountIds[1].toBase58() + ", not payTo " +
                                                       payTo->toBase58());
  }
  // 14. Exact amount.
  if (!(amount == price.value())) {
    return makeError(Reason::LezAmountMismatch,
                     "the transfer moves " + amount.toDecimal() + ", the price is exactly " + price.value().toDecimal());
  }
  // 15. The payer's signature over the message digest (lez.md §5).
  const lez::core::Hash32 digest = lez::core::messageDigest(m);
  if (!lez::core::verify(w.signature, digest, w.publicKey)) {
    return makeError(Reason::LezSignature, "the transaction signature does not verify");
  }
  // 16. The authorization binds hash, window and resource to the same key.
  const lez::core::Hash32 txHash = lez::core::transactionHash(*tx);
  const lez::core::Hash32 authDigest = authorizationDigest(txHash, pl.validAfter, pl.validBefore, payload.resource->url);
  lez::core::Signature auth;
  auth.bytes = pl.authorization;
  if (!lez::core::verify(auth, authDigest, w.publicKey)) {
    return makeError(Reason::LezAuthorization,
                     "the authorization is not the payer's signature over this transaction, time window and resource");
  }
  // 17. Time window.
  if (pl.validAfter > now) {
    return makeError(Reason::LezNotYetValid, "the payment is valid only after " + std::to_string(pl.validAfter) +
                                                 " (now " + std::to_string(now) + ")");
  }
  if (pl.validBefore < now + kExpiryMarginSeconds) {
    return makeError(Reason::LezExpired, "the payment expired (validBefore " + std::to_string(pl.validBefore) +
                                             ", now " + std::to_string(now) + ", margin " +
                                             std::to_string(kExpiryMarginSeconds) + " s)");
  }
  ExactLezTransfer out;
  out.transaction = *tx;
  out.transactionBytes = std::move(bytes).value();
  out.txHash = txHash;
  out.payer = payer;
  out.payerKey = w.publicKey.bytes();
  out.recipient = m.accountIds[1];
  out.amount = amount;
  out.nonce = m.nonces[0];
  out.validAfter = pl.validAfter;
  out.validBefore = pl.validBefore;
  out.resourceUrl = payload.resource->url;
  return out;
}

Status verifyExactLezChainState(const ExactLezTransfer& transfer, const LezPayerState& payer,
                                const lez::core::ProgramId& atProgramId) {
  // 18. Nonce: below the current one means it was used already (by this payment or another).
  if (transfer.nonce < payer.nonce) {
    return makeError(Reason::NonceReplayed, "the payer's nonce " + transfer.nonce.toDecimal() +
                                                " was already used (current nonce " + payer.nonce.toDecimal() + ")");
  }
  if (transfer.nonce > payer.nonce) {
    return makeError(Reason::LezNonceMismatch, "the transfer's nonce " + transfer.nonce.toDecimal() +
                                                   " is not the payer's current nonce " + payer.nonce.toDecimal());
  }
  // 19. Only an account owned by authenticated_transfer can send native tokens (lez.md §7).
  if (!(payer.programOwner == atProgramId)) {
    return makeError(Reason::LezPayerNotInitialized, "the payer account is not initialized under authenticated_transfer");
  }
  // 20. Funds.
  if (payer.balance < transfer.amount) {
    return makeError(Reason::InsufficientFunds, "the payer holds " + payer.balance.toDecimal() + ", the payment needs " +
                                                    transfer.amount.toDecimal());
  }
  return lezpay::util::okStatus();
}

VerifyResponse verifyExactLez(const PaymentPayload& payload, const PaymentRequirements& requirements,
                              const LezPayerState& payer, std::uint64_t now, const ExactLezVerifyOptions& options) {
  VerifyResponse out;
  auto transfer = verifyExactLezStatic(payload, requirements, now, options);
  if (!transfer.ok()) {
    out.invalidReason = transfer.error().code;
    out.invalidMessage = transfer.error().message;
    return out;
  }
  out.payer = transfer.value().payer.toBase58();
  auto chain = verifyExactLezChainState(transfer.value(), payer, options.atProgramId);
  if (!chain.ok()) {
    out.invalidReason = chain.error().code;
    out.invalidMessage = chain.error().message;
    return out;
  }
  out.isValid = true;
  return out;
}

}  // namespace x402
