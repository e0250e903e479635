// wallet_module: keys, accounts, chain reads, sign-without-broadcast, submit and wait
// (LEZ spec §12). Every operation answers an envelope; secrets never leave the module.
#include <QObject>

#include <chrono>
#include <optional>

#include "lez/core/authenticated_transfer.h"
#include "lez/core/hashing.h"
#include "lez/core/risc0_words.h"
#include "lez/core/schnorr.h"
#include "lez/core/transaction_builder.h"
#include "lez/core/transaction_codec.h"
#include "lezpay/fileio/atomic_file.h"
#include "lezpay/util/base64.h"
#include "lezpay/util/hex.h"
#include "lezpay/util/json_parse.h"
#include "logos/envelope.h"
#include "logos/sdk/module_base.h"
#include "logos/sdk/param_check.h"
#include "logos/wallet_answers.h"
#include "inclusion_waits.h"
#include "node_keys.h"
#include "sequencer_client.h"
#include "session_keys.h"
#include "submission_lane.h"
#include "wallet_errors.h"
#include "wallet_keystore.h"
#include "wallet_state_files.h"

namespace wallet {
namespace {

using logos::Json;
using logos::ParamType;
using logos::sdk::Args;
using lez::core::AccountId;
using lez::core::U128;

constexpr const char* kDefaultSequencer = "http://127.0.0.1:3040";

Json fail(const std::string& code, const std::string& message) {
  Json e = logos::errorEnvelope(code, message);
  e["success"] = false;  // upstream wallet shape
  e["error"] = message;
  return e;
}
Json fail(const lezpay::util::Error& e) { return fail(e.code, e.message); }

// An Account parameter, read by the SDK's one account rule (base58 or 64 hex).
AccountId accountArg(const Args& a, std::string_view name) { return AccountId(a.account(name)); }

Json accountIds(const AccountId& id) { return Json{{"account_id", id.toHex()}, {"account_id_base58", id.toBase58()}}; }

}  // namespace

class WalletModule : public logos::sdk::ModuleBase {
 public:
  WalletModule() : ModuleBase("wallet_module", "0.1.0") { registerOperations(); }

 protected:
  Json onInit() override {
    base_ = context()->persistencePath();
    keystore_ = std::make_unique<WalletKeystore>(base_ + "/wallet_keystore.json");
    (void)sessionKeys_.load(base_);  // an unreadable file is answered by the session-key operations
    nodeKeys_.setDirectory(base_);
    auto cfg = lezpay::fileio::readFile(base_ + "/wallet_config.json");
    if (cfg.ok()) {
      auto c = walletConfigFromText(base_ + "/wallet_config.json", cfg.value(), WalletConfig{sequencerUrl_, timeoutMs_, atProgram_});
      if (!c.ok()) return fail(c.error());
      sequencerUrl_ = c->sequencerUrl;
      timeoutMs_ = c->rpcTimeoutMs;
      atProgram_ = c->atProgram;
    }
    chain_.configure(sequencerUrl_, timeoutMs_);
    return logos::okEnvelope();
  }
  void onShutdown() override {
    if (waits_) waits_->stopAll();
    lane_.clear();
    chain_.cancelAll();
    if (keystore_) keystore_->close();
  }

 private:
  std::string base_;
  std::unique_ptr<WalletKeystore> keystore_;
  SessionKeyStore sessionKeys_;  // apart from the keystore: usable while it is locked (session_keys.h)
  NodeKeys nodeKeys_;  // other modules' node identities (node_keys.h), apart from the owner's keystore
  std::string sequencerUrl_ = kDefaultSequencer;
  int timeoutMs_ = 10000;
  lez::core::ProgramId atProgram_ = lez::core::kAuthenticatedTransferProgramId;
  // Next nonce per signer for transactions this wallet submitted that may not be included yet.
  std::map<AccountId, U128> reserved_;
  // Every sequencer round trip, event-driven on the module's thread: none blocks it. Declared
  // before the waits and the lane, whose cancellations reach it, so it outlives them.
  SequencerClient chain_{kDefaultSequencer, 10000};
  // Transactions being waited for (wait=true, wait_for_transaction); polled by timers, never a sleep.
  std::unique_ptr<InclusionWaits> waits_;
  // Builds and submissions one at a time, so nonces are read after the previous one was recorded.
  SubmissionLane lane_;

  using Key = SequencerClient::Key;
  template <typename T>
  using Then = SequencerClient::Then<T>;

  // A key for the round trips of the call behind `reply`: the caller going away aborts them.
  Key keyOf(const logos::sdk::Reply& reply) {
    const Key key = chain_.newKey();
    reply.onCancel([this, key] { chain_.cancel(key); });
    return key;
  }

  Json saveConfig() {
    Json j{{"sequencer_url", sequencerUrl_}, {"rpc_timeout_ms", timeoutMs_}, {"at_program_id", atProgram_.toHex()}};
    auto st = lezpay::fileio::writeFileAtomic(base_ + "/wallet_config.json", j.dump(2) + "\n", 0600);
    return st.ok() ? logos::okEnvelope(j) : fail(st.error());
  }

