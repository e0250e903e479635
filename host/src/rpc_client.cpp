#include "logos/host/rpc_client.h"

#include <QElapsedTimer>

#include "lezpay/util/json_parse.h"
#include "logos/error_codes.h"

namespace logos::host {

lezpay::util::Status RpcClient::connect(const std::string& socketPath, int timeoutMs) {
  socket_.connectToServer(QString::fromStdString(socketPath));
  if (!socket_.waitForConnected(timeoutMs)) {
    return lezpay::util::Error{std::string(toString(ErrorCode::NoDaemon)),
                               "no daemon answers on " + socketPath + " (start one with logoscore -D)"};
  }
  return lezpay::util::okStatus();
}

lezpay::util::Result<Json> RpcClient::readLine(int timeoutMs) {
  const std::string code(toString(ErrorCode::RpcFailed));
  QElapsedTimer timer;
  timer.start();
  while (!socket_.canReadLine()) {
    if (socket_.state() != QLocalSocket::ConnectedState) return lezpay::util::Error{code, "the daemon closed the connection"};
    int left = timeoutMs <= 0 ? 1000 : timeoutMs - static_cast<int>(timer.elapsed());
    if (timeoutMs > 0 && left <= 0) return lezpay::util::Error{code, "no answer from the daemon within " + std::to_string(timeoutMs) + " ms"};
    if (!socket_.waitForReadyRead(std::min(left, 1000)) && socket_.state() != QLocalSocket::ConnectedState) {
      if (socket_.canReadLine()) break;
      return lezpay::util::Error{code, "the daemon closed the connection"};
    }
  }
  QByteArray line = socket_.readLine();
  // An answer wraps the request's values in an envelope, so it may be a few levels deeper than
  // any request the daemon accepts.
  lezpay::util::JsonLimits limits;
  limits.maxDepth = 2 * lezpay::util::kJsonDefaultMaxDepth;
  auto parsed = lezpay::util::parseJson(std::string_view(line.constData(), static_cast<std::size_t>(line.size())), limits);
  if (!parsed.ok()) return lezpay::util::Error{code, "the daemon sent a line that is " + parsed.error().message};
  return parsed;
}

lezpay::util::Result<Json> RpcClient::request(const std::string& token, const std::string& method, const Json& params,
                                              int timeoutMs) {
  const std::int64_t id = nextId_++;
  std::string line = Json{{"id", id}, {"token", token}, {"method", method}, {"params", params}}.dump() + "\n";
  socket_.write(line.data(), static_cast<qint64>(line.size()));
  if (!socket_.waitForBytesWritten(5000) && socket_.bytesToWrite() > 0) {
    return lezpay::util::Error{std::string(toString(ErrorCode::RpcFailed)), "cannot write to the daemon socket"};
  }
  for (;;) {
    auto answer = readLine(timeoutMs);
    if (!answer.ok()) return answer;
    Json j = answer.value();
    if (j.is_object() && j.value("id", Json()) == Json(id)) {
      j.erase("id");
      return j;
    }
  }
}

}  // namespace logos::host
