#include "tool_runner.h"

#include <QDateTime>
#include <QTimer>

#include "agent_tools.h"
#include "lezpay/util/u128.h"

namespace lezpay::mcpserver {

namespace {

using mcp::Json;
using mcp::ToolResult;
namespace codes = tool_codes;

// Bodies above this are cut in the answer (the SDK's stdio buffer fails past 10 MiB).
constexpr std::size_t kMaxBodyChars = 1024 * 1024;

ToolResult daemonError(const util::Error& e, const Json& details = nullptr) {
  std::string message = e.message;
  if (e.code == "FORBIDDEN") message += " (the agent token's scope does not grant it; see lezpay-mcp's README for the scope to issue)";
  if (e.code == "METHOD_NOT_FOUND" || e.code == "MODULE_NOT_LOADED" || e.code == "MODULE_NOT_FOUND") {
    message += " (load the module in the user's daemon)";
  }
  return mcp::errorResult(e.code, message, details);
}

std::optional<util::U128> amountArg(const Json& v) {
  if (v.is_number_unsigned()) return util::U128(v.get<std::uint64_t>());
  if (v.is_number_integer() && v.get<std::int64_t>() >= 0) return util::U128(static_cast<std::uint64_t>(v.get<std::int64_t>()));
  if (v.is_string()) {
    auto r = util::U128::parseDecimal(v.get<std::string>());
    if (r.ok()) return *r;
  }
  return std::nullopt;
}

std::string amountText(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return v.dump();
  return "?";
}

std::string str(const Json& o, const char* key, const std::string& fallback = "") {
  if (o.is_object() && o.contains(key) && o[key].is_string()) return o[key].get<std::string>();
  return fallback;
}

// The body of an httpGet answer, cut to kMaxBodyChars.
Json bodyFields(const Json& answer) {
  Json out{{"http_status", answer.value("http_status", Json(0))}, {"body_encoding", answer.value("body_encoding", Json("utf8"))}};
  std::string body = str(answer, "body");
  if (body.size() > kMaxBodyChars) {
    body.resize(kMaxBodyChars);
    out["truncated"] = true;
  }
  out["body"] = std::move(body);
  if (answer.contains("headers") && answer["headers"].is_object() && answer["headers"].contains("content-type")) {
    out["content_type"] = answer["headers"]["content-type"];
  }
  return out;
}

}  // namespace

class Job : public QObject {
 public:
  Job(DaemonClient& daemon, const ServerConfig& config, mcp::ToolCall call, Progress progress, Finish finish)
      : daemon_(daemon), config_(config), call_(std::move(call)), progress_(std::move(progress)), finish_(std::move(finish)) {
    poll_.setSingleShot(true);
    QObject::connect(&poll_, &QTimer::timeout, this, [this] { pollOnce(); });
  }

  void run() {
    const std::string& n = call_.name;
    const Json& a = call_.arguments;
    if (n == "fetch_paid" || n == "call_paid_tool") {
      startPaid();
    } else if (n == "spend_request_status") {
      callDaemon("x402_module", "getSpendRequest", Json{{"id", a["spend_request_id"]}}, [this](Json r) {
        done(mcp::structuredResult(withConsole(r)));
      });
    } else if (n == "list_spend_requests") {
      Json p = Json::object();
      if (a.contains("status")) p["status"] = a["status"];
      if (a.contains("limit")) p["limit"] = a["limit"];
      callDaemon("x402_module", "listSpendRequests", p, [this](Json r) { done(mcp::structuredResult(withConsole(r))); });
    } else if (n == "wallet_balance") {
      walletBalance();
    } else if (n == "store_query") {
      storeQuery();
    } else if (n == "stream_status") {
      streamStatus();
    } else {
      done(mcp::errorResult("MCP_INTERNAL", "no runner for tool " + n));
    }
  }

  void cancel() {
    cancelled_ = true;
    poll_.stop();
    if (pending_) pending_->cancel();
    pending_.reset();
    deleteLater();
  }

 private:
  // --- plumbing -------------------------------------------------------------------------------

  void callDaemon(const std::string& module, const std::string& op, const Json& params, std::function<void(Json)> ok,
                  std::function<void(const util::Error&)> failed = nullptr) {
    pending_ = daemon_.call(module, op, params, config_.callTimeoutMs, [this, ok = std::move(ok), failed = std::move(failed)](util::Result<Json> r) {
      pending_.reset();
      if (cancelled_) return;
      if (!r.ok()) {
        if (failed) {
          failed(r.error());
        } else {
          done(daemonError(r.error()));
        }
        return;
      }
      ok(std::move(r).value());
    });
  }