  // get_account_history: the sequencer's pages, each account in get_account_public's shape with
  // its block; an entry the wallet cannot read makes the whole answer CHAIN_BAD_ANSWER.
  void accountHistory(const Args& args, logos::sdk::Reply reply) {
    const AccountId id = accountArg(args, "account_id");
    const std::uint64_t limit = args.u64("limit");
    if (limit == 0 || limit > 1000) return reply.answer(fail("INVALID_ARGS", "limit must be 1 to 1000"));
    const Json params{{"account_id", id.toBase58()}, {"since_block", args.u64("since_block")}, {"limit", limit}};
    chain_.call(keyOf(reply), "getAccountHistory", params, [id, reply](lezpay::util::Result<Json> r) {
      if (!r.ok()) return reply.answer(fail(r.error()));
      const Json& h = r.value();
      if (!h.is_object() || !h.value("entries", Json()).is_array()) {
        return reply.answer(fail("CHAIN_BAD_ANSWER", "the sequencer answered getAccountHistory without entries"));
      }
      Json entries = Json::array();
      for (const auto& e : h["entries"]) {
        auto a = accountFromAnswer(e.value("account", Json()));
        const Json block = e.value("block_id", Json());
        const Json at = e.value("timestamp_ms", Json());
        if (!a.ok() || !block.is_number_unsigned() || !at.is_number_unsigned()) {
          return reply.answer(fail("CHAIN_BAD_ANSWER", "the sequencer answered a history entry the wallet cannot read"));
        }
        entries.push_back(Json{{"block_id", block}, {"timestamp_ms", at}, {"program_owner", a->programOwner.toHex()},
                               {"balance", a->balance.toDecimal()}, {"nonce", a->nonce.toDecimal()},
                               {"data", lezpay::util::toHex(a->data)}});
      }
      const Json next = h.value("next_since_block", Json());
      reply.answer(logos::okEnvelope(Json{{"account_id", id.toBase58()}, {"entries", std::move(entries)},
                                          {"next_since_block", next.is_number_unsigned() ? next : Json(nullptr)}}));
    });
  }

  lezpay::util::Result<const lez::core::SecretKey*> signerKey(const AccountId& id) const {
    if (!keystore_->isOpen()) return lezpay::util::Error{"WALLET_NOT_OPEN", "open the wallet first (open or create_new)"};
    const auto* k = keystore_->key(id);
    if (k == nullptr) return lezpay::util::Error{"UNKNOWN_ACCOUNT", "this wallet holds no key for " + id.toBase58()};
    return k;
  }

  // The nonce to sign with: the chain's, or one past our own transactions still in flight.
  void nextNonce(Key key, const AccountId& id, Then<U128> then) {
    chain_.getAccount(key, id, [this, id, then = std::move(then)](lezpay::util::Result<lez::core::Account> account) {
      if (!account.ok()) return then(account.error());
      U128 n = account->nonce;
      auto it = reserved_.find(id);
      if (it != reserved_.end() && it->second > n) n = it->second;
      then(n);
    });
  }

  // What a build carries from one signer's nonce read to the next.
  struct Build {
    Json ids, req;
    lez::core::ProgramId program;
    std::vector<std::uint32_t> words;
    std::vector<AccountId> accounts;
    std::vector<lez::core::SecretKey> keys;
    std::vector<U128> nonces;
    std::size_t next = 0;
    Then<lez::core::PublicTransaction> then;
  };

  static lezpay::util::Error badPayload(const std::string& m) {
    return lezpay::util::Error{"INVALID_PAYLOAD", "send_generic_public_transaction_json: " + m};
  }

  // Builds and signs a transaction from the upstream JSON payload shape; reads each signer's
  // nonce in turn, in the order (and with the errors) of the payload's accounts.
  void buildSigned(Key key, const Json& payload, Then<lez::core::PublicTransaction> then) {
    if (!payload.is_object()) return then(badPayload("payload must be a JSON object"));
    const Json& ids = payload.value("account_ids", Json());
    const Json& req = payload.value("signing_requirements", Json());
    if (!ids.is_array() || ids.empty()) return then(badPayload("account_ids must be a non-empty array"));
    if (!req.is_array() || req.size() != ids.size()) return then(badPayload("signing_requirements must be an array as long as account_ids"));
    if (!payload.value("instruction_hex", Json()).is_string()) return then(badPayload("instruction_hex must be a string"));
    if (!payload.value("program_id_hex", Json()).is_string()) return then(badPayload("program_id_hex must be a string"));
    auto program = lez::core::ProgramId::fromHex(payload["program_id_hex"].get<std::string>());
    if (!program.ok()) return then(badPayload("program_id_hex: " + program.error().message));
    auto instructionBytes = lezpay::util::fromHex(payload["instruction_hex"].get<std::string>());
    if (!instructionBytes.ok() || instructionBytes->empty() || instructionBytes->size() % 4 != 0) {
      return then(badPayload("instruction_hex must be a non-empty multiple of 4 bytes of hex"));
    }
    auto words = lez::core::wordsFromLeBytes(instructionBytes.value());
    if (!words.ok()) return then(badPayload("instruction_hex: " + words.error().message));
    auto b = std::make_shared<Build>();
    b->ids = ids;
    b->req = req;
    b->program = program.value();
    b->words = words.value();
    b->then = std::move(then);
    buildStep(key, b);
  }

