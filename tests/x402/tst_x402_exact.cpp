// The `exact` scheme on LEZ (docs/protocol.md "x402 exact scheme on LEZ"): a real signed
// authenticated_transfer verifies; every tampered field is refused with its own reason; the
// authorization digest binds hash, window and resource; chain-state checks.
#include <QtTest>

#include "lez/core/authenticated_transfer.h"
#include "lez/core/hashing.h"
#include "lez/core/schnorr.h"
#include "lez/core/transaction_builder.h"
#include "lez/core/transaction_codec.h"
#include "lezpay/util/base64.h"
#include "lezpay/util/hex.h"
#include "lez/x402_exact/exact_lez.h"
#include "x402/header_codec.h"
#include "x402/json_codec.h"

using namespace x402;
using lez::core::AccountId;
using lez::core::SecretKey;
using lez::core::U128;

namespace {

constexpr std::uint64_t kNow = 1'750'000'000;
const std::string kUrl = "http://127.0.0.1:8402/weather";

SecretKey key(std::uint8_t b) {
  std::array<std::uint8_t, 32> bytes{};
  bytes.fill(b);
  return SecretKey::fromBytes(bytes).value();
}

const SecretKey kPayer = key(7);
const SecretKey kOther = key(9);
const AccountId kPayerId = lez::core::publicAccountId(kPayer.publicKey());
const AccountId kPayTo = lez::core::publicAccountId(key(8).publicKey());

struct Parts {
  lez::core::ProgramId program = lez::core::kAuthenticatedTransferProgramId;
  std::vector<AccountId> accounts{kPayerId, kPayTo};
  std::vector<U128> nonces{U128(3)};
  std::vector<std::uint32_t> instruction = lez::core::atTransferInstruction(U128(10));
  std::vector<SecretKey> signers{kPayer};
  std::uint64_t validAfter = kNow - 600;
  std::uint64_t validBefore = kNow + 60;
  std::string authUrl = kUrl;           // what the authorization signs
  const SecretKey* authKey = &kPayer;   // who signs the authorization
};

std::string txBase64(const lez::core::PublicTransaction& tx) {
  return lezpay::util::toBase64(lez::core::encode(lez::core::LeeTransaction{tx}));
}

lez::core::PublicTransaction signedTx(const Parts& p) {
  return lez::core::buildPublicTransaction(p.program, p.accounts, p.nonces, p.instruction, p.signers).value();
}

PaymentPayload payloadFor(const Parts& p, const PaymentRequirements& req) {
  const auto tx = signedTx(p);
  const auto digest = authorizationDigest(lez::core::transactionHash(tx), p.validAfter, p.validBefore, p.authUrl);
  ExactLezPayload lp{txBase64(tx), p.validAfter, p.validBefore, lez::core::sign(*p.authKey, digest).value().bytes};
  PaymentPayload out;
  out.resource = ResourceInfo{kUrl, std::nullopt, std::nullopt};
  out.accepted = req;
  out.payload = toJson(lp);
  return out;
}

PaymentRequirements requirements() { return makeExactLezRequirements(kNetworkLocalnet, U128(10), kPayTo, 60); }

LezPayerState funded() { return LezPayerState{lez::core::kAuthenticatedTransferProgramId, U128(100), U128(3)}; }

QString q(std::string_view s) { return QString::fromUtf8(s.data(), static_cast<int>(s.size())); }

std::string reasonOf(const PaymentPayload& p, const PaymentRequirements& r, const LezPayerState& chain = funded(),
                     std::uint64_t now = kNow, ExactLezVerifyOptions o = {}) {
  const VerifyResponse v = verifyExactLez(p, r, chain, now, o);
  return v.isValid ? "valid" : v.invalidReason.value_or("?");
}

}  // namespace

class TstX402Exact : public QObject {
  Q_OBJECT
 private slots:
  void validPaymentVerifies() {
    const auto req = requirements();
    const auto p = payloadFor(Parts{}, req);
    const VerifyResponse v = verifyExactLez(p, req, funded(), kNow, {});
    QVERIFY2(v.isValid, v.invalidMessage.value_or("").c_str());
    QCOMPARE(q(v.payer.value_or("")), q(kPayerId.toBase58()));
    // The payload survives the header codec unchanged.
    auto back = decodePaymentSignatureHeader(encodePaymentSignatureHeader(p));
    QVERIFY(back.ok());
    QCOMPARE(q(reasonOf(back.value(), req)), QStringLiteral("valid"));
    // payTo as 64 hex is the same account.
    auto hexReq = req;
    hexReq.payTo = kPayTo.toHex();
    auto hexPayload = payloadFor(Parts{}, hexReq);
    QCOMPARE(q(reasonOf(hexPayload, hexReq)), QStringLiteral("valid"));
  }

