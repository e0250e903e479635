#include "logos/host/child_frame_codec.h"

#include "lezpay/util/json_parse.h"

namespace logos::host {
namespace {

void putLength(std::string& out, std::size_t n) {
  out.push_back(static_cast<char>((n >> 24) & 0xff));
  out.push_back(static_cast<char>((n >> 16) & 0xff));
  out.push_back(static_cast<char>((n >> 8) & 0xff));
  out.push_back(static_cast<char>(n & 0xff));
}

std::size_t readLength(const char* p) {
  auto b = [p](int i) { return static_cast<std::size_t>(static_cast<unsigned char>(p[i])); };
  return (b(0) << 24) | (b(1) << 16) | (b(2) << 8) | b(3);
}

lezpay::util::Error tooLarge(std::size_t n) {
  return lezpay::util::Error{std::string(kFrameTooLarge), "a module process frame of " + std::to_string(n) +
                                                              " bytes exceeds the limit of " + std::to_string(kMaxChildFrameBytes) + " bytes"};
}

}  // namespace

bool appendChildFrame(std::string& out, const Json& message) {
  const std::size_t start = out.size();
  putLength(out, 0);
  // Replace invalid UTF-8 rather than throw: a module's text must not take the channel down.
  out += message.dump(-1, ' ', false, Json::error_handler_t::replace);
  const std::size_t n = out.size() - start - kChildFrameHeaderBytes;
  if (n > kMaxChildFrameBytes) {
    out.resize(start);
    return false;
  }
  std::string header;
  putLength(header, n);
  out.replace(start, kChildFrameHeaderBytes, header);
  return true;
}

lezpay::util::Result<std::string> encodeChildFrame(const Json& message) {
  std::string out;
  if (!appendChildFrame(out, message)) return tooLarge(message.dump(-1, ' ', false, Json::error_handler_t::replace).size());
  return out;
}

void ChildFrameReader::feed(std::string_view bytes) {
  if (failure_) return;
  // Drop consumed bytes before growing, so the buffer holds at most one partial frame plus input.
  if (offset_ > 0 && offset_ == buffer_.size()) {
    buffer_.clear();
    offset_ = 0;
  } else if (offset_ > (1u << 16) && offset_ * 2 > buffer_.size()) {
    buffer_.erase(0, offset_);
    offset_ = 0;
  }
  buffer_.append(bytes.data(), bytes.size());
}

lezpay::util::Result<std::optional<Json>> ChildFrameReader::next() {
  if (failure_) return *failure_;
  if (buffered() < kChildFrameHeaderBytes) return std::optional<Json>{};
  const std::size_t n = readLength(buffer_.data() + offset_);
  if (n > kMaxChildFrameBytes) {
    failure_ = tooLarge(n);
    return *failure_;
  }
  if (buffered() < kChildFrameHeaderBytes + n) return std::optional<Json>{};
  const char* body = buffer_.data() + offset_ + kChildFrameHeaderBytes;
  // A few levels above the client limit: the frame wraps a client's params or a module's answer.
  auto parsed = lezpay::util::parseJson(std::string_view(body, n),
                                        lezpay::util::JsonLimits{lezpay::util::kJsonDefaultMaxDepth + 8, kMaxChildFrameBytes, false});
  offset_ += kChildFrameHeaderBytes + n;
  if (!parsed.ok() || !parsed.value().is_object()) {
    failure_ = lezpay::util::Error{std::string(kFrameMalformed),
                                   "a module process frame is not a JSON object" + (parsed.ok() ? std::string() : ": " + parsed.error().message)};
    return *failure_;
  }
  Json message = std::move(parsed.value());
  if (offset_ == buffer_.size()) {
    buffer_.clear();
    offset_ = 0;
  }
  return std::optional<Json>{std::move(message)};
}

}  // namespace logos::host
