#pragma once
// Incremental HTTP/1.1 response parser that hands the body out as it arrives, for a proxy that
// must not hold a large answer whole (the x402 gateway's origin side). The head (status line and
// headers) is parsed first; body bytes are then decoded from their framing (Content-Length,
// chunked transfer coding, or the end of the connection: call finishAtEof()) and appended to the
// caller's buffer by feed(). Only the bytes of a partial head or a partial chunk-size line are
// held between calls, so memory stays bounded by maxHeaderBytes whatever the body size.
//
// Errors (State::Error with a sentence): a malformed status line or header section, a head
// larger than maxHeaderBytes, an unsupported transfer coding, a malformed chunk, or a connection
// that ends before the body is complete. Bytes after a complete response are ignored.

#include <cstddef>
#include <string>
#include <string_view>

#include "lezpay/http/http_message.h"

namespace lezpay::http {

class ResponseStreamParser {
 public:
  enum class State { Head, Body, Complete, Error };

  explicit ResponseStreamParser(std::size_t maxHeaderBytes = 64 * 1024) : maxHeader_(maxHeaderBytes) {}

  // A response to HEAD has no body whatever its headers say.
  void expectNoBody() { noBody_ = true; }

  // Parses `bytes`; decoded body bytes are appended to `body`.
  State feed(std::string_view bytes, std::string& body);
  // The peer closed the connection: completes a body delimited by the end of the connection,
  // and is an error anywhere else before Complete.
  State finishAtEof();

  State state() const { return state_; }
  bool headReady() const { return state_ == State::Body || state_ == State::Complete; }
  // The status and headers (body empty); valid once headReady().
  const HttpResponse& head() const { return head_; }
  // The body's declared length when framed by Content-Length.
  bool lengthKnown() const { return framing_ == Framing::Length; }
  std::size_t declaredLength() const { return declared_; }
  const std::string& errorMessage() const { return error_; }

 private:
  enum class Framing { Unknown, Length, Chunked, UntilClose };
  enum class Chunk { Size, Data, DataEnd, Trailers };
  State parseHead();
  State parseBody(std::string_view bytes, std::string& body);
  State fail(std::string message);

  std::size_t maxHeader_;
  bool noBody_ = false;
  std::string pending_;  // an incomplete head or chunk line
  Framing framing_ = Framing::Unknown;
  std::size_t declared_ = 0;
  std::size_t remaining_ = 0;  // of the Content-Length body or the current chunk
  Chunk chunk_ = Chunk::Size;
  State state_ = State::Head;
  HttpResponse head_;
  std::string error_;
};

}  // namespace lezpay::http
