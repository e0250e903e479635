#include "autopilot.h"

#include <QLoggingCategory>
#include <QTimer>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <set>
#include <vector>

#include "lezpay/fileio/atomic_file.h"
#include "lezpay/util/json_parse.h"
#include "logos/envelope.h"
#include "operation_params.h"
#include "result_shapes.h"
#include "stream_operations.h"

namespace payment_streams {
namespace {

Q_LOGGING_CATEGORY(lcAutopilot, "lezpay.streams.autopilot")

using logos::ParamType;
using logos::sdk::Args;
using lez::streams::FoldedStream;
using lez::streams::StreamConfig;
using lez::streams::StreamId;
using lez::streams::Timestamp;
using lez::streams::VaultId;
namespace ap = lez::streams::autopilot;

std::string dec(const U128& v) { return v.toDecimal(); }

// Every autopilot operation answers the settings (getAutopilot adds `recent`).
Json settingsShape() {
  return Json{{"auto_claim", "object"}, {"alerts", "object"}, {"auto_top_up", "object"}, {"top_up_ledger", "object"}};
}

std::string text(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Who configured, from the host's caller stamp (logos/caller.h), as the x402 audit log names it.
Json configuredBy(const Json& stamp) {
  std::string by = "unknown";
  std::string via = "unknown";
  if (stamp.is_object()) {
    const std::string kind = text(stamp, "kind");
    if (kind == "client") {
      by = text(stamp, "name").empty() ? "auto (boot token)" : text(stamp, "name");
      const std::string transport = text(stamp, "transport");
      const std::string peer = text(stamp, "peer");
      via = "cli " + (transport.empty() ? std::string("local") : transport) + (peer.empty() ? "" : " " + peer);
    } else if (kind == "module") {
      const std::string module = text(stamp, "module");
      auto onBehalf = stamp.find("on_behalf_of");
      if (onBehalf != stamp.end() && onBehalf->is_object() && !text(*onBehalf, "name").empty()) {
        by = text(*onBehalf, "name");
        via = text(*onBehalf, "via").empty() ? "module " + module : text(*onBehalf, "via");
      } else {
        by = via = "module " + module;
      }
    }
  }
  return Json{{"configured_by", by}, {"configured_via", via}};
}

std::optional<U128> amountAt(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return std::nullopt;
  auto v = U128::parseDecimal(it->get<std::string>());
  return v.ok() ? std::optional<U128>(v.value()) : std::nullopt;
}

std::string streamKey(const AccountId& owner, VaultId vault, StreamId stream) {
  return owner.toBase58() + "/" + std::to_string(vault) + "/" + std::to_string(stream);
}

}  // namespace

Json toJson(const AutopilotSettings& s) {
  Json topUp{{"enabled", s.topUp.enabled}, {"amount_per_top_up", dec(s.topUp.amountPerTopUp)}, {"max_per_day", dec(s.topUp.maxPerDay)}};
  topUp.update(s.topUpConfiguredBy);
  return Json{{"auto_claim", {{"enabled", s.claim.enabled}, {"interval_seconds", s.claim.intervalSeconds}, {"threshold", dec(s.claim.threshold)}}},
              {"alerts", {{"depletion_horizon_seconds", s.alerts.depletionHorizonSeconds}, {"vault_low_threshold", dec(s.alerts.vaultLowThreshold)}}},
              {"auto_top_up", topUp},
              {"top_up_ledger", {{"day", s.ledger.day}, {"spent", dec(s.ledger.spent)}}}};
}

Autopilot::~Autopilot() { stop(); }

Status Autopilot::load() {
  const std::string path = s_.state->dir() + "/" + kAutopilotFile;
  if (::access(path.c_str(), F_OK) != 0) return lezpay::util::okStatus();
  auto textOf = lezpay::fileio::readFile(path);
  if (!textOf.ok()) return textOf.error();
  auto corrupt = [&](const std::string& why) { return Error{"STATE_CORRUPT", std::string(kAutopilotFile) + ": " + why}; };
  auto parsed = lezpay::util::parseJson(textOf.value());
  if (!parsed.ok()) return corrupt(parsed.error().message);
  const Json j = std::move(parsed).value();
  if (!j.is_object()) return corrupt("not a JSON object");
  if (j.value("schema_version", 0) != kAutopilotSchemaVersion) return corrupt("schema_version is not 1");
  AutopilotSettings s;
  const Json c = j.value("auto_claim", Json::object());
  const Json a = j.value("alerts", Json::object());
  const Json t = j.value("auto_top_up", Json::object());
  const Json l = j.value("top_up_ledger", Json::object());
  if (!c.is_object() || !a.is_object() || !t.is_object() || !l.is_object()) return corrupt("a section is not an object");
  s.claim.enabled = c.value("enabled", false);
  s.claim.intervalSeconds = c.value("interval_seconds", std::uint64_t{0});
  s.claim.threshold = amountAt(c, "threshold").value_or(U128{});
  s.alerts.depletionHorizonSeconds = a.value("depletion_horizon_seconds", std::uint64_t{0});
  s.alerts.vaultLowThreshold = amountAt(a, "vault_low_threshold").value_or(U128{});
  s.topUp.enabled = t.value("enabled", false);
  s.topUp.amountPerTopUp = amountAt(t, "amount_per_top_up").value_or(U128{});
  s.topUp.maxPerDay = amountAt(t, "max_per_day").value_or(U128{});
  s.topUpConfiguredBy = Json{{"configured_by", t.value("configured_by", "unknown")}, {"configured_via", t.value("configured_via", "unknown")}};
  s.ledger.day = l.value("day", std::uint64_t{0});
  s.ledger.spent = amountAt(l, "spent").value_or(U128{});
  settings_ = s;
  return lezpay::util::okStatus();
}

Status Autopilot::save() const {
  Json j = toJson(settings_);
  j["schema_version"] = kAutopilotSchemaVersion;
  return lezpay::fileio::writeFileAtomic(s_.state->dir() + "/" + kAutopilotFile, j.dump(1) + "\n", 0600);
}

void Autopilot::appendAudit(Json r) const {
  r["at_unix"] = static_cast<std::int64_t>(::time(nullptr));
  const std::string line = r.dump() + "\n";
  const std::string path = s_.state->dir() + "/" + kAuditFile;
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return;
  ::fchmod(fd, 0600);
  (void)!::write(fd, line.data(), line.size());
  ::fsync(fd);
  ::close(fd);
}

void Autopilot::record(const std::string& event, Json fields) {
  fields["event"] = event;
  recent_.push_back(fields);
  while (recent_.size() > kAutopilotRecent) recent_.pop_front();
}

bool Autopilot::anythingEnabled() const {
  return settings_.claim.enabled || settings_.alerts.depletionHorizonSeconds > 0 || !settings_.alerts.vaultLowThreshold.isZero() ||
         settings_.topUp.enabled;
}

void Autopilot::start() {
  alive_ = std::make_shared<bool>(true);
  busy_ = false;
  timer_ = std::make_unique<QTimer>();
  timer_->setInterval(kAutopilotTickMs);
  QObject::connect(timer_.get(), &QTimer::timeout, [this] { tick(); });
  timer_->start();
}

void Autopilot::stop() {
  *alive_ = false;
  timer_.reset();
}

void Autopilot::finishTick() { busy_ = false; }

void Autopilot::tick() {
  if (busy_ || !s_.running() || !anythingEnabled()) return;
  busy_ = true;
  const ModuleConfig cfg = s_.config();
  const ChainReader chain = s_.chain();
  std::weak_ptr<bool> alive = alive_;
  chain.clock(cfg.clock, [this, alive, cfg, chain](Result<lez::core::ClockAccountData> clock) {
    if (alive.expired() || !*alive.lock()) return;
    if (!s_.running() || !clock.ok()) return finishTick();
    const Timestamp now = lez::streams::foldSeconds(clock->timestamp);
    const lez::core::ClockAccountData clockData = clock.value();
    // The accounts whose keys the wallet holds: the streams this daemon can claim or top up.
    chain.walletCall("list_accounts", Json::object(), cfg.walletTimeoutMs, [this, alive, cfg, chain, now, clockData](const Json& held) {
      if (alive.expired() || !*alive.lock()) return;
      if (!s_.running() || !logos::isOk(held)) return finishTick();
      std::set<std::string> mine;
      for (const auto& a : held.value("accounts", Json::array())) mine.insert(text(a, "account_id_base58"));
      runTick(mine, now, clockData);
    });
  });
}

void Autopilot::runTick(const std::set<std::string>& mine, Timestamp now, const lez::core::ClockAccountData& clockData) {
  const ModuleConfig cfg = s_.config();
  const ChainReader chain = s_.chain();
  std::weak_ptr<bool> alive = alive_;
  {
    auto items = std::make_shared<std::vector<Watched>>();
    std::set<std::string> claimed;
    if (settings_.claim.enabled) {
      for (const auto& [key, session] : s_.state->sessions.sessions()) {
        if (!session.boundStreamId || !mine.count(session.providerId.toBase58())) continue;
        if (claimed.insert(streamKey(session.owner, session.vaultId, *session.boundStreamId)).second) {
          items->push_back({session.owner, session.vaultId, *session.boundStreamId, session.providerId});
        }
      }
      for (const auto& e : s_.state->inventory) {
        if (!mine.count(e.provider.toBase58())) continue;
        if (claimed.insert(streamKey(e.owner, e.vaultId, e.streamId)).second) items->push_back({e.owner, e.vaultId, e.streamId, e.provider});
      }
    }
    if (settings_.alerts.depletionHorizonSeconds > 0 || !settings_.alerts.vaultLowThreshold.isZero() || settings_.topUp.enabled) {
      for (const auto& e : s_.state->inventory) {
        if (mine.count(e.owner.toBase58())) items->push_back({e.owner, e.vaultId, e.streamId, std::nullopt});
      }
    }
    auto step = std::make_shared<std::function<void(std::size_t)>>();
    std::weak_ptr<std::function<void(std::size_t)>> weakStep = step;
    *step = [this, alive, items, weakStep, now, clockData, cfg, chain](std::size_t i) {
      if (alive.expired() || !*alive.lock()) return;
      auto self = weakStep.lock();
      if (!self || !s_.running() || i >= items->size()) return finishTick();
      const Watched w = (*items)[i];
      auto next = [self, i] { (*self)(i + 1); };
      chain.vault(cfg.program, w.owner, w.vault, [=, this](Result<lez::stream_eligibility::VaultView> vault) {
        chain.stream(cfg.program, w.owner, w.vault, w.stream, [=, this](Result<std::optional<StreamConfig>> stored) {
          if (alive.expired() || !*alive.lock() || !s_.running()) return;
          if (!vault.ok() || !vault->config || !stored.ok() || !stored.value()) return next();
          auto folded = lez::streams::foldStoredStream(*stored.value(), clockData);
          if (!folded.ok()) return next();
          const std::string key = streamKey(w.owner, w.vault, w.stream);
          if (w.provider) return claimStep(w, key, folded.value(), now, next);
          ownerStep(w, key, folded.value(), vault.value(), now, next);
        });
      });
    };
    (*step)(0);
  }
}

void Autopilot::announce(const std::string& event, Json args, Json fields) {
  qCInfo(lcAutopilot).noquote() << QString::fromStdString(event) << QString::fromStdString(fields.dump());
  record(event, std::move(fields));
  if (s_.emitEvent) s_.emitEvent(event, args);
}

void Autopilot::claimStep(const Watched& w, const std::string& key, const FoldedStream& folded, Timestamp now, std::function<void()> next) {
  auto [it, fresh] = claims_.try_emplace(key);
  if (fresh) it->second.lastClaimAt = now;  // the schedule counts from first sight
  const ap::ClaimDecision d = ap::decideClaim(settings_.claim, folded, now, it->second);
  if (!d.claim()) return next();
  std::weak_ptr<bool> alive = alive_;
  claimStream(s_, w.owner, *w.provider, w.vault, w.stream, true, [=, this](Json answer) {
    if (alive.expired() || !*alive.lock()) return;
    if (answer.value("status", "") == "ok") {
      claims_[key] = ap::afterClaimSucceeded(claims_[key], now);
      const std::string amount = answer.value("claimed", dec(d.amount));
      const std::string tx = answer.value("tx_hash", "");
      announce("autoClaimed", Json::array({w.vault, w.stream, amount, tx}),
           Json{{"owner", w.owner.toBase58()}, {"vault_id", w.vault}, {"stream_id", w.stream}, {"amount", amount}, {"tx_hash", tx},
                {"reason", ap::toString(d.reason)}, {"at", now}});
    } else {
      claims_[key] = ap::afterClaimFailed(claims_[key], d.amount, now);
      const std::string code = answer.value("code", "METHOD_FAILED");
      announce("autoClaimFailed", Json::array({w.vault, w.stream, dec(d.amount), code, claims_[key].retryAfter}),
           Json{{"owner", w.owner.toBase58()}, {"vault_id", w.vault}, {"stream_id", w.stream}, {"amount", dec(d.amount)}, {"code", code},
                {"message", answer.value("message", "")}, {"retry_after", claims_[key].retryAfter}, {"at", now}});
    }
    next();
  });
}

void Autopilot::ownerStep(const Watched& w, const std::string& key, const FoldedStream& folded,
                          const lez::stream_eligibility::VaultView& vault, Timestamp now, std::function<void()> next) {
  const U128 free = lez::streams::unallocated(vault.holdingBalance, vault.config->totalAllocated);
  const std::string vaultKey = w.owner.toBase58() + "/" + std::to_string(w.vault);
  const Json vaultRef{{"owner", w.owner.toBase58()}, {"vault_id", w.vault}};
  if (ap::risingEdge(low_[vaultKey], ap::vaultLow(settings_.alerts, free))) {
    announce("vaultLow", Json::array({vaultRef, dec(free)}), Json{{"vault", vaultRef}, {"unallocated", dec(free)}, {"at", now}});
  }
  const bool soon = ap::depletingSoon(settings_.alerts, folded, now);
  if (!ap::risingEdge(depleting_[key], soon)) return next();
  const Json streamRef{{"owner", w.owner.toBase58()}, {"vault_id", w.vault}, {"stream_id", w.stream}};
  const Timestamp at = ap::depletesAt(folded).value_or(now);
  announce("streamDepletingSoon", Json::array({streamRef, at, dec(folded.unaccrued)}),
       Json{{"stream", streamRef}, {"depletes_at", at}, {"remaining", dec(folded.unaccrued)}, {"at", now}});
  const ap::TopUpVerdict verdict = ap::decideTopUp(settings_.topUp, settings_.ledger, now, free);
  if (verdict == ap::TopUpVerdict::Disabled) return next();
  if (verdict != ap::TopUpVerdict::Go) {
    announce("autoTopUpSkipped", Json::array({w.vault, w.stream, ap::toString(verdict)}),
         Json{{"vault_id", w.vault}, {"stream_id", w.stream}, {"reason", ap::toString(verdict)}, {"at", now}});
    return next();
  }
  const U128 amount = settings_.topUp.amountPerTopUp;
  std::weak_ptr<bool> alive = alive_;
  topUpStreamBy(s_, w.owner, w.vault, w.stream, amount, true, [=, this](Json answer) {
    if (alive.expired() || !*alive.lock()) return;
    if (answer.value("status", "") == "ok") {
      settings_.ledger = ap::afterTopUp(settings_.ledger, now, amount);
      (void)save();
      const std::string tx = answer.value("tx_hash", "");
      Json audit{{"kind", "auto_top_up"}, {"owner", w.owner.toBase58()}, {"vault_id", w.vault}, {"stream_id", w.stream},
                 {"amount", dec(amount)}, {"tx_hash", tx}, {"chain_time", now}, {"spent_today", dec(ap::spentToday(settings_.ledger, now))},
                 {"max_per_day", dec(settings_.topUp.maxPerDay)}};
      audit.update(settings_.topUpConfiguredBy);
      appendAudit(audit);
      announce("autoToppedUp", Json::array({w.vault, w.stream, dec(amount), tx}),
           Json{{"vault_id", w.vault}, {"stream_id", w.stream}, {"amount", dec(amount)}, {"tx_hash", tx}, {"at", now}});
    } else {
      const std::string code = answer.value("code", "METHOD_FAILED");
      announce("autoTopUpSkipped", Json::array({w.vault, w.stream, code}),
           Json{{"vault_id", w.vault}, {"stream_id", w.stream}, {"reason", code}, {"message", answer.value("message", "")}, {"at", now}});
    }
    next();
  });
}

// ---------------------------------------------------------------- operations

void Autopilot::registerOperations(std::function<void(logos::EventSpec)> addEvent) {
  addEvent({"autoClaimed", "The autopilot claimed a stream.", {"vault_id", "stream_id", "amount", "tx_hash"}});
  addEvent({"autoClaimFailed", "An automatic claim failed; retried after a backoff, never for the same amount.",
            {"vault_id", "stream_id", "amount", "code", "retry_after"}});
  addEvent({"streamDepletingSoon", "A stream will deplete within the configured horizon.", {"stream", "depletes_at", "remaining"}});
  addEvent({"vaultLow", "A vault's unallocated funds fell below the configured threshold.", {"vault", "unallocated"}});
  addEvent({"autoToppedUp", "The autopilot topped up a stream within the owner's limits.", {"vault_id", "stream_id", "amount", "tx_hash"}});
  addEvent({"autoTopUpSkipped", "A depleting stream was not topped up (reason: daily_cap_reached, insufficient_unallocated or a write error).",
            {"vault_id", "stream_id", "reason"}});

  auto answer = [this](Answer done) {
    if (auto st = save(); !st.ok()) return done(errorJson(kStateWriteFailed, st.error().message));
    done(logos::okEnvelope(toJson(settings_)));
  };
  s_.addOperation(shapes::shaped({"configureAutoClaim", "Provider auto-claim: on a schedule and/or past a threshold (persisted, off by default; absent keys keep their value).",
                   {{"enabled", ParamType::Bool, false, nullptr, "claim automatically (default false)"},
                    {"interval_seconds", ParamType::U64, false, nullptr, "claim every N seconds of chain time (0: no schedule)"},
                    {"threshold", ParamType::U128, false, nullptr, "claim when the claimable amount reaches this (u128 decimal; 0: no threshold)"}},
                   Json{{"auto_claim", Json::object()}}, Json{{"enabled", true}, {"threshold", "100"}}}, settingsShape()),
                  [this, answer](ModuleServices&, const Args& a, Answer done) {
                    ap::ClaimPolicy c = settings_.claim;
                    if (a.has("enabled")) c.enabled = a.boolean("enabled");
                    if (a.has("interval_seconds")) c.intervalSeconds = a.u64("interval_seconds");
                    if (a.has("threshold")) c.threshold = a.u128("threshold");
                    if (c.enabled && c.intervalSeconds == 0 && c.threshold.isZero()) {
                      return done(errorJson(kInvalidArgs, "auto-claim needs interval_seconds or threshold above 0"));
                    }
                    settings_.claim = c;
                    answer(std::move(done));
                  });
  s_.addOperation(shapes::shaped({"configureAlerts", "User alerts: depletion horizon and low-vault threshold (persisted, 0 = off; absent keys keep their value).",
                   {{"depletion_horizon_seconds", ParamType::U64, false, nullptr, "alert when a stream depletes within N seconds (0: off)"},
                    {"vault_low_threshold", ParamType::U128, false, nullptr, "alert when a vault's unallocated funds fall below this (u128 decimal; 0: off)"}},
                   Json{{"alerts", Json::object()}}, Json{{"depletion_horizon_seconds", 3600}, {"vault_low_threshold", "1000"}}}, settingsShape()),
                  [this, answer](ModuleServices&, const Args& a, Answer done) {
                    if (a.has("depletion_horizon_seconds")) settings_.alerts.depletionHorizonSeconds = a.u64("depletion_horizon_seconds");
                    if (a.has("vault_low_threshold")) settings_.alerts.vaultLowThreshold = a.u128("vault_low_threshold");
                    answer(std::move(done));
                  });
  logos::OperationSpec topUp{"configureAutoTopUp",
                             "Owner-only automatic top-up of a stream that depletes within the alert horizon, within a per-top-up amount and a "
                             "daily cap (persisted, off by default; audited).",
                             {{"enabled", ParamType::Bool, false, nullptr, "top up automatically (default false)"},
                              {"amount_per_top_up", ParamType::U128, false, nullptr, "allocation added per top-up (u128 decimal)"},
                              {"max_per_day", ParamType::U128, false, nullptr, "most added per UTC day of chain time (u128 decimal)"}},
                             Json{{"auto_top_up", Json::object()}},
                             Json{{"enabled", true}, {"amount_per_top_up", "100"}, {"max_per_day", "1000"}}};
  topUp.takesCaller = true;
  topUp = shapes::shaped(std::move(topUp), settingsShape());
  s_.addOperation(std::move(topUp), [this, answer](ModuleServices&, const Args& a, Answer done) {
    ap::TopUpPolicy t = settings_.topUp;
    if (a.has("enabled")) t.enabled = a.boolean("enabled");
    if (a.has("amount_per_top_up")) t.amountPerTopUp = a.u128("amount_per_top_up");
    if (a.has("max_per_day")) t.maxPerDay = a.u128("max_per_day");
    if (t.enabled && (t.amountPerTopUp.isZero() || t.maxPerDay < t.amountPerTopUp)) {
      return done(errorJson(kInvalidArgs, "auto top-up needs amount_per_top_up above 0 and max_per_day at least amount_per_top_up"));
    }
    const bool changed = t.enabled != settings_.topUp.enabled || t.amountPerTopUp != settings_.topUp.amountPerTopUp || t.maxPerDay != settings_.topUp.maxPerDay;
    settings_.topUp = t;
    if (changed) {
      settings_.topUpConfiguredBy = configuredBy(a.caller());
      Json audit{{"kind", "auto_top_up_configured"}, {"enabled", t.enabled}, {"amount_per_top_up", dec(t.amountPerTopUp)}, {"max_per_day", dec(t.maxPerDay)}};
      audit.update(settings_.topUpConfiguredBy);
      appendAudit(audit);
    }
    answer(std::move(done));
  });
  Json fullShape = settingsShape();
  fullShape["recent"] = "array";
  s_.addOperation(shapes::shaped({"getAutopilot", "The autopilot's settings, today's top-up spending and its latest actions (newest last, at most 100).", {},
                   Json{{"auto_claim", Json::object()}, {"recent", Json::array()}}, Json::object()}, fullShape),
                  [this](ModuleServices&, const Args&, Answer done) {
                    Json out = toJson(settings_);
                    out["recent"] = Json(std::vector<Json>(recent_.begin(), recent_.end()));
                    done(logos::okEnvelope(out));
                  });
}

}  // namespace payment_streams