  // Checks accounts from b->next on; stops at a signer to read its nonce and goes on from its answer.
  void buildStep(Key key, const std::shared_ptr<Build>& b) {
    for (; b->next < b->ids.size(); ++b->next) {
      const std::size_t i = b->next;
      if (!b->ids[i].is_string()) return b->then(badPayload("account_ids[" + std::to_string(i) + "] is not a string"));
      if (!b->req[i].is_boolean()) return b->then(badPayload("signing_requirements[" + std::to_string(i) + "] is not a boolean"));
      auto bytes = logos::sdk::parseAccountText(b->ids[i].get<std::string>());
      if (!bytes.ok()) return b->then(badPayload("account_ids[" + std::to_string(i) + "]: " + bytes.error().message));
      const AccountId id(bytes.value());
      b->accounts.push_back(id);
      if (!b->req[i].get<bool>()) continue;
      auto signer = signerKey(id);
      if (!signer.ok()) return b->then(signer.error());
      const lez::core::SecretKey secret = *signer.value();
      return nextNonce(key, id, [this, key, b, secret](lezpay::util::Result<U128> nonce) {
        if (!nonce.ok()) return b->then(nonce.error());
        b->keys.push_back(secret);
        b->nonces.push_back(nonce.value());
        ++b->next;
        buildStep(key, b);
      });
    }
    auto tx = lez::core::buildPublicTransaction(b->program, b->accounts, b->nonces, b->words, b->keys);
    if (!tx.ok()) return b->then(lezpay::util::Error{"WALLET_SIGNING_FAILED", tx.error().message});
    b->then(tx.value());
  }

  // Builds `payload` in the lane and submits it.
  void buildAndSubmit(Json payload, bool wait, int timeoutMs, const logos::sdk::Reply& reply) {
    const Key key = keyOf(reply);
    lane_.enter(reply, [this, key, payload = std::move(payload), wait, timeoutMs, reply](SubmissionLane::Release release) {
      buildSigned(key, payload, [this, key, wait, timeoutMs, reply, release](lezpay::util::Result<lez::core::PublicTransaction> tx) {
        if (!tx.ok()) {
          release();
          return reply.answer(fail(tx.error()));
        }
        submitAndMaybeWait(key, tx.value(), wait, timeoutMs, reply, release);
      });
    });
  }

  // Builds `payload` in the lane and answers it signed, not broadcast.
  void buildAndAnswerSigned(Json payload, const logos::sdk::Reply& reply) {
    const Key key = keyOf(reply);
    lane_.enter(reply, [this, key, payload = std::move(payload), reply](SubmissionLane::Release release) {
      buildSigned(key, payload, [reply, release](lezpay::util::Result<lez::core::PublicTransaction> tx) {
        release();
        reply.answer(tx.ok() ? signedAnswer(tx.value()) : fail(tx.error()));
      });
    });
  }

  // Submits and, when asked, waits; answers the upstream shape plus the outcome. The submission is
  // one sequencer round trip (bounded by the client timeout), after which the lane is released;
  // the wait runs on a timer.
  void submitAndMaybeWait(Key key, const lez::core::PublicTransaction& tx, bool wait, int timeoutMs, const logos::sdk::Reply& reply,
                          const SubmissionLane::Release& release) {
    chain_.sendTransaction(key, lez::core::encode(lez::core::LeeTransaction{tx}),
                           [this, tx, wait, timeoutMs, reply, release](lezpay::util::Result<lez::core::Hash32> hash) {
      if (!hash.ok()) {
        release();
        return reply.answer(fail(hash.error()));
      }
      const auto signers = lez::core::signerAccountIds(tx);
      for (std::size_t i = 0; i < signers.size(); ++i) {
        reserved_[signers[i]] = tx.message.nonces[i].checkedAdd(U128(1)).value_or(tx.message.nonces[i]);
      }
      release();
      Json out{{"success", true}, {"tx_hash", lez::core::hashToHex(hash.value())}, {"secrets", Json::array()}, {"error", ""}};
      if (!wait) {
        out["tx_status"] = "pending";
        return reply.answer(logos::okEnvelope(out));
      }
      waitFor(hash.value(), timeoutMs, reply, [out](Json waited) {
        for (auto it = out.begin(); it != out.end(); ++it) {
          if (!waited.contains(it.key())) waited[it.key()] = it.value();
        }
        if (!logos::isOk(waited)) waited["success"] = false;
        return waited;
      });
    });
  }