  void done(ToolResult result) {
    if (cancelled_ || finished_) return;
    finished_ = true;
    poll_.stop();
    Finish f = std::move(finish_);
    deleteLater();
    if (f) f(std::move(result));
  }

  Json withConsole(Json r) const {
    if (!config_.consoleUrl.empty() && r.is_object()) r["console_url"] = config_.consoleUrl;
    return r;
  }

  // --- fetch_paid and call_paid_tool -----------------------------------------------------------

  bool isFetch() const { return call_.name == "fetch_paid"; }

  void startPaid() {
    const Json& a = call_.arguments;
    auto max = amountArg(a["max_amount"]);
    if (!max) {
      done(mcp::errorResult(codes::kInvalidAmount, "max_amount must be a decimal string (or integer) of an unsigned 128-bit amount"));
      return;
    }
    maxAmount_ = *max;
    const int asked = a.contains("wait_seconds") ? static_cast<int>(a["wait_seconds"].get<std::int64_t>()) : 0;
    waitSeconds_ = std::min(asked, config_.maxWaitSeconds);
    if (a.contains("spend_request_id")) spendRequestId_ = a["spend_request_id"].get<std::string>();
    attempt();
  }

  // One request to the paying operation (httpGet or callPaidTool): without an approved spend
  // request it opens one (status created); with one it pays.
  void attempt() {
    const Json& a = call_.arguments;
    Json options{{"reason", a["reason"]}, {"request_approval", false}};
    if (a.contains("merchant_name")) options["merchant_name"] = a["merchant_name"];
    if (!spendRequestId_.empty()) options["spend_request_id"] = spendRequestId_;
    if (isFetch()) {
      callDaemon("x402_module", "httpGet", Json{{"url", a["url"]}, {"options", options}}, [this](Json r) { onPaidAnswer(std::move(r)); });
      return;
    }
    options.erase("reason");
    Json p{{"server_url", a["server_url"]}, {"tool", a["tool"]}, {"arguments", a.value("arguments", Json::object())},
           {"reason", a["reason"]}, {"max_amount", amountText(a["max_amount"])}, {"options", options}};
    callDaemon("x402_module", "callPaidTool", p, [this](Json r) { onPaidAnswer(std::move(r)); },
               [this](const util::Error& e) {
                 if (e.code == "METHOD_NOT_FOUND") {
                   done(mcp::errorResult(codes::kPaidToolClientUnavailable,
                                         "the user's x402_module has no callPaidTool operation: paying MCP tools needs a newer x402_module",
                                         Json{{"daemon_code", e.code}}));
                   return;
                 }
                 done(daemonError(e));
               });
  }

  void onPaidAnswer(Json r) {
    const std::string payment = str(r, "payment");
    if (payment == "approval_pending") {
      onApprovalPending(r);
      return;
    }
    if (payment == "paid") {
      Json out = isFetch() ? bodyFields(r) : Json::object();
      if (!isFetch()) {
        for (const char* k : {"result", "content", "structuredContent", "isError"}) {
          if (r.contains(k)) out[k] = r[k];
        }
      }
      out["status"] = "paid";
      out["spend_request_id"] = r.value("spend_request_id", Json(spendRequestId_));
      if (r.contains("settlement")) out["settlement"] = r["settlement"];
      if (r.contains("spend_request") && r["spend_request"].is_object()) out["amount"] = r["spend_request"].value("amount", Json());
      done(mcp::structuredResult(std::move(out)));
      return;
    }
    if (payment == "none" || payment.empty()) {
      Json out = isFetch() ? bodyFields(r) : r;
      const int status = out.value("http_status", Json(200)).is_number_integer() ? out["http_status"].get<int>() : 200;
      if (isFetch() && (status < 200 || status >= 300)) {
        done(mcp::errorResult(codes::kHttpStatus, "the resource answered HTTP " + std::to_string(status) + " (no payment involved)", out));
        return;
      }
      out["status"] = "free";
      done(mcp::structuredResult(std::move(out)));
      return;
    }
    Json details = isFetch() ? bodyFields(r) : Json::object();
    for (const char* k : {"spend_request_id", "payment_error", "settlement", "payment"}) {
      if (r.contains(k)) details[k] = r[k];
    }
    const std::string why = r.contains("payment_error") ? str(r["payment_error"], "message", str(r["payment_error"], "reason")) : "";
    if (payment == "no_challenge") {
      done(mcp::errorResult(codes::kNoChallenge, "the server answered 402 without an x402 PAYMENT-REQUIRED challenge", details));
    } else if (payment == "refused") {
      done(mcp::errorResult(codes::kPaymentRefused, "the merchant refused the payment" + (why.empty() ? "" : ": " + why), details));
    } else if (payment == "settlement_pending") {
      done(mcp::errorResult(codes::kSettlementPending,
                            "the payment is being settled; call again with the same spend_request_id (it cannot pay twice)", details));
    } else if (payment == "settlement_unconfirmed") {
      done(mcp::errorResult(codes::kSettlementUnconfirmed,
                            "the payment may have been made but was not confirmed" + (why.empty() ? "" : ": " + why) +
                                "; check spend_request_status before paying again",
                            details));
    } else {
      done(mcp::errorResult(codes::kPaymentRefused, "payment outcome '" + payment + "'", details));
    }
  }

