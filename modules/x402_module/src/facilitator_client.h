#pragma once
// How the merchant reaches a facilitator: over HTTP (any x402 facilitator: POST <url>/verify and
// <url>/settle) or, with an empty URL, the in-process Facilitator of this module. Answers arrive
// on the module thread. The HTTP exchanges run on a private thread pool with the blocking
// libs/net client, so the module thread (which may be serving that same facilitator) never
// waits on them; the pool is drained before the client is destroyed. Over HTTP every POST
// carries `Authorization: Bearer <token>` (facilitator_token.h) when a token is set.

#include <QObject>
#include <QThreadPool>

#include <functional>
#include <optional>
#include <string>

#include "lezpay/util/result.h"
#include "x402/types.h"

namespace x402mod {

class Facilitator;

class FacilitatorClient {
 public:
  // `anchor` is a QObject living on the module thread (callbacks are posted to it).
  FacilitatorClient(std::string url, std::function<Facilitator*()> local, QObject* anchor, int timeoutMs, std::string token = {});
  ~FacilitatorClient();

  using VerifyDone = std::function<void(lezpay::util::Result<x402::VerifyResponse>)>;
  using SettleDone = std::function<void(lezpay::util::Result<x402::SettlementResponse>)>;

  void verify(const x402::FacilitatorRequest& request, std::optional<std::string> expectedResourceUrl, VerifyDone done);
  void settle(const x402::FacilitatorRequest& request, std::optional<std::string> expectedResourceUrl, SettleDone done);
  const std::string& url() const { return url_; }

 private:
  void post(const std::string& path, std::string body, std::function<void(lezpay::util::Result<std::string>)> done);

  std::string url_;
  std::function<Facilitator*()> local_;
  QObject* anchor_;
  int timeoutMs_;
  std::string token_;
  QThreadPool pool_;
};

}  // namespace x402mod