  // Polls the transaction's status until it is included, rejected or unknown, or the deadline
  // passes; answers `reply` once with `shape(answer)`.
  void waitFor(const lez::core::Hash32& hash, int timeoutMs, const logos::sdk::Reply& reply,
               std::function<Json(Json)> shape = [](Json j) { return j; }) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    auto check = [this, hash, timeoutMs, deadline, shape = std::move(shape)](InclusionWaits::Report report) -> InclusionWaits::Abort {
      const Key key = chain_.newKey();
      chain_.transactionStatus(key, hash, [this, hash, timeoutMs, deadline, shape, report](lezpay::util::Result<TransactionStatus> s) {
        auto answer = statusAnswer(s, hash, timeoutMs, deadline);
        if (!answer) return report(std::nullopt);
        report(shape(std::move(*answer)));
      });
      return [this, key] { chain_.cancel(key); };
    };
    // Made on first use: handlers run on the module's thread, where the timers must live.
    if (!waits_) waits_ = std::make_unique<InclusionWaits>();
    waits_->start(std::move(check), reply);
  }

  // What one status round trip tells: the final answer, or nullopt while pending before the deadline.
  std::optional<Json> statusAnswer(const lezpay::util::Result<TransactionStatus>& s, const lez::core::Hash32& hash, int timeoutMs,
                                   std::chrono::steady_clock::time_point deadline) {
    if (!s.ok()) return fail(s.error());
    const std::string hex = lez::core::hashToHex(hash);
    if (s->status == "included") {
      return logos::okEnvelope(Json{{"tx_hash", hex}, {"tx_status", "included"}, {"block_id", s->blockId}});
    }
    if (s->status == "rejected") {
      reserved_.clear();  // our later nonces were computed past a transaction that will never land
      const Json& d = s->details;
      Json e = fail("TX_REJECTED", "transaction " + hex + " was rejected: " + d.value("code", std::string("?")) + ": " +
                                       d.value("message", std::string()));
      e["tx_hash"] = hex;
      e["tx_status"] = "rejected";
      e["reason"] = d;
      return e;
    }
    if (s->status == "unknown") {
      Json e = fail("TX_UNKNOWN", "the sequencer does not know transaction " + hex);
      e["tx_hash"] = hex;
      return e;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      Json e = fail("TX_TIMEOUT", "transaction " + hex + " was not included within " + std::to_string(timeoutMs) + " ms; it may still be");
      e["tx_hash"] = hex;
      e["tx_status"] = "pending";
      return e;
    }
    return std::nullopt;
  }

  static Json payloadParam(const Args& a) {
    Json payload = a.value("payload_json");
    if (!payload.is_string()) return payload;
    // Text that is not acceptable JSON becomes a non-object, which buildSigned refuses.
    auto parsed = lezpay::util::parseJson(payload.get<std::string>());
    return parsed.ok() ? std::move(parsed).value() : Json(Json::value_t::discarded);
  }