  void onApprovalPending(const Json& r) {
    view_ = r.value("spend_request", Json::object());
    spendRequestId_ = str(r, "spend_request_id", str(view_, "id"));
    if (view_.contains("amount")) {
      auto amount = amountArg(view_["amount"]);
      if (!amount || maxAmount_ < *amount) {
        done(mcp::errorResult(codes::kAmountAboveMax,
                              "the price " + amountText(view_["amount"]) + " is above max_amount " + amountText(call_.arguments["max_amount"]) +
                                  "; the owner was not asked",
                              Json{{"spend_request_id", spendRequestId_}, {"amount", view_["amount"]},
                                   {"max_amount", amountText(call_.arguments["max_amount"])}}));
        return;
      }
    }
    if (str(view_, "status") == "created") {
      callDaemon("x402_module", "requestSpendRequestApproval", Json{{"id", spendRequestId_}}, [this](Json v) {
        view_ = v.value("spend_request", v);
        afterPending();
      });
      return;
    }
    afterPending();
  }

  void afterPending() {
    if (waitSeconds_ <= 0) {
      done(pendingResult());
      return;
    }
    deadlineMs_ = QDateTime::currentMSecsSinceEpoch() + static_cast<qint64>(waitSeconds_) * 1000;
    pollOnce();
  }

  void pollOnce() {
    if (cancelled_) return;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const double waited = static_cast<double>(waitSeconds_) - static_cast<double>(deadlineMs_ - now) / 1000.0;
    ++polls_;
    if (progress_) {
      progress_(std::max(waited, static_cast<double>(polls_) / 1000.0), static_cast<double>(waitSeconds_),
                "waiting for the owner to approve " + spendRequestId_ + " (" + amountText(view_.value("amount", Json("?"))) + " " +
                    str(view_, "asset", "native") + ")");
    }
    callDaemon("x402_module", "getSpendRequest", Json{{"id", spendRequestId_}}, [this](Json v) {
      view_ = v.value("spend_request", v);
      const std::string s = str(view_, "status");
      if (s == "approved") {
        attempt();
      } else if (s == "denied") {
        const std::string why = str(view_, "decline_reason");
        done(mcp::errorResult(codes::kSpendRequestDenied, "the owner declined spend request " + spendRequestId_ + (why.empty() ? "" : ": " + why),
                              Json{{"spend_request", view_}}));
      } else if (s == "expired") {
        done(mcp::errorResult(codes::kSpendRequestExpired, "spend request " + spendRequestId_ + " expired before the owner decided",
                              Json{{"spend_request", view_}}));
      } else if (s == "canceled") {
        done(mcp::errorResult(codes::kSpendRequestCanceled, "spend request " + spendRequestId_ + " was canceled", Json{{"spend_request", view_}}));
      } else if (s == "created" || s == "pending_approval") {
        if (QDateTime::currentMSecsSinceEpoch() >= deadlineMs_) {
          done(pendingResult());
        } else {
          poll_.start(static_cast<int>(std::min<qint64>(config_.approvalPollMs, std::max<qint64>(1, deadlineMs_ - QDateTime::currentMSecsSinceEpoch()))));
        }
      } else {
        done(mcp::errorResult("SPEND_REQUEST_" + std::string(s.empty() ? "UNKNOWN" : s == "succeeded" ? "USED" : "FAILED"),
                              "spend request " + spendRequestId_ + " is " + s + ": it cannot pay this call; open a new one",
                              Json{{"spend_request", view_}}));
      }
    });
  }

