// The console's data routes: spend requests, wallet, streams, provider, audit
// (docs/protocol.md "console_module", API).
#include <optional>

#include "console_http.h"
#include "console_server.h"
#include "console_time.h"
#include "console_views.h"
#include "lezpay/util/u128.h"
#include "logos/envelope.h"

namespace console {

using lezpay::http::HttpResponse;
using logos::Json;

namespace {

constexpr std::uint64_t kListLimit = 1000;
constexpr int kMaxAuditPages = 20;
constexpr std::size_t kMaxTxStatusReads = 20;

std::optional<std::uint64_t> u64Text(const std::string& text) {
  if (text.empty() || text.size() > 19 || text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stoull(text);
}

std::string text(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The query's values by key, or nullopt (and a 400 in `error`) when it is malformed or names a
// key the route does not take.
std::optional<std::map<std::string, std::string>> queryOf(const lezpay::http::HttpRequest& r, std::initializer_list<const char*> keys,
                                                           HttpResponse& error) {
  std::map<std::string, std::string> out;
  if (r.query.empty()) return out;
  auto q = lezpay::http::parseQuery(r.query);
  if (!q) {
    error = errorAnswer(400, "INVALID_REQUEST", "the query string has a malformed percent escape");
    return std::nullopt;
  }
  for (const auto& p : *q) {
    bool known = false;
    for (const char* k : keys) known = known || p.key == k;
    if (!known) {
      std::string names;
      for (const char* k : keys) names += (names.empty() ? "" : ", ") + std::string(k);
      error = errorAnswer(400, "INVALID_REQUEST", "unknown query parameter '" + p.key.substr(0, 64) + "' (this route takes: " + (names.empty() ? "none" : names) + ")");
      return std::nullopt;
    }
    if (p.value.size() > 512) {
      error = errorAnswer(400, "INVALID_REQUEST", "query parameter '" + p.key + "' is longer than 512 characters");
      return std::nullopt;
    }
    out[p.key] = p.value;
  }
  return out;
}

// from/to of a query, or a 400 naming the key.
bool timeBounds(const std::map<std::string, std::string>& q, std::int64_t& from, std::int64_t& to, HttpResponse& error) {
  for (const char* key : {"from", "to"}) {
    auto it = q.find(key);
    if (it == q.end() || it->second.empty()) continue;
    auto t = parseTimeText(it->second);
    if (!t) {
      error = errorAnswer(400, "INVALID_REQUEST", std::string("query parameter '") + key +
                                                      "' must be Unix seconds, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ");
      return false;
    }
    (std::string(key) == "from" ? from : to) = *t;
  }
  return true;
}

std::string streamKey(const std::string& owner, std::uint64_t vault, std::uint64_t stream) {
  return owner + "/" + std::to_string(vault) + "/" + std::to_string(stream);
}

}  // namespace

// ---------------------------------------------------------------- shared reads

void ConsoleServer::readSpend(std::function<void(const Json& error, Json views, Json policy)> done) {
  callAll({{"x402_module", {"listSpendRequests", Json{{"limit", kListLimit}}}}, {"x402_module", {"getAgentConfig", Json::object()}}},
          [done](std::vector<Json> r) {
            if (!logos::isOk(r[0])) return done(r[0], Json::array(), Json::object());
            if (!logos::isOk(r[1])) return done(r[1], Json::array(), Json::object());
            done(Json(), r[0].value("spend_requests", Json::array()), r[1].value("policy", Json::object()));
          });
}

void ConsoleServer::readAudit(std::function<void(const Json& envelope, Json entries)> done) {
  readAuditPage(std::make_shared<Json>(Json::array()), 0, 0, std::move(done));
}

void ConsoleServer::readAuditPage(std::shared_ptr<Json> entries, std::uint64_t after, int pages,
                                  std::function<void(const Json& envelope, Json entries)> done) {
  call("x402_module", "getAuditLog", Json{{"after_seq", after}, {"limit", 10000}}, [this, entries, after, pages, done](const Json& e) {
    if (!logos::isOk(e)) return done(e, Json::array());
    for (const auto& rec : e.value("entries", Json::array())) {
      Json r = rec;
      if (r.contains("at") && r["at"].is_number()) r["at_iso"] = isoUtc(r["at"].get<std::int64_t>());
      entries->push_back(std::move(r));
    }
    const std::uint64_t next = e.value("next_seq", std::uint64_t{1});
    if (e.value("more", false) && pages + 1 < kMaxAuditPages && next > after + 1) {
      return readAuditPage(entries, next - 1, pages + 1, done);
    }
    done(e, *entries);
  });
}

// ---------------------------------------------------------------- spend requests

void ConsoleServer::spendList(const std::shared_ptr<Call>& c) {
  HttpResponse error;
  auto q = queryOf(c->request, {"status", "merchant", "from", "to"}, error);
  if (!q) return c->answer(std::move(error));
  SpendFilter f;
  f.status = (*q)["status"];
  f.merchant = (*q)["merchant"];
  if (!timeBounds(*q, f.from, f.to, error)) return c->answer(std::move(error));
  readSpend([this, c, f](const Json& err, Json views, Json policy) {
    if (!err.is_null()) return c->answer(moduleErrorAnswer(err));
    Json items = spendItems(views, policy, f, now());
    c->answer(jsonAnswer(200, Json{{"spend_requests", items}, {"count", items.size()}}));
  });
}

void ConsoleServer::spendAnswer(const std::shared_ptr<Call>& c, const Json& envelope) {
  if (!logos::isOk(envelope)) return c->answer(moduleErrorAnswer(envelope));
  const Json view = envelope.value("spend_request", Json::object());
  readSpend([this, c, view](const Json& err, Json views, Json policy) {
    if (!err.is_null()) return c->answer(moduleErrorAnswer(err));
    c->answer(jsonAnswer(200, Json{{"spend_request", spendItem(view, policy, views, now())}}));
  });
}

void ConsoleServer::spendGet(const std::shared_ptr<Call>& c) {
  const std::string id = c->params[0];
  call("x402_module", "getSpendRequest", Json{{"id", id}}, [this, c, id](const Json& e) {
    if (!logos::isOk(e)) return c->answer(moduleErrorAnswer(e));
    const Json view = e.value("spend_request", Json::object());
    readSpend([this, c, id, view](const Json& err, Json views, Json policy) {
      if (!err.is_null()) return c->answer(moduleErrorAnswer(err));
      Json item = spendItem(view, policy, views, now());
      readAudit([c, id, item](const Json& envelope, Json entries) {
        if (!logos::isOk(envelope)) return c->answer(moduleErrorAnswer(envelope));
        Json trail = Json::array();
        for (const auto& r : entries) {
          if (r.value("spend_request_id", std::string()) == id) trail.push_back(r);
        }
        c->answer(jsonAnswer(200, Json{{"spend_request", item}, {"audit", trail}}));
      });
    });
  });
}

void ConsoleServer::spendApprove(const std::shared_ptr<Call>& c) {
  HttpResponse error;
  auto body = jsonBody(c->request, error);
  if (!body) return c->answer(std::move(error));
  Json params{{"id", c->params[0]}, {"$on_behalf_of", onBehalf(*c)}};
  for (auto it = body->begin(); it != body->end(); ++it) {
    if (it.key() != "credential_valid_seconds" || !it->is_number_unsigned()) {
      return c->answer(errorAnswer(400, "INVALID_REQUEST", "approve takes {} or {\"credential_valid_seconds\": <whole seconds>}"));
    }
    params["credential_valid_seconds"] = *it;
  }
  call("x402_module", "approveSpendRequest", params, [this, c](const Json& e) { spendAnswer(c, e); });
}

void ConsoleServer::spendDecline(const std::shared_ptr<Call>& c) {
  HttpResponse error;
  auto body = jsonBody(c->request, error);
  if (!body) return c->answer(std::move(error));
  Json params{{"id", c->params[0]}, {"$on_behalf_of", onBehalf(*c)}};
  for (auto it = body->begin(); it != body->end(); ++it) {
    if (it.key() != "reason" || !it->is_string()) {
      return c->answer(errorAnswer(400, "INVALID_REQUEST", "decline takes {\"reason\": \"<the owner's words>\"}"));
    }
    params["reason"] = *it;
  }
  call("x402_module", "declineSpendRequest", params, [this, c](const Json& e) { spendAnswer(c, e); });
}

// ---------------------------------------------------------------- wallet

void ConsoleServer::wallet(const std::shared_ptr<Call>& c) {
  call("wallet_module", "list_accounts", Json::object(), [this, c](const Json& accounts) {
    if (!logos::isOk(accounts)) return c->answer(moduleErrorAnswer(accounts));
    readSpend([this, c, accounts](const Json&, Json views, Json) {
      call("x402_module", "getAgentConfig", Json::object(), [this, c, accounts, views](const Json& config) {
        const std::string owner = logos::isOk(config) ? text(config, "owner_account") : std::string();
        std::vector<std::pair<std::string, std::pair<std::string, Json>>> calls;
        const Json list = accounts.value("accounts", Json::array());
        for (const auto& a : list) calls.push_back({"wallet_module", {"get_balance", Json{{"account_id", text(a, "account_id_base58")}}}});
        // Transactions: the console's own stream writes and claims, and the agent's payments.
        Json txs = Json::array();
        for (auto it = sentTx_.rbegin(); it != sentTx_.rend(); ++it) txs.push_back(*it);
        for (const auto& v : views) {
          const Json cred = v.value("credential", Json());
          if (!cred.is_object() || text(cred, "tx_hash").empty()) continue;
          Json t{{"tx_hash", text(cred, "tx_hash")}, {"kind", "x402_payment"}, {"amount", text(v, "amount")},
                 {"counterparty", text(v, "pay_to")}, {"spend_request_id", text(v, "id")}, {"request_status", text(v, "status")}};
          putTime(t, "at", v.value("payment_attempted_at", v.value("decided_at", Json())));
          txs.push_back(t);
        }
        if (txs.size() > kMaxTxStatusReads) txs.erase(txs.begin() + kMaxTxStatusReads, txs.end());
        const std::size_t balances = calls.size();
        for (const auto& t : txs) calls.push_back({"payment_streams_module", {"querySequencerTransaction", Json{{"tx_hash", text(t, "tx_hash")}}}});
        callAll(calls, [c, list, owner, txs, balances](std::vector<Json> r) mutable {
          Json out = Json::array();
          for (std::size_t i = 0; i < list.size(); ++i) {
            const std::string id = text(list[i], "account_id_base58");
            Json a{{"account_id", id}, {"account_id_hex", text(list[i], "account_id")}, {"is_owner", id == owner}};
            if (logos::isOk(r[i])) {
              a["balance"] = text(r[i], "balance");
            } else {
              a["balance"] = nullptr;
              a["balance_error"] = Json{{"code", r[i].value("code", "")}, {"message", r[i].value("message", "")}};
            }
            out.push_back(a);
          }
          for (std::size_t i = 0; i < txs.size(); ++i) {
            const Json& st = r[balances + i];
            if (logos::isOk(st)) {
              txs[i]["status"] = st.value("tx_status", std::string("unknown"));
              if (st.contains("block_id")) txs[i]["block_id"] = st["block_id"];
            } else {
              txs[i]["status"] = "unknown";
            }
          }
          c->answer(jsonAnswer(200, Json{{"accounts", out}, {"owner_account", owner}, {"transactions", txs}}));
        });
      });
    });
  });
}

// ---------------------------------------------------------------- streams (user side)

void ConsoleServer::observe(const Json& status) {
  if (!logos::isOk(status) && !status.contains("unaccrued")) return;
  const std::string key = streamKey(text(status, "owner"), status.value("vault_id", std::uint64_t{0}), status.value("stream_id", std::uint64_t{0}));
  auto& points = observed_[key];
  const std::int64_t t = status.value("as_of", std::int64_t{0});
  const std::string remaining = text(status, "unaccrued");
  if (t <= 0 || remaining.empty()) return;
  if (!points.empty() && points.back().first == t) points.back().second = remaining;
  else points.emplace_back(t, remaining);
  if (points.size() > 512) points.erase(points.begin());
  if (observed_.size() > 1024) observed_.erase(observed_.begin());
}

void ConsoleServer::rememberTx(const std::string& txHash, const std::string& kind, const std::string& amount, const std::string& counterparty) {
  if (txHash.empty()) return;
  Json t{{"tx_hash", txHash}, {"kind", kind}, {"amount", amount}, {"counterparty", counterparty}};
  putTime(t, "at", std::optional<std::int64_t>(now()));
  sentTx_.push_back(t);
  if (sentTx_.size() > 100) sentTx_.erase(sentTx_.begin());
}

void ConsoleServer::streams(const std::shared_ptr<Call>& c) {
  call("payment_streams_module", "getConfiguration", Json::object(), [this, c](const Json& cfg) {
    if (!logos::isOk(cfg)) return c->answer(moduleErrorAnswer(cfg));
    const Json terms = cfg.value("user_terms", Json());
    Json out{{"vaults", Json::array()}};
    putTime(out, "as_of", std::optional<std::int64_t>(now()));
    if (!terms.is_object() || text(terms, "owner").empty()) return c->answer(jsonAnswer(200, out));
    const std::string owner = text(terms, "owner");
    const Json vaultId = terms.value("vault_id", Json(0));
    callAll({{"payment_streams_module", {"getVaultStatus", Json{{"owner", owner}, {"vault_id", vaultId}}}},
             {"payment_streams_module", {"listMyStreams", Json{{"owner", owner}, {"vault_id", vaultId}}}}},
            [this, c, out, owner, vaultId](std::vector<Json> r) mutable {
              if (!logos::isOk(r[1])) return c->answer(moduleErrorAnswer(r[1]));
              Json vault{{"owner", owner}, {"vault_id", vaultId}, {"streams", Json::array()}};
              if (logos::isOk(r[0])) {
                for (const char* k : {"balance", "total_allocated", "unallocated"}) vault[k] = r[0].value(k, Json());
              } else {
                vault["error"] = Json{{"code", r[0].value("code", "")}, {"message", r[0].value("message", "")}};
              }
              for (const auto& item : r[1].value("streams", Json::array())) {
                if (item.contains("chain")) {
                  observe(item["chain"]);
                  vault["streams"].push_back(streamView(item["chain"]));
                } else {
                  const Json err = item.value("chain_error", Json::object());
                  vault["streams"].push_back(Json{{"vault_id", vaultId}, {"stream_id", item.value("stream_id", Json())},
                                                  {"error", Json{{"code", err.value("code", "")}, {"message", err.value("message", "")}}}});
                }
              }
              out["vaults"].push_back(vault);
              c->answer(jsonAnswer(200, out));
            });
  });
}

void ConsoleServer::streamWrite(const std::shared_ptr<Call>& c, const std::string& operation, const std::string& action, Json extra) {
  const auto vault = u64Text(c->params[0]);
  const auto stream = u64Text(c->params[1]);
  if (!vault || !stream) return c->answer(errorAnswer(400, "INVALID_REQUEST", "vault and stream ids are whole numbers"));
  call("payment_streams_module", "getConfiguration", Json::object(), [this, c, operation, action, extra, vault, stream](const Json& cfg) {
    if (!logos::isOk(cfg)) return c->answer(moduleErrorAnswer(cfg));
    const Json terms = cfg.value("user_terms", Json());
    const std::string owner = terms.is_object() ? text(terms, "owner") : std::string();
    if (owner.empty()) return c->answer(errorAnswer(409, "NO_USER_TERMS", "this daemon has no vault owner configured (payment_streams_module configureUserTerms)"));
    Json params = extra;
    params["owner"] = owner;
    params["vault_id"] = *vault;
    params["stream_id"] = *stream;
    call("payment_streams_module", operation, params, [this, c, owner, action, extra, vault, stream](const Json& w) {
      if (!logos::isOk(w)) return c->answer(moduleErrorAnswer(w));
      const std::string tx = text(w, "tx_hash");
      rememberTx(tx, "stream_" + action, text(extra, "increase"), owner);
      Json changed{{"vault_id", *vault}, {"stream_id", *stream}, {"action", action}, {"tx_hash", tx}};
      putTime(changed, "at", std::optional<std::int64_t>(now()));
      feed_.push("stream_changed", changed);
      call("payment_streams_module", "getStreamStatus", Json{{"owner", owner}, {"vault_id", *vault}, {"stream_id", *stream}},
           [this, c, tx](const Json& st) {
             observe(st);
             c->answer(jsonAnswer(200, Json{{"stream", logos::isOk(st) ? streamView(st) : Json()}, {"tx_hash", tx}}));
           });
    }, 60000);
  });
}

void ConsoleServer::streamPause(const std::shared_ptr<Call>& c) { streamWrite(c, "pauseStream", "pause", Json::object()); }
void ConsoleServer::streamResume(const std::shared_ptr<Call>& c) { streamWrite(c, "resumeStream", "resume", Json::object()); }
void ConsoleServer::streamClose(const std::shared_ptr<Call>& c) { streamWrite(c, "closeStream", "close", Json::object()); }

void ConsoleServer::streamTopUp(const std::shared_ptr<Call>& c) {
  HttpResponse error;
  auto body = jsonBody(c->request, error);
  if (!body) return c->answer(std::move(error));
  const Json amount = body->value("amount", Json());
  if (body->size() != 1 || !amount.is_string() || amount.get<std::string>().empty() ||
      amount.get<std::string>().find_first_not_of("0123456789") != std::string::npos || amount.get<std::string>().size() > 39) {
    return c->answer(errorAnswer(400, "INVALID_REQUEST", "top-up takes {\"amount\": \"<decimal string>\"}"));
  }
  streamWrite(c, "topUpStream", "top-up", Json{{"increase", amount}});
}

void ConsoleServer::streamHistory(const std::shared_ptr<Call>& c) {
  const auto vault = u64Text(c->params[0]);
  const auto stream = u64Text(c->params[1]);
  if (!vault || !stream) return c->answer(errorAnswer(400, "INVALID_REQUEST", "vault and stream ids are whole numbers"));
  call("payment_streams_module", "getConfiguration", Json::object(), [this, c, vault, stream](const Json& cfg) {
    if (!logos::isOk(cfg)) return c->answer(moduleErrorAnswer(cfg));
    const Json terms = cfg.value("user_terms", Json());
    const std::string owner = terms.is_object() ? text(terms, "owner") : std::string();
    if (owner.empty()) return c->answer(errorAnswer(409, "NO_USER_TERMS", "this daemon has no vault owner configured (payment_streams_module configureUserTerms)"));
    const Json ids{{"owner", owner}, {"vault_id", *vault}, {"stream_id", *stream}};
    Json historyParams = ids;
    historyParams["limit"] = 1000;
    callAll({{"payment_streams_module", {"getStreamStatus", ids}}, {"payment_streams_module", {"getStreamHistory", historyParams}}},
            [this, c, owner, vault, stream](std::vector<Json> r) {
              const Json& st = r[0];
              if (!logos::isOk(st)) return c->answer(moduleErrorAnswer(st));
              observe(st);
              // The chain's states come first; what this console saw adds points between writes. A
              // sequencer without account history leaves the chart to the observed points.
              auto points = logos::isOk(r[1]) ? chainStatePoints(r[1].value("entries", Json::array()))
                                              : std::vector<std::pair<std::int64_t, std::string>>{};
              const auto& seen = observed_[streamKey(owner, *vault, *stream)];
              points.insert(points.end(), seen.begin(), seen.end());
              Json out{{"points", historyPoints(st, points, now())},
                       {"rate", std::to_string(st.value("rate", std::uint64_t{0}))},
                       {"allocation", text(st, "allocation")},
                       {"source", logos::isOk(r[1]) ? "chain" : "observed"}};
              c->answer(jsonAnswer(200, out));
            });
  });
}

// ---------------------------------------------------------------- provider

void ConsoleServer::provider(const std::shared_ptr<Call>& c) {
  callAll({{"payment_streams_module", {"getConfiguration", Json::object()}},
           {"payment_streams_module", {"listProviderSessions", Json::object()}},
           {"x402_module", {"listServedPayments", Json{{"limit", 100}}}}},
          [this, c](std::vector<Json> r) {
            if (!logos::isOk(r[0])) return c->answer(moduleErrorAnswer(r[0]));
            if (!logos::isOk(r[1])) return c->answer(moduleErrorAnswer(r[1]));
            const Json policy = r[0].value("provider_policy", Json());
            const std::string providerAccount = policy.is_object() ? text(policy, "provider_account") : std::string();
            // The merchant's served payments (none while it is stopped on this daemon).
            Json settlements = Json::array();
            if (logos::isOk(r[2])) {
              for (const auto& p : r[2].value("payments", Json::array())) {
                const Json st = p.value("settlement", Json::object());
                const bool ok = st.is_object() && st.value("success", false);
                Json item{{"tx_hash", text(p, "tx_hash")}, {"resource", text(p, "resource_url")},
                          {"amount", st.is_object() ? st.value("amount", Json()) : Json()},
                          {"payer", st.is_object() ? st.value("payer", Json()) : Json()},
                          {"network", st.is_object() ? st.value("network", Json()) : Json()},
                          {"status", ok ? "settled" : "failed"}};
                putTime(item, "at", p.value("served_at", Json()));
                settlements.push_back(item);
              }
            }
            std::vector<std::pair<std::string, std::pair<std::string, Json>>> calls;
            for (const auto& s : r[1].value("sessions", Json::array())) {
              if (!s.contains("bound_stream_id") || s["bound_stream_id"].is_null()) continue;
              calls.push_back({"payment_streams_module", {"getStreamStatus", Json{{"owner", s.value("owner", "")}, {"vault_id", s.value("vault_id", Json(0))},
                                                                                  {"stream_id", s["bound_stream_id"]}}}});
            }
            // Each stream's account history too: what was claimed is on chain, so income per
            // stream survives a console restart.
            const std::size_t n = calls.size();
            for (std::size_t i = 0; i < n; ++i) {
              Json h = calls[i].second.second;
              h["limit"] = 1000;
              calls.push_back({"payment_streams_module", {"getStreamHistory", h}});
            }
            callAll(calls, [this, c, providerAccount, settlements, n](std::vector<Json> results) {
              Json streams = Json::array();
              lezpay::util::U128 total{};
              for (std::size_t i = 0; i < n; ++i) {
                const Json& st = results[i];
                if (!logos::isOk(st)) continue;
                observe(st);
                Json v = streamView(st);
                const std::string accrued = text(st, "accrued");
                v["claimable"] = accrued;
                auto a = lezpay::util::U128::parseDecimal(accrued);
                if (a.ok()) total = total.checkedAdd(a.value()).value_or(total);
                lezpay::util::U128 claimed{};
                const std::string key = "claim:" + streamKey(text(st, "owner"), st.value("vault_id", std::uint64_t{0}), st.value("stream_id", std::uint64_t{0}));
                for (const auto& t : sentTx_) {
                  if (t.value("stream", std::string()) != key) continue;
                  auto x = lezpay::util::U128::parseDecimal(text(t, "amount"));
                  if (x.ok()) claimed = claimed.checkedAdd(x.value()).value_or(claimed);
                }
                v["claimed_by_console"] = claimed.toDecimal();
                if (logos::isOk(results[n + i])) {
                  const auto onChain = claimedFromHistory(results[n + i].value("entries", Json::array()));
                  v["claimed"] = onChain.toDecimal();
                  v["income"] = (a.ok() ? onChain.checkedAdd(a.value()).value_or(onChain) : onChain).toDecimal();
                }
                streams.push_back(v);
              }
              c->answer(jsonAnswer(200, Json{{"provider_account", providerAccount}, {"streams", streams},
                                             {"claimable_total", total.toDecimal()}, {"settlements", settlements}}));
            });
          });
}

void ConsoleServer::providerClaim(const std::shared_ptr<Call>& c) {
  std::string ownerWanted;
  std::string vaultText = c->params[0];
  if (auto colon = vaultText.find(':'); colon != std::string::npos) {
    ownerWanted = vaultText.substr(0, colon);
    vaultText = vaultText.substr(colon + 1);
  }
  const auto vault = u64Text(vaultText);
  const auto stream = u64Text(c->params[1]);
  if (!vault || !stream) return c->answer(errorAnswer(400, "INVALID_REQUEST", "vault ([owner:]vault_id) and stream ids are whole numbers"));
  callAll({{"payment_streams_module", {"getConfiguration", Json::object()}}, {"payment_streams_module", {"listProviderSessions", Json::object()}}},
          [this, c, ownerWanted, vault, stream](std::vector<Json> r) {
            if (!logos::isOk(r[0])) return c->answer(moduleErrorAnswer(r[0]));
            if (!logos::isOk(r[1])) return c->answer(moduleErrorAnswer(r[1]));
            const Json policy = r[0].value("provider_policy", Json());
            const std::string providerAccount = policy.is_object() ? text(policy, "provider_account") : std::string();
            std::string owner;
            for (const auto& s : r[1].value("sessions", Json::array())) {
              if (s.value("vault_id", std::uint64_t{~0ULL}) != *vault || !s.contains("bound_stream_id") || s["bound_stream_id"] != Json(*stream)) continue;
              if (!ownerWanted.empty() && text(s, "owner") != ownerWanted) continue;
              owner = text(s, "owner");
            }
            if (owner.empty() || providerAccount.empty()) {
              return c->answer(errorAnswer(404, "STREAM_NOT_FOUND", "this provider serves no stream " + std::to_string(*stream) + " of vault " + std::to_string(*vault)));
            }
            call("payment_streams_module", "claim", Json{{"owner", owner}, {"provider", providerAccount}, {"vault_id", *vault}, {"stream_id", *stream}},
                 [this, c, owner, vault, stream](const Json& w) {
                   if (!logos::isOk(w)) return c->answer(moduleErrorAnswer(w));
                   const std::string tx = text(w, "tx_hash");
                   const std::string claimed = w.contains("claimed") ? (w["claimed"].is_string() ? w["claimed"].get<std::string>() : w["claimed"].dump()) : "";
                   rememberTx(tx, "claim", claimed, owner);
                   if (!sentTx_.empty()) sentTx_.back()["stream"] = "claim:" + streamKey(owner, *vault, *stream);
                   Json changed{{"vault_id", *vault}, {"stream_id", *stream}, {"action", "claim"}, {"tx_hash", tx}};
                   putTime(changed, "at", std::optional<std::int64_t>(now()));
                   feed_.push("stream_changed", changed);
                   call("payment_streams_module", "getStreamStatus", Json{{"owner", owner}, {"vault_id", *vault}, {"stream_id", *stream}},
                        [this, c, tx, claimed](const Json& st) {
                          observe(st);
                          c->answer(jsonAnswer(200, Json{{"claimed", claimed}, {"tx_hash", tx}, {"stream", logos::isOk(st) ? streamView(st) : Json()}}));
                        });
                 }, 60000);
          });
}

// ---------------------------------------------------------------- audit

void ConsoleServer::audit(const std::shared_ptr<Call>& c) {
  HttpResponse error;
  auto q = queryOf(c->request, {"q", "from", "to"}, error);
  if (!q) return c->answer(std::move(error));
  std::int64_t from = 0, to = 0;
  if (!timeBounds(*q, from, to, error)) return c->answer(std::move(error));
  const std::string needle = (*q)["q"];
  readAudit([c, needle, from, to](const Json& envelope, Json entries) {
    if (!logos::isOk(envelope)) return c->answer(moduleErrorAnswer(envelope));
    Json out = Json::array();
    for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
      const std::int64_t at = it->value("at", std::int64_t{0});
      if (from > 0 && at < from) continue;
      if (to > 0 && at > to) continue;
      if (!needle.empty() && !containsText(it->dump(), needle)) continue;
      out.push_back(*it);
    }
    c->answer(jsonAnswer(200, Json{{"entries", out}, {"count", out.size()}}));
  });
}

void ConsoleServer::auditExport(const std::shared_ptr<Call>& c) {
  HttpResponse error;
  if (!queryOf(c->request, {}, error)) return c->answer(std::move(error));
  readAudit([c](const Json& envelope, Json entries) {
    if (!logos::isOk(envelope)) return c->answer(moduleErrorAnswer(envelope));
    HttpResponse r;
    r.status = 200;
    r.setHeader("Content-Type", "application/x-ndjson");
    r.setHeader("Content-Disposition", "attachment; filename=\"audit.jsonl\"");
    for (const auto& e : entries) r.body += e.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
    c->answer(std::move(r));
  });
}

}  // namespace console