  void registerOperations() {
    using PT = ParamType;
    declareErrors(walletErrors());
    const logos::ParamSpec account{"account_id", PT::Account, true, nullptr, "account id: 64 hex digits or base58"};
    const logos::ParamSpec wait{"wait", PT::Bool, false, true, "wait until the transaction is included or rejected"};
    const logos::ParamSpec timeout{"timeout_ms", PT::U64, false, 30000, "how long to wait for inclusion"};
    const char* exampleId = "5cea027907357eeaa7a85dc839015cfbd39be784686a1f0a44124999dbb40740";
    const Json idsShape{{"account_id", "hex32"}, {"account_id_base58", "base58"}};
    // A submission: pending when not waited for; with the inclusion (or the refusal) when waited for.
    const Json submittedShape{{"success", "bool"},  {"tx_hash", "hex32"},   {"secrets", "array"},
                              {"error", "string"},  {"tx_status", "string"}, {"block_id?", "u64"}};
    const Json signedShape{{"transaction_base64", "string"}, {"tx_hash", "hex32"}, {"signers", Json::array({"base58"})},
                           {"nonces", Json::array({"u128"})}, {"broadcast", "bool"}};
    auto op = [](const char* name, const char* doc, std::vector<logos::ParamSpec> params, Json resultExample, Json example,
                 Json shape) {
      logos::OperationSpec spec{name, doc, std::move(params), std::move(resultExample), std::move(example)};
      spec.resultShape = std::move(shape);
      return spec;
    };

    addOperation(op("create_new", "Creates a new password-sealed keystore and opens it.",
                    {{"password", PT::String, true, nullptr, "keystore password"}}, Json{{"created", true}},
                    Json{{"password", "correct horse"}}, Json{{"created", "bool"}, {"keystore", "string"}}),
                 [this](const Args& a) {
                   auto st = keystore_->create(a.str("password"));
                   return st.ok() ? logos::okEnvelope(Json{{"created", true}, {"keystore", base_ + "/wallet_keystore.json"}}) : fail(st.error());
                 });
    addOperation(op("open", "Opens the existing keystore with its password.",
                    {{"password", PT::String, true, nullptr, "keystore password"}}, Json{{"accounts", 1}},
                    Json{{"password", "correct horse"}}, Json{{"opened", "bool"}, {"accounts", "u64"}}),
                 [this](const Args& a) {
                   auto st = keystore_->open(a.str("password"));
                   return st.ok() ? logos::okEnvelope(Json{{"opened", true}, {"accounts", keystore_->accounts().size()}}) : fail(st.error());
                 });
    addOperation(op("verify_password", "Says whether a password opens the keystore, without opening it (the owner's console sign-in).",
                    {{"password", PT::String, true, nullptr, "keystore password"}}, Json{{"valid", true}},
                    Json{{"password", "correct horse"}}, Json{{"valid", "bool"}}),
                 [this](const Args& a) {
                   auto valid = keystore_->checkPassword(a.str("password"));
                   return valid.ok() ? logos::okEnvelope(Json{{"valid", valid.value()}}) : fail(valid.error());
                 });
    addOperation(op("configure", "Sets the sequencer URL (and optionally the AT program id and RPC timeout); persisted.",
                    {{"sequencer_url", PT::String, true, nullptr, "http(s) URL of a LEZ sequencer JSON-RPC"},
                     {"at_program_id", PT::Hex32, false, nullptr, "authenticated_transfer program id (64 hex)"},
                     {"rpc_timeout_ms", PT::U64, false, nullptr, "timeout of one JSON-RPC call"}},
                    Json{{"sequencer_url", kDefaultSequencer}}, Json{{"sequencer_url", kDefaultSequencer}},
                    Json{{"sequencer_url", "string"}, {"rpc_timeout_ms", "u64"}, {"at_program_id", "hex32"}}),
                 [this](const Args& a) {
                   sequencerUrl_ = a.str("sequencer_url");
                   if (a.has("at_program_id")) atProgram_ = lez::core::ProgramId::fromBytes32(a.hex32("at_program_id"));
                   if (a.has("rpc_timeout_ms")) timeoutMs_ = static_cast<int>(std::min<std::uint64_t>(a.u64("rpc_timeout_ms"), 600000));
                   chain_.configure(sequencerUrl_, timeoutMs_);
                   return saveConfig();
                 });
    addOperation(op("create_account_public", "Generates a new key and public account (not yet initialized on chain).", {},
                    accountIds(AccountId()), Json::object(), idsShape),
                 [this](const Args&) {
                   auto key = lez::core::SecretKey::generate();
                   if (!key.ok()) return fail(key.error());
                   auto id = keystore_->addKey(key.value());
                   return id.ok() ? logos::okEnvelope(accountIds(id.value())) : fail(id.error());
                 });
    addOperation(op("import_account_private_key", "Imports a secret key; answers its account id (never the key).",
                    {{"private_key_hex", PT::Hex32, true, nullptr, "the 32-byte secret key"}}, accountIds(AccountId()),
                    Json{{"private_key_hex", std::string(63, '0') + "1"}}, idsShape),
                 [this](const Args& a) {
                   auto key = lez::core::SecretKey::fromBytes(a.hex32("private_key_hex"));
                   if (!key.ok()) return fail("INVALID_PRIVATE_KEY", "not a valid secp256k1 secret key");
                   auto id = keystore_->addKey(key.value());
                   return id.ok() ? logos::okEnvelope(accountIds(id.value())) : fail(id.error());
                 });
    addOperation(op("list_accounts", "Lists the accounts whose keys this wallet holds.", {}, Json{{"accounts", Json::array()}},
                    Json::object(),
                    Json{{"accounts", Json::array({Json{{"account_id", "hex32"}, {"account_id_base58", "base58"}, {"public_key", "hex32"}}})}}),
                 [this](const Args&) {
                   if (!keystore_->isOpen()) return fail("WALLET_NOT_OPEN", "open the wallet first (open or create_new)");
                   Json list = Json::array();
                   for (const auto& id : keystore_->accounts()) {
                     Json a = accountIds(id);
                     a["public_key"] = keystore_->key(id)->publicKey().toHex();
                     list.push_back(a);
                   }
                   return logos::okEnvelope(Json{{"accounts", list}});
                 });
    addOperation(op("get_public_account_key", "The x-only public key (hex) of an account held by this wallet.", {account},
                    Json{{"public_key", ""}}, Json{{"account_id", exampleId}}, Json{{"public_key", "hex32"}}),
                 [this](const Args& a) {
                   auto key = signerKey(accountArg(a, "account_id"));
                   return key.ok() ? logos::okEnvelope(Json{{"public_key", key.value()->publicKey().toHex()}}) : fail(key.error());
                 });
    addOperation(op("account_id_to_base58", "Converts a 64-hex account id to base58.",
                    {{"account_id_hex", PT::String, true, nullptr, "64 hex digits"}}, Json{{"account_id_base58", ""}},
                    Json{{"account_id_hex", exampleId}}, idsShape),
                 [](const Args& a) {
                   auto id = AccountId::fromHex(a.str("account_id_hex"));
                   return id.ok() ? logos::okEnvelope(accountIds(id.value())) : fail("INVALID_ACCOUNT_ID", id.error().message);
                 });
    addOperation(op("account_id_from_base58", "Converts a base58 account id to 64 hex.",
                    {{"account_id_base58", PT::String, true, nullptr, "base58 text of 32 bytes"}}, Json{{"account_id", ""}},
                    Json{{"account_id_base58", "7FhU7kLddKvqr8QGAbT3K7nqse5XMrZsp7BL9h3Zg6Yo"}}, idsShape),
                 [](const Args& a) {
                   auto id = AccountId::fromBase58(a.str("account_id_base58"));
                   return id.ok() ? logos::okEnvelope(accountIds(id.value())) : fail("INVALID_ACCOUNT_ID", id.error().message);
                 });
    addAsyncOperation(op("get_account_public", "Reads an account from the chain (upstream shape: owner hex, balance and nonce as 16-byte LE hex).",
                    {account}, Json{{"program_owner", ""}, {"balance", ""}, {"nonce", ""}, {"data", ""}}, Json{{"account_id", exampleId}},
                    logos::wallet_answers::accountShape()),
                 [this](const Args& args, logos::sdk::Reply reply) {
                   const AccountId id = accountArg(args, "account_id");
                   chain_.getAccount(keyOf(reply), id, [id, reply](lezpay::util::Result<lez::core::Account> a) {
                     if (!a.ok()) return reply.answer(fail(a.error()));
                     Json out = accountIds(id);
                     out["program_owner"] = a->programOwner.toHex();
                     out["balance"] = a->balance.toLeHex();
                     out["nonce"] = a->nonce.toLeHex();
                     out["data"] = lezpay::util::toHex(a->data);
                     out["balance_decimal"] = a->balance.toDecimal();
                     out["nonce_decimal"] = a->nonce.toDecimal();
                     reply.answer(logos::okEnvelope(out));
                   });
                 });
    addAsyncOperation(op("get_account_history", "The account's states at each block where it changed (sequencer getAccountHistory), oldest first.",
                    {account, {"since_block", PT::U64, false, 0, "first block to include"},
                     {"limit", PT::U64, false, 100, "at most this many entries (1 to 1000)"}},
                    Json{{"entries", Json::array()}, {"next_since_block", nullptr}}, Json{{"account_id", exampleId}},
                    Json{{"account_id", "base58"}, {"entries", "array"}, {"next_since_block", "u64|null"}}),
                 [this](const Args& args, logos::sdk::Reply reply) { accountHistory(args, std::move(reply)); });
    addAsyncOperation(op("get_balance", "The account's native balance as a decimal string.", {account}, Json{{"balance", "0"}},
                    Json{{"account_id", exampleId}}, Json{{"balance", "u128"}}),
                 [this](const Args& args, logos::sdk::Reply reply) {
                   chain_.getAccount(keyOf(reply), accountArg(args, "account_id"), [reply](lezpay::util::Result<lez::core::Account> a) {
                     reply.answer(a.ok() ? logos::okEnvelope(Json{{"balance", a->balance.toDecimal()}}) : fail(a.error()));
                   });
                 });
    addAsyncOperation(op("get_current_block_height", "The sequencer's last block id.", {}, Json{{"block_height", 1}}, Json::object(),
                    Json{{"block_height", "u64"}}),
                 [this](const Args&, logos::sdk::Reply reply) {
                   chain_.lastBlockId(keyOf(reply), [reply](lezpay::util::Result<std::uint64_t> h) {
                     reply.answer(h.ok() ? logos::okEnvelope(Json{{"block_height", h.value()}}) : fail(h.error()));
                   });
                 });
    addAsyncOperation(op("register_public_account", "Initializes an account under authenticated_transfer (needed before it can receive or send).",
                    {account, wait, timeout}, Json{{"tx_hash", ""}}, Json{{"account_id", exampleId}}, submittedShape),
                 [this](const Args& a, logos::sdk::Reply reply) {
                   Json payload{{"account_ids", {accountArg(a, "account_id").toHex()}}, {"signing_requirements", {true}},
                                {"instruction_hex", lezpay::util::toHex(lez::core::wordsToLeBytes(lez::core::atInitializeInstruction()))},
                                {"program_id_hex", atProgram_.toHex()}};
                   buildAndSubmit(std::move(payload), a.boolean("wait"), timeoutOf(a), reply);
                 });
    addAsyncOperation(op("transfer_public", "Sends an authenticated_transfer of amount from an account this wallet holds.",
                    {{"from", PT::Account, true, nullptr, "sender account id (hex or base58)"},
                     {"to", PT::Account, true, nullptr, "recipient account id (hex or base58)"},
                     {"amount", PT::U128, true, nullptr, "amount as a decimal string"},
                     wait, timeout},
                    Json{{"tx_hash", ""}, {"tx_status", "included"}},
                    Json{{"from", exampleId}, {"to", "7FhU7kLddKvqr8QGAbT3K7nqse5XMrZsp7BL9h3Zg6Yo"}, {"amount", "10"}}, submittedShape),
                 [this](const Args& a, logos::sdk::Reply reply) {
                   buildAndSubmit(transferPayload(a), a.boolean("wait"), timeoutOf(a), reply);
                 });
    const logos::ParamSpec payload{"payload_json", PT::Any, true, nullptr,
                                   "{account_ids, signing_requirements, instruction_hex, program_id_hex} (object or JSON text)"};
    const Json examplePayload{{"account_ids", {exampleId}}, {"signing_requirements", {true}}, {"instruction_hex", "01000000"},
                              {"program_id_hex", lez::core::kAuthenticatedTransferProgramId.toHex()}};
    addAsyncOperation(op("send_generic_public_transaction_json", "Builds, signs and submits a transaction from the upstream JSON payload.",
                    {payload, wait, timeout}, Json{{"tx_hash", ""}}, Json{{"payload_json", examplePayload}}, submittedShape),
                 [this](const Args& a, logos::sdk::Reply reply) {
                   buildAndSubmit(payloadParam(a), a.boolean("wait"), timeoutOf(a), reply);
                 });
    addAsyncOperation(op("sign_public_transaction_json", "Builds and signs a transaction WITHOUT broadcasting it: base64 Borsh LeeTransaction and hash.",
                    {payload}, Json{{"transaction_base64", ""}, {"tx_hash", ""}}, Json{{"payload_json", examplePayload}}, signedShape),
                 [this](const Args& a, logos::sdk::Reply reply) { buildAndAnswerSigned(payloadParam(a), reply); });
    addAsyncOperation(op("sign_transfer_public", "Builds and signs an authenticated_transfer WITHOUT broadcasting it.",
                    {{"from", PT::Account, true, nullptr, "sender account id"}, {"to", PT::Account, true, nullptr, "recipient account id"},
                     {"amount", PT::U128, true, nullptr, "amount as a decimal string"}},
                    Json{{"transaction_base64", ""}, {"tx_hash", ""}},
                    Json{{"from", exampleId}, {"to", "7FhU7kLddKvqr8QGAbT3K7nqse5XMrZsp7BL9h3Zg6Yo"}, {"amount", "10"}}, signedShape),
                 [this](const Args& a, logos::sdk::Reply reply) { buildAndAnswerSigned(transferPayload(a), reply); });
    addAsyncOperation(op("submit_signed_transaction", "Submits a signed base64 Borsh LeeTransaction.",
                    {{"transaction_base64", PT::String, true, nullptr, "standard base64 of a Borsh LeeTransaction"}, wait, timeout},
                    Json{{"tx_hash", ""}}, Json{{"transaction_base64", "AA=="}}, submittedShape),
                 [this](const Args& a, logos::sdk::Reply reply) {
                   auto bytes = lezpay::util::fromBase64(a.str("transaction_base64"));
                   if (!bytes.ok()) return reply.answer(fail("INVALID_TRANSACTION", "transaction_base64: " + bytes.error().message));
                   auto tx = lez::core::decodeLeeTransaction(bytes.value());
                   if (!tx.ok() || tx->asPublic() == nullptr) {
                     return reply.answer(fail("INVALID_TRANSACTION", tx.ok() ? "only public transactions are supported" : tx.error().message));
                   }
                   const lez::core::PublicTransaction signedTx = *tx->asPublic();
                   const Key key = keyOf(reply);
                   const bool wait = a.boolean("wait");
                   const int timeoutMs = timeoutOf(a);
                   lane_.enter(reply, [this, key, signedTx, wait, timeoutMs, reply](SubmissionLane::Release release) {
                     submitAndMaybeWait(key, signedTx, wait, timeoutMs, reply, release);
                   });
                 });
    addAsyncOperation(op("wait_for_transaction", "Waits until a transaction is included or rejected (with the reason).",
                    {{"tx_hash", PT::Hex32, true, nullptr, "transaction hash"}, timeout}, Json{{"tx_status", "included"}},
                    Json{{"tx_hash", std::string(64, 'a')}}, Json{{"tx_hash", "hex32"}, {"tx_status", "string"}, {"block_id", "u64"}}),
                 [this](const Args& a, logos::sdk::Reply reply) { return waitFor(a.hex32("tx_hash"), timeoutOf(a), reply); });
    registerFaucetOperation(account, wait, timeout);
    registerSessionKeyOperations([this](logos::OperationSpec s, logos::sdk::Dispatcher::Handler h) { addOperation(std::move(s), std::move(h)); },
                                 sessionKeys_);
    declareErrors(nodeKeyErrors());
    for (auto& o : nodeKeyOperations(nodeKeys_)) addOperation(std::move(o.spec), std::move(o.handler));
    addOperation(op("sign_public_payload", "BIP-340 signature (64 bytes, hex) over a 32-byte digest with an account's key.",
                    {account, {"digest_hex", PT::Hex32, true, nullptr, "the 32-byte digest"}}, Json{{"result", ""}},
                    Json{{"account_id", exampleId}, {"digest_hex", std::string(64, '0')}}, Json{{"result", "hex"}}),
                 [this](const Args& a) {
                   auto key = signerKey(accountArg(a, "account_id"));
                   if (!key.ok()) return fail(key.error());
                   auto sig = lez::core::sign(*key.value(), a.hex32("digest_hex"));
                   return sig.ok() ? logos::okEnvelope(Json{{"result", sig->toHex()}}) : fail("WALLET_SIGNING_FAILED", sig.error().message);
                 });
  }

