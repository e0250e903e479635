#include "read_operations.h"

#include "decoded_json.h"
#include "lez/streams/pdas.h"
#include "lezpay/util/hex.h"
#include "logos/envelope.h"
#include "operation_params.h"
#include "result_shapes.h"
#include "stream_status.h"

namespace payment_streams {
namespace {

using logos::ParamType;
using logos::sdk::Args;
using lez::stream_eligibility::VaultView;
namespace ls = lez::streams;

const logos::ParamSpec kAccountIdParam{"account_id", ParamType::Account, true, nullptr, "account id (base58 or 64 hex)"};
const Json kAccountExample{{"account_id", kExampleOwner}};

logos::OperationSpec getVaultStatusSpec() {
  return shapes::shaped({"getVaultStatus", "Decoded vault config, holding balance and unallocated funds.", {kOwnerParam, kVaultParam},
          Json{{"balance", "0"}, {"unallocated", "0"}, {"decoded", Json::object()}}, Json{{"owner", kExampleOwner}, {"vault_id", 0}}},
                        shapes::withAmounts(Json{{"owner", "base58"}, {"vault_id", "u64"}, {"vault_config_account", "base58"}, {"vault_holding_account", "base58"}, {"decoded", shapes::vaultConfig()}, {"next_stream_id", "u64"}}, {"balance", "total_allocated", "unallocated"}));
}

void getVaultStatus(ModuleServices& s, const Args& a, Answer done) {
  const AccountId o = accountOf(a, "owner");
  const ls::VaultId vaultId = a.u64("vault_id");
  const ModuleConfig cfg = s.config();
  s.chain().vault(cfg.program, o, vaultId, [=](Result<VaultView> vault) {
    if (!vault.ok()) return done(errorJson(vault.error()));
    if (!vault->config) return done(errorJson(kVaultNotFound, "no vault " + std::to_string(vaultId) + " of " + o.toBase58()));
    const auto pdas = ls::vaultPdas(cfg.program, o, vaultId);
    Json out{{"owner", o.toBase58()}, {"vault_id", vaultId}, {"vault_config_account", pdas.config.toBase58()},
             {"vault_holding_account", pdas.holding.toBase58()}, {"decoded", vaultConfigJson(*vault->config)},
             {"next_stream_id", vault->config->nextStreamId}};
    putAmount(out, "balance", vault->holdingBalance);
    putAmount(out, "total_allocated", vault->config->totalAllocated);
    putAmount(out, "unallocated", ls::unallocated(vault->holdingBalance, vault->config->totalAllocated));
    done(logos::okEnvelope(out));
  });
}

logos::OperationSpec getStreamStatusSpec() {
  return shapes::shaped({"getStreamStatus", "A stream decoded and folded to the configured clock (as_of, state, accrued, unaccrued, depletion).",
          {kOwnerParam, kVaultParam, kStreamParam}, Json{{"stream_state", "Active"}, {"accrued", "0"}, {"unaccrued", "0"}, {"as_of", 0}},
          Json{{"owner", kExampleOwner}, {"vault_id", 0}, {"stream_id", 0}}},
                        shapes::withAmounts(Json{{"owner", "base58"}, {"vault_id", "u64"}, {"stream_id", "u64"}, {"provider", "base58"}, {"rate", "u64"}, {"stored", shapes::streamConfig()}, {"as_of", "u64"}, {"clock", shapes::clock()}, {"stream_state", "string"}, {"depleted", "bool"}, {"depleted_at?", "u64"}, {"stream_account", "base58"}}, {"allocation", "accrued", "unaccrued"}));
}

void getStreamStatus(ModuleServices& s, const Args& a, Answer done) {
  const AccountId owner = accountOf(a, "owner");
  readStreamStatus(s, owner, a.u64("vault_id"), a.u64("stream_id"), std::move(done));
}

logos::OperationSpec querySequencerTransactionSpec() {
  return shapes::shaped({"querySequencerTransaction", "The sequencer's status of a transaction (included, rejected with reason, pending, unknown).",
          {{"tx_hash", ParamType::Hex32, true, nullptr, "transaction hash"}}, Json{{"tx_status", "included"}},
          Json{{"tx_hash", std::string(64, 'a')}}},
                        Json{{"tx_hash", "string"}, {"tx_status", "string"}, {"block_id?", "u64|null"}, {"reason?", "object"}, {"guest_code?", "any"}, {"guest_name?", "string"}});
}

Json transactionStatus(const std::string& hash, const Json& w) {
  if (logos::isOk(w)) return logos::okEnvelope(Json{{"tx_hash", hash}, {"tx_status", "included"}, {"block_id", w.value("block_id", Json(nullptr))}});
  const std::string code = w.value("code", std::string());
  if (code == "TX_REJECTED") {
    Json out{{"tx_hash", hash}, {"tx_status", "rejected"}, {"reason", w.value("reason", Json::object())}};
    const Json& r = out["reason"];
    if (r.contains("guest_code")) out["guest_code"] = r["guest_code"];
    if (r.contains("guest_name")) out["guest_name"] = r["guest_name"];
    return logos::okEnvelope(out);
  }
  if (code == "TX_TIMEOUT") return logos::okEnvelope(Json{{"tx_hash", hash}, {"tx_status", "pending"}});
  if (code == "TX_UNKNOWN") return logos::okEnvelope(Json{{"tx_hash", hash}, {"tx_status", "unknown"}});
  return errorJson(kChainReadFailed, "transaction status: " + w.value("message", std::string("wallet failed")));
}

void querySequencerTransaction(ModuleServices& s, const Args& a, Answer done) {
  // One spelling (lowercase, no prefix) whatever the caller sent, so answers compare as text.
  const auto bytes = a.hex32("tx_hash");
  const std::string hash = lezpay::util::toHex(bytes);
  s.chain().walletCall("wait_for_transaction", Json{{"tx_hash", hash}, {"timeout_ms", 0}}, s.config().walletTimeoutMs,
                       [hash, done](const Json& w) { done(transactionStatus(hash, w)); });
}

// Reads `account_id` and answers its balance, owner and `decode`'s view of its data (or the
// error envelope `decode` answers).
void decodedRead(ModuleServices& s, const Args& a, std::function<Json(const AccountSnapshot&)> decode, Answer done) {
  const AccountId account = accountOf(a, "account_id");
  s.chain().account(account, [account, decode, done](Result<AccountSnapshot> snap) {
    if (!snap.ok()) return done(errorJson(snap.error()));
    Json out{{"account_id_base58", account.toBase58()}, {"account_id", account.toHex()}, {"program_owner", snap->programOwnerHex}};
    putAmount(out, "balance", snap->balance);
    Json decoded = decode(snap.value());
    if (decoded.contains("status")) return done(decoded);  // an error envelope
    out["decoded"] = decoded;
    done(logos::okEnvelope(out));
  });
}

logos::OperationSpec readVaultConfigDecodedSpec() {
  return shapes::shaped({"readVaultConfigDecoded", "Reads and decodes a VaultConfig account.", {kAccountIdParam}, Json{{"decoded", Json::object()}},
          kAccountExample},
                        shapes::decodedAccount(shapes::vaultConfig()));
}

void readVaultConfigDecoded(ModuleServices& s, const Args& a, Answer done) {
  decodedRead(
      s, a,
      [](const AccountSnapshot& snap) -> Json {
        auto c = vaultConfigOf(snap);
        if (!c.ok()) return errorJson(c.error());
        if (!c.value()) return errorJson(kVaultNotFound, "the account holds no data");
        return vaultConfigJson(*c.value());
      },
      std::move(done));
}

logos::OperationSpec readVaultHoldingDecodedSpec() {
  return shapes::shaped({"readVaultHoldingDecoded", "Reads and decodes a VaultHolding account (its funds are the native balance).", {kAccountIdParam},
          Json{{"decoded", Json::object()}}, kAccountExample},
                        shapes::decodedAccount(shapes::withAmounts(Json{{"version", "u64"}}, {"funds"})));
}

void readVaultHoldingDecoded(ModuleServices& s, const Args& a, Answer done) {
  decodedRead(
      s, a,
      [](const AccountSnapshot& snap) -> Json {
        if (snap.data.empty()) return errorJson(kVaultNotFound, "the account holds no data");
        auto h = ls::decodeVaultHolding(snap.data);
        if (!h.ok()) return errorJson(kInvalidAccountData, "VaultHolding: " + h.error().message);
        Json j{{"version", h->version}};
        putAmount(j, "funds", snap.balance);
        return j;
      },
      std::move(done));
}

logos::OperationSpec readStreamConfigDecodedSpec() {
  return shapes::shaped({"readStreamConfigDecoded", "Reads and decodes a StreamConfig account (stored, not folded).", {kAccountIdParam},
          Json{{"decoded", Json::object()}}, kAccountExample},
                        shapes::decodedAccount(shapes::streamConfig()));
}

void readStreamConfigDecoded(ModuleServices& s, const Args& a, Answer done) {
  decodedRead(
      s, a,
      [](const AccountSnapshot& snap) -> Json {
        auto c = streamConfigOf(snap);
        if (!c.ok()) return errorJson(c.error());
        if (!c.value()) return errorJson(kStreamNotFound, "the account holds no data");
        return streamConfigJson(*c.value());
      },
      std::move(done));
}

void readClock(ModuleServices& s, const AccountId& id, Answer done) {
  s.chain().clock(id, [id, done](Result<lez::core::ClockAccountData> c) {
    if (!c.ok()) return done(errorJson(c.error()));
    done(logos::okEnvelope(Json{{"account_id_base58", id.toBase58()}, {"decoded", clockJson(c.value())}}));
  });
}

logos::OperationSpec readClockDecodedSpec() {
  return shapes::shaped({"readClockDecoded", "Reads and decodes a clock account (default: the configured clock).",
          {{"account_id", ParamType::Account, false, nullptr, "clock account (default: the configured one)"}},
          Json{{"decoded", Json::object()}}, Json::object()},
                        Json{{"account_id_base58", "base58"}, {"decoded", shapes::clock()}});
}

void readClockDecoded(ModuleServices& s, const Args& a, Answer done) {
  AccountId id = s.config().clock;
  if (a.has("account_id")) {
    id = accountOf(a, "account_id");
  }
  readClock(s, id, std::move(done));
}

logos::OperationSpec readClock10DecodedSpec() {
  return shapes::shaped({"readClock10Decoded", "Reads and decodes CLOCK_10.", {}, Json{{"decoded", Json::object()}}, Json::object()},
                        Json{{"account_id_base58", "base58"}, {"decoded", shapes::clock()}});
}

void readClock10Decoded(ModuleServices& s, const Args&, Answer done) { readClock(s, lez::core::kClock10, std::move(done)); }

logos::OperationSpec ensureWalletOpenSpec() {
  return shapes::shaped({"ensureWalletOpen", "Checks that wallet_module is open; lists the accounts it holds.", {}, Json{{"wallet_open", true}},
          Json::object()},
                        Json{{"wallet_open", "bool"}, {"accounts", "array"}});
}

void ensureWalletOpen(ModuleServices& s, const Args&, Answer done) {
  s.chain().walletCall("list_accounts", Json::object(), s.config().walletTimeoutMs, [done](const Json& w) {
    if (!logos::isOk(w)) return done(errorJson(w.value("code", std::string("WALLET_NOT_OPEN")), w.value("message", std::string("wallet not open"))));
    done(logos::okEnvelope(Json{{"wallet_open", true}, {"accounts", w.value("accounts", Json::array())}}));
  });
}

}  // namespace

void registerReadOperations(ModuleServices& s) {
  s.addOperation(getVaultStatusSpec(), getVaultStatus);
  s.addOperation(getStreamStatusSpec(), getStreamStatus);
  s.addOperation(querySequencerTransactionSpec(), querySequencerTransaction);
  s.addOperation(readVaultConfigDecodedSpec(), readVaultConfigDecoded);
  s.addOperation(readVaultHoldingDecodedSpec(), readVaultHoldingDecoded);
  s.addOperation(readStreamConfigDecodedSpec(), readStreamConfigDecoded);
  s.addOperation(readClockDecodedSpec(), readClockDecoded);
  s.addOperation(readClock10DecodedSpec(), readClock10Decoded);
  s.addOperation(ensureWalletOpenSpec(), ensureWalletOpen);
}

}  // namespace payment_streams
