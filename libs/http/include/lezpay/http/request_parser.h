#pragma once
// Incremental, strict HTTP/1.1 request parser (RFC 9112) for our loopback servers. Bytes come
// in as they arrive; a complete request is taken out and any pipelined bytes stay buffered.
// Every malformed or oversized input ends in State::Error with the HTTP status to answer
// (400, 413, 431, 501, 505) and a sentence; the connection is then closed by the caller.
// Only Content-Length bodies are accepted: chunked request bodies get 501.

#include <cstddef>
#include <string>
#include <string_view>

#include "lezpay/http/http_message.h"

namespace lezpay::http {

struct ParseLimits {
  std::size_t maxHeaderBytes = 16 * 1024;  // request line + headers
  std::size_t maxHeaders = 100;
  std::size_t maxBodyBytes = 1024 * 1024;
};

class RequestParser {
 public:
  enum class State { NeedMore, Complete, Error };

  explicit RequestParser(ParseLimits limits = {}) : limits_(limits) {}

  // Appends bytes and parses as far as possible.
  State feed(std::string_view bytes);
  State state() const { return state_; }

  // Precondition: state() == Complete. Returns the request and starts on the next one
  // (re-parsing bytes already buffered); check state() afterwards.
  HttpRequest take();

  // True while bytes of a request not yet complete (or of the next pipelined one) are held:
  // the server's request deadline runs while this is true.
  bool hasBufferedBytes() const { return !buffer_.empty(); }

  int errorStatus() const { return errorStatus_; }
  const std::string& errorMessage() const { return errorMessage_; }

 private:
  State parse();
  State fail(int status, std::string message);

  ParseLimits limits_;
  std::string buffer_;
  State state_ = State::NeedMore;
  bool headParsed_ = false;
  std::size_t headLength_ = 0;
  std::size_t bodyLength_ = 0;
  HttpRequest current_;
  int errorStatus_ = 0;
  std::string errorMessage_;
};

}  // namespace lezpay::http
