#pragma once
// Incremental HTTP/1.1 response parser for our clients (sequencer JSON-RPC, facilitator,
// merchant). Bodies framed by Content-Length, chunked transfer coding, or the end of the
// connection (call finishAtEof()). Limits guard against a hostile or broken server.

#include <cstddef>
#include <string>
#include <string_view>

#include "lezpay/http/http_message.h"

namespace lezpay::http {

class ResponseParser {
 public:
  enum class State { NeedMore, Complete, Error };

  explicit ResponseParser(std::size_t maxBodyBytes = 64 * 1024 * 1024, std::size_t maxHeaderBytes = 64 * 1024)
      : maxBody_(maxBodyBytes), maxHeader_(maxHeaderBytes) {}

  // `requestWasHead`: a response to HEAD has no body whatever its headers say.
  void expectNoBody() { noBody_ = true; }

  State feed(std::string_view bytes);
  // The peer closed the connection: completes a body delimited by the end of the connection,
  // and is an error when the response is cut short.
  State finishAtEof();

  State state() const { return state_; }
  const HttpResponse& response() const { return response_; }
  const std::string& errorMessage() const { return error_; }

 private:
  enum class Framing { Unknown, Length, Chunked, UntilClose };
  State parse();
  State fail(std::string message);

  std::size_t maxBody_;
  std::size_t maxHeader_;
  bool noBody_ = false;
  std::string buffer_;
  std::size_t pos_ = 0;
  bool headParsed_ = false;
  Framing framing_ = Framing::Unknown;
  std::size_t length_ = 0;
  State state_ = State::NeedMore;
  HttpResponse response_;
  std::string error_;
};

}  // namespace lezpay::http