  // Localnet funding through the wallet (lez-localnet --faucet): a person's first step, so the
  // account must already be registered under authenticated_transfer, and the error says so by name.
  void registerFaucetOperation(const logos::ParamSpec& account, const logos::ParamSpec& wait, const logos::ParamSpec& timeout) {
    using PT = logos::ParamType;
    logos::OperationSpec spec{"request_faucet_funds",
                              "Localnet only: asks lez-localnet's faucet (--faucet) to send amount to a registered account.",
                              {account, {"amount", PT::U128, true, nullptr, "amount as a decimal string"}, wait, timeout},
                              Json{{"tx_hash", ""}, {"tx_status", "included"}},
                              Json{{"account_id", "7FhU7kLddKvqr8QGAbT3K7nqse5XMrZsp7BL9h3Zg6Yo"}, {"amount", "1000000"}}};
    spec.resultShape = Json{{"tx_hash", "hex32"}, {"tx_status", "string"}, {"block_id", "u64"}};
    addAsyncOperation(std::move(spec), [this](const Args& a, logos::sdk::Reply reply) {
      const AccountId to = accountArg(a, "account_id");
      const std::string amount = a.u128("amount").toDecimal();
      const bool wait = a.boolean("wait");
      const int timeoutMs = timeoutOf(a);
      const Key key = keyOf(reply);
      chain_.getAccount(key, to, [this, key, to, amount, wait, timeoutMs, reply](lezpay::util::Result<lez::core::Account> acc) {
        if (!acc.ok()) return reply.answer(fail(acc.error()));
        if (acc->programOwner != atProgram_) {
          return reply.answer(fail("ACCOUNT_NOT_REGISTERED", "account " + to.toBase58() +
                                   " is not registered under authenticated_transfer, so it cannot receive funds; "
                                   "call wallet_module register_public_account with it first"));
        }
        chain_.call(key, "faucet", Json::array({to.toBase58(), amount}),
                    [this, wait, timeoutMs, reply](lezpay::util::Result<Json> r) {
          if (!r.ok()) {
            const bool absent = r.error().message.find("not found") != std::string::npos ||
                                r.error().message.find("faucet is off") != std::string::npos;
            return reply.answer(absent ? fail("FAUCET_UNAVAILABLE", "this sequencer has no faucet (start lez-localnet with --faucet; "
                                                                    "a real network has none): " + r.error().message)
                                       : fail(r.error()));
          }
          auto hash = transactionHashFromAnswer(r.value());
          if (!hash.ok()) return reply.answer(fail(hash.error()));
          Json out{{"tx_hash", lez::core::hashToHex(hash.value())}};
          if (!wait) {
            out["tx_status"] = "pending";
            return reply.answer(logos::okEnvelope(out));
          }
          waitFor(hash.value(), timeoutMs, reply);
        });
      });
    });
  }