  ToolResult pendingResult() const {
    Json out{{"status", "approval_pending"}, {"spend_request_id", spendRequestId_}};
    for (const char* k : {"amount", "asset", "pay_to", "merchant_url", "resource_url", "approval_expires_at", "valid_until"}) {
      if (view_.contains(k)) out[k] = view_[k];
    }
    std::string where = config_.consoleUrl.empty() ? "the lez-pay console" : "the lez-pay console at " + config_.consoleUrl;
    if (!config_.consoleUrl.empty()) out["console_url"] = config_.consoleUrl;
    out["message"] = "The owner has not decided yet: ask them to approve spend request " + spendRequestId_ + " in " + where +
                     ", then call " + call_.name + " again with spend_request_id " + spendRequestId_ + ".";
    return mcp::structuredResult(std::move(out));
  }

  // --- other tools ------------------------------------------------------------------------------

  void walletBalance() {
    if (call_.arguments.contains("account_id")) {
      balanceOf(call_.arguments["account_id"].get<std::string>());
      return;
    }
    callDaemon("x402_module", "getAgentConfig", Json::object(), [this](Json cfg) {
      const std::string owner = str(cfg, "owner_account");
      if (owner.empty()) {
        done(mcp::errorResult(codes::kNotConfigured, "the agent has no owner account yet (x402_module configureAgent owner_account)"));
        return;
      }
      balanceOf(owner);
    });
  }

  void balanceOf(const std::string& account) {
    callDaemon("wallet_module", "get_balance", Json{{"account_id", account}}, [this, account](Json r) {
      done(mcp::structuredResult(Json{{"account_id", account}, {"balance", r.value("balance", Json("0"))}, {"asset", "native"}}));
    });
  }

  void storeQuery() {
    const Json& a = call_.arguments;
    const Json& topics = a["content_topics"];
    if (topics.empty() || topics.size() > 10) {
      done(mcp::errorResult("INVALID_ARGUMENTS", "arguments.content_topics: give 1 to 10 content topics"));
      return;
    }
    for (const auto& t : topics) {
      if (!t.is_string() || t.get_ref<const std::string&>().empty()) {
        done(mcp::errorResult("INVALID_ARGUMENTS", "arguments.content_topics: every topic must be a non-empty string"));
        return;
      }
    }
    Json q{{"includeData", true}, {"paginationForward", true}, {"contentTopics", topics},
           {"pubsubTopic", a.value("pubsub_topic", Json("/waku/2/default-waku/proto"))},
           {"paginationLimit", a.value("page_size", Json(20))}};
    if (a.contains("start_time")) q["timeStart"] = a["start_time"];
    if (a.contains("end_time")) q["timeEnd"] = a["end_time"];
    if (a.contains("cursor")) q["paginationCursor"] = a["cursor"];
    const std::string payment = str(a, "payment", "proof_of_payment");
    if (payment == "stream_proof") {
      if (!a.contains("stream_id")) {
        done(mcp::errorResult("INVALID_ARGUMENTS", "arguments.stream_id: is required with payment stream_proof"));
        return;
      }
      q["eligibility"] = Json{{"arm", "stream_proof"}, {"stream_id", a["stream_id"]}};
    } else {
      if (!config_.storePaymentRequirements.is_object()) {
        done(mcp::errorResult(codes::kNotConfigured, "lezpay-mcp has no store.payment_requirements (the provider's Store price) in its config"));
        return;
      }
      auto max = a.contains("max_amount") ? amountArg(a["max_amount"]) : std::nullopt;
      if (!max) {
        done(mcp::errorResult(codes::kInvalidAmount, "max_amount (a u128 decimal string) is required to pay a Store query with x402"));
        return;
      }
      auto price = amountArg(config_.storePaymentRequirements.value("amount", Json()));
      if (!price || *max < *price) {
        done(mcp::errorResult(codes::kAmountAboveMax,
                              "the Store price " + amountText(config_.storePaymentRequirements.value("amount", Json("?"))) + " is above max_amount " +
                                  amountText(a["max_amount"])));
        return;
      }
      q["eligibility"] = Json{{"arm", "proof_of_payment"}, {"options", Json{{"payment_requirements", config_.storePaymentRequirements}}}};
    }
    Json p{{"queryJson", q}, {"timeoutMs", 20000}};
    const std::string peer = str(a, "peer_addr", config_.storePeerAddr);
    if (!peer.empty()) p["peerAddr"] = peer;
    callDaemon("delivery_module", "storeQuery", p, [this](Json r) {
      const int code = r.value("statusCode", Json(0)).is_number_integer() ? r["statusCode"].get<int>() : 0;
      Json out{{"status_code", code}, {"status_desc", r.value("statusDesc", Json(""))}, {"messages", Json::array()}};
      if (r.contains("paginationCursor")) out["cursor"] = r["paginationCursor"];
      if (r.contains("eligibility")) out["eligibility"] = r["eligibility"];
      for (const auto& m : r.value("messages", Json::array())) {
        Json e{{"message_hash", m.value("messageHash", Json(""))}};
        if (m.contains("message") && m["message"].is_object()) {
          const Json& msg = m["message"];
          e["content_topic"] = msg.value("contentTopic", Json(""));
          e["timestamp"] = msg.value("timestamp", Json(0));
          e["payload_base64"] = msg.value("payload", Json(""));
          auto text = decodeUtf8Base64(str(msg, "payload"));
          if (text) e["payload_text"] = *text;
        }
        out["messages"].push_back(std::move(e));
      }
      if (code != 200) {
        done(mcp::errorResult(codes::kStoreQueryFailed, "the Store node answered " + std::to_string(code) + " " + str(r, "statusDesc"), out));
        return;
      }
      done(mcp::structuredResult(std::move(out)));
    });
  }