  void staticStageReportsTheTransfer() {
    const auto req = requirements();
    auto t = verifyExactLezStatic(payloadFor(Parts{}, req), req, kNow, {});
    QVERIFY(t.ok());
    QVERIFY(t.value().payer == kPayerId);
    QVERIFY(t.value().recipient == kPayTo);
    QVERIFY(t.value().amount == U128(10));
    QVERIFY(t.value().nonce == U128(3));
    QCOMPARE(q(t.value().resourceUrl), q(kUrl));
    auto h = transactionHashOfBase64(parseExactLezPayload(payloadFor(Parts{}, req).payload).value().transaction);
    QVERIFY(h.ok());
  }

  void authorizationDigestIsPinnedAndBindsEveryPart() {
    lez::core::Hash32 tx{};
    for (std::size_t i = 0; i < tx.size(); ++i) tx[i] = static_cast<std::uint8_t>(i);
    const auto d = authorizationDigest(tx, 1000, 2000, "waku-store://peer/abc");
    // Pinned: SHA256("/x402/exact/lez/Authorization/" + 2 zero bytes ‖ 00..1f ‖ e803000000000000 ‖
    // d007000000000000 ‖ SHA256("waku-store://peer/abc")) — docs/protocol.md.
    std::vector<std::uint8_t> pre(kAuthorizationDomain.begin(), kAuthorizationDomain.end());
    pre.insert(pre.end(), tx.begin(), tx.end());
    for (std::uint64_t v : {std::uint64_t{1000}, std::uint64_t{2000}}) {
      for (int i = 0; i < 8; ++i) pre.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    }
    const std::string url = "waku-store://peer/abc";
    const auto uh = lez::core::sha256(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(url.data()), url.size()));
    pre.insert(pre.end(), uh.begin(), uh.end());
    QCOMPARE(pre.size(), std::size_t{112});
    QVERIFY(d == lez::core::sha256(pre));
    QCOMPARE(q(std::string(reinterpret_cast<const char*>(kAuthorizationDomain.data()), 30)), QStringLiteral("/x402/exact/lez/Authorization/"));
    QVERIFY(d != authorizationDigest(tx, 1001, 2000, url));
    QVERIFY(d != authorizationDigest(tx, 1000, 2001, url));
    QVERIFY(d != authorizationDigest(tx, 1000, 2000, url + "x"));
    tx[0] ^= 1;
    QVERIFY(d != authorizationDigest(tx, 1000, 2000, url));
  }

  void tamperedFieldsAreRefusedWithTheirReason_data() {
    QTest::addColumn<int>("which");
    QTest::addColumn<QString>("reason");
    const char* names[] = {"requirements scheme upto", "accepted scheme upto", "unserved network", "accepted other network",
                           "asset not native", "requirements payTo junk", "accepted amount differs", "resource missing",
                           "resource other than expected", "payload unknown field", "payload validAfter negative",
                           "authorization not hex", "transaction not base64", "transaction URL-safe base64",
                           "transaction garbage", "program deployment", "two signers", "other program", "Initialize instruction",
                           "one account", "payer not first", "payer twice", "other recipient", "other amount",
                           "signature from another message", "authorization over another url", "authorization by another key",
                           "authorization over another window", "not yet valid", "expired", "expires within the margin",
                           "nonce used", "nonce ahead", "payer uninitialized", "insufficient funds"};
    const char* reasons[] = {"unsupported_scheme", "invalid_scheme", "invalid_network", "invalid_network",
                             "invalid_payment_requirements", "invalid_payment_requirements", "invalid_exact_lez_accepted_mismatch",
                             "invalid_payload", "invalid_exact_lez_resource_mismatch", "invalid_payload", "invalid_payload",
                             "invalid_payload", "invalid_exact_lez_transaction_undecodable",
                             "invalid_exact_lez_transaction_undecodable", "invalid_exact_lez_transaction_undecodable",
                             "invalid_exact_lez_transaction_kind", "invalid_exact_lez_signers", "invalid_exact_lez_program",
                             "invalid_exact_lez_instruction", "invalid_exact_lez_accounts", "invalid_exact_lez_accounts",
                             "invalid_exact_lez_accounts", "invalid_exact_lez_recipient_mismatch",
                             "invalid_exact_lez_amount_mismatch", "invalid_exact_lez_signature", "invalid_exact_lez_authorization",
                             "invalid_exact_lez_authorization", "invalid_exact_lez_authorization", "invalid_exact_lez_not_yet_valid",
                             "invalid_exact_lez_expired", "invalid_exact_lez_expired", "nonce_replayed",
                             "invalid_exact_lez_nonce_mismatch", "invalid_exact_lez_payer_not_initialized", "insufficient_funds"};
    static_assert(std::size(names) == std::size(reasons));
    for (std::size_t i = 0; i < std::size(names); ++i) QTest::newRow(names[i]) << static_cast<int>(i) << QString(reasons[i]);
  }
  void tamperedFieldsAreRefusedWithTheirReason() {
    QFETCH(int, which);
    QFETCH(QString, reason);
    auto req = requirements();
    Parts parts;
    LezPayerState chain = funded();
    ExactLezVerifyOptions options;
    std::uint64_t now = kNow;
    std::function<void(PaymentPayload&)> edit = [](PaymentPayload&) {};
    auto setTx = [&](const std::string& b64) { edit = [b64](PaymentPayload& p) { p.payload["transaction"] = b64; }; };
    switch (which) {
      case 0: edit = [&](PaymentPayload& p) { req.scheme = "upto"; p.accepted.scheme = "upto"; }; break;
      case 1: edit = [](PaymentPayload& p) { p.accepted.scheme = "upto"; }; break;
      case 2: edit = [&](PaymentPayload& p) { req.network = "eip155:8453"; p.accepted.network = "eip155:8453"; }; break;
      case 3: edit = [](PaymentPayload& p) { p.accepted.network = "logos:lez-testnet"; }; break;
      case 4: edit = [&](PaymentPayload& p) { req.asset = "usdc"; p.accepted.asset = "usdc"; }; break;
      case 5: edit = [&](PaymentPayload& p) { req.payTo = "not-an-account"; p.accepted.payTo = req.payTo; }; break;
      case 6: edit = [](PaymentPayload& p) { p.accepted.amount = "11"; }; break;
      case 7: edit = [](PaymentPayload& p) { p.resource.reset(); }; break;
      case 8: options.expectedResourceUrl = kUrl + "/other"; break;
      case 9: edit = [](PaymentPayload& p) { p.payload["memo"] = "hi"; }; break;
      case 10: edit = [](PaymentPayload& p) { p.payload["validAfter"] = -1; }; break;
      case 11: edit = [](PaymentPayload& p) { p.payload["authorization"] = std::string(128, 'z'); }; break;
      case 12: setTx("not base64!"); break;
      case 13: {
        std::string s = txBase64(signedTx(parts));
        bool swapped = false;
        for (char& c : s) {
          if (c == '+') { c = '-'; swapped = true; } else if (c == '/') { c = '_'; swapped = true; }
        }
        setTx(swapped ? s : s + "-");
        break;
      }
      case 14: setTx(lezpay::util::toBase64(std::vector<std::uint8_t>{0, 1, 2, 3, 4, 5})); break;
      case 15: setTx(lezpay::util::toBase64(lez::core::encode(lez::core::LeeTransaction{lez::core::ProgramDeploymentTransaction{{1, 2}}}))); break;
      case 16: parts.signers = {kPayer, kOther}; parts.nonces = {U128(3), U128(0)}; break;
      case 17: parts.program = lez::core::kAuthenticatedTransferProgramIdV020; break;
      case 18: parts.instruction = lez::core::atInitializeInstruction(); break;
      case 19: parts.accounts = {kPayerId}; break;
      case 20: parts.accounts = {kPayTo, kPayerId}; break;
      case 21: parts.accounts = {kPayerId, kPayerId}; break;
      case 22: parts.accounts = {kPayerId, lez::core::publicAccountId(kOther.publicKey())}; break;
      case 23: parts.instruction = lez::core::atTransferInstruction(U128(9)); break;
      case 24: {
        // A valid signature, but over another message (nonce 4), grafted onto this one.
        Parts other = parts;
        other.nonces = {U128(4)};
        auto donor = signedTx(other);
        auto tx = signedTx(parts);
        tx.witnessSet.witnesses[0].signature = donor.witnessSet.witnesses[0].signature;
        const auto digest = authorizationDigest(lez::core::transactionHash(tx), parts.validAfter, parts.validBefore, kUrl);
        ExactLezPayload lp{txBase64(tx), parts.validAfter, parts.validBefore, lez::core::sign(kPayer, digest).value().bytes};
        edit = [lp](PaymentPayload& p) { p.payload = toJson(lp); };
        break;
      }
      case 25: parts.authUrl = kUrl + "?x=1"; break;
      case 26: parts.authKey = &kOther; break;
      case 27: edit = [](PaymentPayload& p) { p.payload["validBefore"] = p.payload["validBefore"].get<std::uint64_t>() + 1; }; break;
      case 28: now = parts.validAfter - 1; break;
      case 29: now = parts.validBefore + 1; break;
      case 30: now = parts.validBefore - kExpiryMarginSeconds + 1; break;
      case 31: chain.nonce = U128(4); break;
      case 32: chain.nonce = U128(2); break;
      case 33: chain.programOwner = lez::core::ProgramId{}; break;
      case 34: chain.balance = U128(9); break;
      default: QFAIL("no such case");
    }
    PaymentPayload p = payloadFor(parts, req);
    edit(p);
    const VerifyResponse v = verifyExactLez(p, req, chain, now, options);
    QVERIFY(!v.isValid);
    QCOMPARE(q(v.invalidReason.value_or("")), reason);
    QVERIFY2(!v.invalidMessage.value_or("").empty(), "every refusal carries a sentence");
  }

  void boundariesThatStillVerify() {
    const auto req = requirements();
    Parts parts;
    const auto p = payloadFor(parts, req);
    QCOMPARE(q(reasonOf(p, req, funded(), parts.validAfter)), QStringLiteral("valid"));  // validAfter == now
    QCOMPARE(q(reasonOf(p, req, funded(), parts.validBefore - kExpiryMarginSeconds)), QStringLiteral("valid"));
    LezPayerState exact = funded();
    exact.balance = U128(10);  // balance == amount
    QCOMPARE(q(reasonOf(p, req, exact)), QStringLiteral("valid"));
    ExactLezVerifyOptions o;
    o.expectedResourceUrl = kUrl;
    QCOMPARE(q(reasonOf(p, req, funded(), kNow, o)), QStringLiteral("valid"));
    o.networks = {std::string(kNetworkTestnet)};
    QCOMPARE(q(reasonOf(p, req, funded(), kNow, o)), QStringLiteral("invalid_network"));
  }

  void payloadCodecIsStrict() {
    ExactLezPayload lp{"AA==", 1, 2, {}};
    lp.authorization.fill(0xab);
    auto back = parseExactLezPayload(toJson(lp));
    QVERIFY(back.ok());
    QVERIFY(back.value() == lp);
    QVERIFY(!parseExactLezPayload(Json::array()).ok());
    for (const char* field : {"transaction", "validAfter", "validBefore", "authorization"}) {
      Json j = toJson(lp);
      j.erase(field);
      auto r = parseExactLezPayload(j);
      QVERIFY2(!r.ok() && r.error().message.find(field) != std::string::npos, field);
    }
    Json j = toJson(lp);
    j["validBefore"] = 1.5;
    QVERIFY(!parseExactLezPayload(j).ok());
    j = toJson(lp);
    j["authorization"] = std::string(126, 'a');
    QVERIFY(!parseExactLezPayload(j).ok());
    j = toJson(lp);
    j["transaction"] = "";
    QVERIFY(!parseExactLezPayload(j).ok());
  }

  void windowAndAddressHelpers() {
    const auto w = defaultWindow(kNow, 60);
    QCOMPARE(w.validAfter, kNow - kValidAfterSkewSeconds);
    QCOMPARE(w.validBefore, kNow + 60);
    QCOMPARE(defaultWindow(5, 60).validAfter, std::uint64_t{0});
    QVERIFY(parseLezAddress(kPayTo.toBase58()) == kPayTo);
    QVERIFY(parseLezAddress(kPayTo.toHex()) == kPayTo);
    QVERIFY(parseLezAddress("0x" + kPayTo.toHex()) == kPayTo);
    QVERIFY(!parseLezAddress("").has_value());
    QVERIFY(!parseLezAddress("0OIl").has_value());
    const auto r = makeExactLezRequirements(kNetworkTestnet, U128::max(), kPayTo, 30);
    QCOMPARE(q(r.amount), QStringLiteral("340282366920938463463374607431768211455"));
    QCOMPARE(q(r.asset), QStringLiteral("native"));
    QVERIFY(toJson(r)["extra"].is_object());
  }
};

QTEST_APPLESS_MAIN(TstX402Exact)
#include "tst_x402_exact.moc"
