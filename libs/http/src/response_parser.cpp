#include "lezpay/http/response_parser.h"

#include "parse_common.h"

namespace lezpay::http {

ResponseParser::State ResponseParser::fail(std::string message) {
  state_ = State::Error;
  error_ = std::move(message);
  return state_;
}

ResponseParser::State ResponseParser::feed(std::string_view bytes) {
  if (state_ != State::NeedMore) return state_;
  buffer_.append(bytes);
  return parse();
}

ResponseParser::State ResponseParser::finishAtEof() {
  if (state_ != State::NeedMore) return state_;
  if (headParsed_ && framing_ == Framing::UntilClose) {
    response_.body = buffer_.substr(pos_);
    return state_ = State::Complete;
  }
  return fail("the server closed the connection before the response was complete");
}

ResponseParser::State ResponseParser::parse() {
  if (!headParsed_) {
    std::size_t end = buffer_.find("\r\n\r\n");
    if (end == std::string::npos) {
      if (buffer_.size() > maxHeader_) return fail("response header section is too large");
      return state_ = State::NeedMore;
    }
    // Also when the whole head arrived in one read: the limit must not depend on chunking.
    if (end + 4 > maxHeader_) return fail("response header section is too large");
    std::string_view head(buffer_.data(), end);
    std::size_t eol = head.find("\r\n");
    std::string_view statusLine = head.substr(0, eol);
    // "HTTP/1.1 200 OK"
    if (statusLine.size() < 12 || statusLine.rfind("HTTP/1.", 0) != 0 || statusLine[8] != ' ') return fail("malformed status line");
    int status = 0;
    for (std::size_t i = 9; i < 12; ++i) {
      if (statusLine[i] < '0' || statusLine[i] > '9') return fail("malformed status code");
      status = status * 10 + (statusLine[i] - '0');
    }
    if (statusLine.size() > 12 && statusLine[12] != ' ') return fail("malformed status line");
    // Three digits, but 000-099 are no status (RFC 9110 §15: 100-599; above is read as unknown).
    if (status < 100) return fail("malformed status code");
    response_.status = status;
    if (auto err = detail::parseHeaderLines(eol == std::string_view::npos ? std::string_view() : head.substr(eol + 2), 200,
                                            response_.headers)) {
      return fail(*err);
    }
    headParsed_ = true;
    pos_ = end + 4;
    auto te = response_.header("transfer-encoding");
    std::optional<std::size_t> len;
    if (!detail::contentLength(response_.headers, len, maxBody_)) return fail("invalid Content-Length");
    if (noBody_ || status == 204 || status == 304 || (status >= 100 && status < 200)) {
      framing_ = Framing::Length;
      length_ = 0;
    } else if (te) {
      if (*te != "chunked") return fail("unsupported transfer coding '" + *te + "'");
      framing_ = Framing::Chunked;
    } else if (len) {
      framing_ = Framing::Length;
      length_ = *len;
    } else {
      framing_ = Framing::UntilClose;
    }
    if (framing_ == Framing::Length && length_ > maxBody_) return fail("response body is larger than the limit");
  }
  if (framing_ == Framing::Length) {
    if (buffer_.size() - pos_ < length_) return state_ = State::NeedMore;
    response_.body = buffer_.substr(pos_, length_);
    return state_ = State::Complete;
  }
  if (framing_ == Framing::UntilClose) {
    if (buffer_.size() - pos_ > maxBody_) return fail("response body is larger than the limit");
    return state_ = State::NeedMore;
  }
  // Chunked: size line (hex, optional extensions), data, CRLF; 0-size chunk then trailers.
  for (;;) {
    std::size_t eol = buffer_.find("\r\n", pos_);
    if (eol == std::string::npos) return state_ = State::NeedMore;
    std::string_view sizeLine(buffer_.data() + pos_, eol - pos_);
    sizeLine = sizeLine.substr(0, sizeLine.find(';'));
    if (sizeLine.empty() || sizeLine.size() > 8) return fail("malformed chunk size");
    std::size_t size = 0;
    for (char c : sizeLine) {
      int v = std::isxdigit(static_cast<unsigned char>(c)) ? (std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : (std::tolower(c) - 'a' + 10)) : -1;
      if (v < 0) return fail("malformed chunk size");
      size = size * 16 + static_cast<std::size_t>(v);
    }
    if (size == 0) {
      std::size_t trailerEnd = buffer_.find("\r\n", eol + 2);
      if (trailerEnd == std::string::npos) return state_ = State::NeedMore;
      // Skip trailer fields until the empty line.
      std::size_t p = eol + 2;
      while (buffer_.compare(p, 2, "\r\n") != 0) {
        std::size_t next = buffer_.find("\r\n", p);
        if (next == std::string::npos) return state_ = State::NeedMore;
        p = next + 2;
      }
      return state_ = State::Complete;
    }
    if (response_.body.size() + size > maxBody_) return fail("response body is larger than the limit");
    if (buffer_.size() < eol + 2 + size + 2) return state_ = State::NeedMore;
    if (buffer_.compare(eol + 2 + size, 2, "\r\n") != 0) return fail("chunk not followed by CRLF");
    response_.body.append(buffer_, eol + 2, size);
    pos_ = eol + 2 + size + 2;
  }
}

}  // namespace lezpay::http
