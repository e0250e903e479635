#include "lezpay/http/response_stream_parser.h"

#include <algorithm>

#include "parse_common.h"

namespace lezpay::http {
namespace {

// A chunk-size line (size, extensions) or one trailer field longer than this is refused.
constexpr std::size_t kMaxChunkLine = 4096;

}  // namespace

ResponseStreamParser::State ResponseStreamParser::fail(std::string message) {
  state_ = State::Error;
  error_ = std::move(message);
  pending_.clear();
  return state_;
}

ResponseStreamParser::State ResponseStreamParser::feed(std::string_view bytes, std::string& body) {
  if (state_ == State::Head) {
    pending_.append(bytes);
    if (parseHead() != State::Body) return state_;
    std::string rest = std::move(pending_);
    pending_.clear();
    return parseBody(rest, body);
  }
  if (state_ != State::Body) return state_;
  return parseBody(bytes, body);
}

ResponseStreamParser::State ResponseStreamParser::finishAtEof() {
  if (state_ == State::Body && framing_ == Framing::UntilClose) return state_ = State::Complete;
  if (state_ == State::Head || state_ == State::Body) return fail("the origin closed the connection before its answer was complete");
  return state_;
}

ResponseStreamParser::State ResponseStreamParser::parseHead() {
  const std::size_t end = pending_.find("\r\n\r\n");
  if (end == std::string::npos) {
    if (pending_.size() > maxHeader_) return fail("the answer's header section is too large");
    return state_;
  }
  if (end + 4 > maxHeader_) return fail("the answer's header section is too large");
  std::string_view head(pending_.data(), end);
  const std::size_t eol = head.find("\r\n");
  std::string_view statusLine = head.substr(0, eol);
  if (statusLine.size() < 12 || statusLine.rfind("HTTP/1.", 0) != 0 || statusLine[8] != ' ') return fail("malformed status line");
  int status = 0;
  for (std::size_t i = 9; i < 12; ++i) {
    if (statusLine[i] < '0' || statusLine[i] > '9') return fail("malformed status code");
    status = status * 10 + (statusLine[i] - '0');
  }
  if (statusLine.size() > 12 && statusLine[12] != ' ') return fail("malformed status line");
  if (status < 100) return fail("malformed status code");
  // An interim answer (100 Continue, 103 Early Hints) precedes the real one: skip it.
  if (status < 200) {
    pending_.erase(0, end + 4);
    return parseHead();
  }
  head_.status = status;
  if (auto err = detail::parseHeaderLines(eol == std::string_view::npos ? std::string_view() : head.substr(eol + 2), 200, head_.headers)) {
    return fail(*err);
  }
  pending_.erase(0, end + 4);
  std::optional<std::size_t> len;
  if (!detail::contentLength(head_.headers, len, 0)) return fail("invalid Content-Length");
  const auto te = head_.header("transfer-encoding");
  if (noBody_ || status == 204 || status == 304) {
    framing_ = Framing::Length;
    declared_ = 0;
  } else if (te) {
    if (*te != "chunked") return fail("unsupported transfer coding '" + *te + "'");
    framing_ = Framing::Chunked;
  } else if (len) {
    framing_ = Framing::Length;
    declared_ = *len;
  } else {
    framing_ = Framing::UntilClose;
  }
  remaining_ = declared_;
  state_ = State::Body;
  if (framing_ == Framing::Length && remaining_ == 0) state_ = State::Complete;
  return state_;
}

ResponseStreamParser::State ResponseStreamParser::parseBody(std::string_view bytes, std::string& body) {
  if (state_ != State::Body) return state_;
  if (framing_ == Framing::UntilClose) {
    body.append(bytes);
    return state_;
  }
  if (framing_ == Framing::Length) {
    const std::size_t n = std::min(remaining_, bytes.size());
    body.append(bytes.substr(0, n));
    remaining_ -= n;
    if (remaining_ == 0) state_ = State::Complete;
    return state_;
  }
  // Chunked: size line (hex, optional extensions) CRLF, data, CRLF; a zero size, trailers, CRLF.
  while (!bytes.empty() && state_ == State::Body) {
    if (chunk_ == Chunk::Data) {
      const std::size_t n = std::min(remaining_, bytes.size());
      body.append(bytes.substr(0, n));
      bytes.remove_prefix(n);
      remaining_ -= n;
      if (remaining_ == 0) chunk_ = Chunk::DataEnd;
      continue;
    }
    // Line-oriented states: gather one line.
    const std::size_t nl = bytes.find('\n');
    if (nl == std::string_view::npos) {
      pending_.append(bytes);
      if (pending_.size() > kMaxChunkLine) return fail("malformed chunk: a line of the chunked body is too long");
      return state_;
    }
    pending_.append(bytes.substr(0, nl + 1));
    bytes.remove_prefix(nl + 1);
    if (pending_.size() > kMaxChunkLine) return fail("malformed chunk: a line of the chunked body is too long");
    if (pending_.size() < 2 || pending_[pending_.size() - 2] != '\r') return fail("malformed chunk: a line does not end in CRLF");
    std::string_view line(pending_.data(), pending_.size() - 2);
    switch (chunk_) {
      case Chunk::DataEnd:
        if (!line.empty()) return fail("chunk not followed by CRLF");
        chunk_ = Chunk::Size;
        break;
      case Chunk::Size: {
        line = line.substr(0, line.find(';'));
        line = detail::trimOws(line);
        if (line.empty() || line.size() > 15) return fail("malformed chunk size");
        std::size_t size = 0;
        for (char c : line) {
          int v = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
          if (v < 0) return fail("malformed chunk size");
          size = size * 16 + static_cast<std::size_t>(v);
        }
        remaining_ = size;
        chunk_ = size == 0 ? Chunk::Trailers : Chunk::Data;
        break;
      }
      case Chunk::Trailers:
        // Trailer fields are dropped (a proxy may not forward what it did not announce); the
        // empty line ends the answer.
        if (line.empty()) state_ = State::Complete;
        break;
      case Chunk::Data:
        break;
    }
    pending_.clear();
  }
  return state_;
}

}  // namespace lezpay::http