  static std::optional<std::string> decodeUtf8Base64(const std::string& b64) {
    QByteArray raw = QByteArray::fromBase64(QByteArray::fromStdString(b64));
    const std::string s = raw.toStdString();
    QString text = QString::fromUtf8(raw);
    if (text.toUtf8() != raw) return std::nullopt;
    for (char c : s) {
      if (c == '\0') return std::nullopt;
    }
    return s;
  }

  void streamStatus() {
    const Json& a = call_.arguments;
    Json vault = a.contains("vault_id") ? a["vault_id"] : (config_.streamsVaultId ? Json(*config_.streamsVaultId) : Json());
    if (vault.is_null()) {
      done(mcp::errorResult(codes::kNotConfigured, "give vault_id (no streams.vault_id in lezpay-mcp's config)"));
      return;
    }
    std::string owner = str(a, "owner", config_.streamsOwner);
    auto withOwner = [this, vault](const std::string& o) {
      callDaemon("payment_streams_module", "getVaultStatus", Json{{"owner", o}, {"vault_id", vault}}, [this, vault, o](Json v) {
        callDaemon("payment_streams_module", "listMyStreams", Json{{"owner", o}, {"vault_id", vault}}, [this, v, o, vault](Json s) {
          Json out{{"owner", o}, {"vault_id", vault}};
          for (const char* k : {"balance", "total_allocated", "unallocated", "next_stream_id"}) {
            if (v.contains(k)) out["vault"][k] = v[k];
          }
          out["streams"] = s.value("streams", Json::array());
          done(mcp::structuredResult(std::move(out)));
        });
      });
    };
    if (!owner.empty()) {
      withOwner(owner);
      return;
    }
    callDaemon("x402_module", "getAgentConfig", Json::object(), [this, withOwner](Json cfg) {
      const std::string o = str(cfg, "owner_account");
      if (o.empty()) {
        done(mcp::errorResult(codes::kNotConfigured, "give owner (the agent has no owner account configured)"));
        return;
      }
      withOwner(o);
    });
  }

  DaemonClient& daemon_;
  const ServerConfig& config_;
  mcp::ToolCall call_;
  Progress progress_;
  Finish finish_;
  std::shared_ptr<CallHandle> pending_;
  QTimer poll_;
  bool cancelled_ = false;
  bool finished_ = false;
  util::U128 maxAmount_;
  int waitSeconds_ = 0;
  std::string spendRequestId_;
  Json view_ = Json::object();
  qint64 deadlineMs_ = 0;
  int polls_ = 0;
};

void RunningTool::cancel() {
  if (job_) static_cast<Job*>(job_.data())->cancel();
  job_ = nullptr;
}

std::shared_ptr<RunningTool> ToolRunner::start(const mcp::ToolCall& call, Progress progress, Finish finish) {
  auto* job = new Job(daemon_, config_, call, std::move(progress), std::move(finish));
  auto handle = std::make_shared<RunningTool>(job);
  job->run();
  return handle;
}

}  // namespace lezpay::mcpserver
