#include "lezpay/http/request_parser.h"

#include "parse_common.h"

namespace lezpay::http {

RequestParser::State RequestParser::fail(int status, std::string message) {
  state_ = State::Error;
  errorStatus_ = status;
  errorMessage_ = std::move(message);
  return state_;
}

RequestParser::State RequestParser::feed(std::string_view bytes) {
  if (state_ == State::Error) return state_;
  buffer_.append(bytes);
  if (state_ == State::Complete) return state_;
  return parse();
}

RequestParser::State RequestParser::parse() {
  if (!headParsed_) {
    // Tolerate empty lines before a request line (RFC 9112 §2.2).
    while (buffer_.rfind("\r\n", 0) == 0) buffer_.erase(0, 2);
    std::size_t end = buffer_.find("\r\n\r\n");
    if (end == std::string::npos) {
      if (buffer_.size() > limits_.maxHeaderBytes) return fail(431, "request header section is larger than " + std::to_string(limits_.maxHeaderBytes) + " bytes");
      return state_ = State::NeedMore;
    }
    if (end + 4 > limits_.maxHeaderBytes) return fail(431, "request header section is larger than " + std::to_string(limits_.maxHeaderBytes) + " bytes");
    std::string_view head(buffer_.data(), end);
    std::size_t eol = head.find("\r\n");
    std::string_view requestLine = head.substr(0, eol);
    std::string_view headerBlock = eol == std::string_view::npos ? std::string_view() : head.substr(eol + 2);

    std::size_t sp1 = requestLine.find(' ');
    std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : requestLine.find(' ', sp1 + 1);
    if (sp1 == std::string_view::npos || sp2 == std::string_view::npos || requestLine.find(' ', sp2 + 1) != std::string_view::npos) {
      return fail(400, "malformed request line");
    }
    HttpRequest req;
    req.method = std::string(requestLine.substr(0, sp1));
    req.target = std::string(requestLine.substr(sp1 + 1, sp2 - sp1 - 1));
    std::string_view version = requestLine.substr(sp2 + 1);
    if (req.method.empty()) return fail(400, "empty method");
    for (char c : req.method) {
      if (!detail::isTokenChar(c)) return fail(400, "invalid character in method");
    }
    if (req.target.empty() || req.target[0] != '/') return fail(400, "request target must be an absolute path");
    for (char c : req.target) {
      if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return fail(400, "invalid character in request target");
    }
    if (version == "HTTP/1.1") {
      req.versionMinor = 1;
    } else if (version == "HTTP/1.0") {
      req.versionMinor = 0;
    } else if (version.rfind("HTTP/", 0) == 0) {
      return fail(505, "only HTTP/1.0 and HTTP/1.1 are supported");
    } else {
      return fail(400, "malformed HTTP version");
    }
    std::size_t q = req.target.find('?');
    req.path = req.target.substr(0, q);
    req.query = q == std::string::npos ? std::string() : req.target.substr(q + 1);
    if (auto err = detail::parseHeaderLines(headerBlock, limits_.maxHeaders, req.headers)) {
      return fail(*err == "too many header fields" ? 431 : 400, *err);
    }
    if (req.header("transfer-encoding")) return fail(501, "chunked or encoded request bodies are not supported; send Content-Length");
    std::optional<std::size_t> length;
    if (!detail::contentLength(req.headers, length, limits_.maxBodyBytes)) return fail(400, "invalid Content-Length");
    bodyLength_ = length.value_or(0);
    if (bodyLength_ > limits_.maxBodyBytes) {
      return fail(413, "request body of " + std::to_string(bodyLength_) + " bytes is larger than the limit of " +
                           std::to_string(limits_.maxBodyBytes));
    }
    current_ = std::move(req);
    headParsed_ = true;
    headLength_ = end + 4;
  }
  if (buffer_.size() < headLength_ + bodyLength_) return state_ = State::NeedMore;
  current_.body = buffer_.substr(headLength_, bodyLength_);
  return state_ = State::Complete;
}

HttpRequest RequestParser::take() {
  HttpRequest out = std::move(current_);
  buffer_.erase(0, headLength_ + bodyLength_);
  current_ = HttpRequest();
  headParsed_ = false;
  headLength_ = 0;
  bodyLength_ = 0;
  state_ = State::NeedMore;
  if (!buffer_.empty()) parse();
  return out;
}

}  // namespace lezpay::http