  static int timeoutOf(const Args& a) { return static_cast<int>(std::min<std::uint64_t>(a.u64("timeout_ms"), INT32_MAX)); }

  Json transferPayload(const Args& a) const {
    const AccountId from = accountArg(a, "from");
    const AccountId to = accountArg(a, "to");
    return Json{{"account_ids", {from.toHex(), to.toHex()}}, {"signing_requirements", {true, false}},
                {"instruction_hex", lezpay::util::toHex(lez::core::wordsToLeBytes(lez::core::atTransferInstruction(a.u128("amount"))))},
                {"program_id_hex", atProgram_.toHex()}};
  }

  static Json signedAnswer(const lez::core::PublicTransaction& tx) {
    auto bytes = lez::core::encode(lez::core::LeeTransaction{tx});
    Json signers = Json::array();
    for (const auto& id : lez::core::signerAccountIds(tx)) signers.push_back(id.toBase58());
    Json nonces = Json::array();
    for (const auto& n : tx.message.nonces) nonces.push_back(n.toDecimal());
    return logos::okEnvelope(Json{{"transaction_base64", lezpay::util::toBase64(bytes)},
                                  {"tx_hash", lez::core::hashToHex(lez::core::transactionHash(tx))},
                                  {"signers", signers},
                                  {"nonces", nonces},
                                  {"broadcast", false}});
  }
};

}  // namespace wallet

class WalletModulePlugin : public QObject, public wallet::WalletModule {
  Q_OBJECT
  Q_PLUGIN_METADATA(IID LOGOS_MODULE_IID FILE "../metadata.json")
  Q_INTERFACES(logos::LogosModule)
};

#include "wallet_module_plugin.moc"
