#include "lezpay/libp2p/multistream_select.h"

#include <algorithm>
#include <cstdlib>

#include "lezpay/libp2p/error.h"
#include "lezpay/proto/multistream.h"
#include "lezpay/proto/varint.h"

namespace lezpay::libp2p {
namespace {

using lezpay::proto::kMaxMultistreamMessageBytes;
using lezpay::proto::kMultistreamNotAvailable;
using lezpay::proto::kMultistreamProtocolId;

void append(std::vector<std::uint8_t>& out, const std::vector<std::uint8_t>& bytes) {
  out.insert(out.end(), bytes.begin(), bytes.end());
}

// Both roles open with the multistream-select header; anything else ends the negotiation.
lezpay::util::Status checkHeader(const std::string& text) {
  if (text == kMultistreamProtocolId) return lezpay::util::okStatus();
  return makeError(ErrorCode::MSS_PROTOCOL_ERROR, "the peer did not start with /multistream/1.0.0 but '" + text + "'");
}

// The loop both roles share: buffer `bytes`, check the peer's header once, then hand each further
// message to `answer`, which adds what to send to the step and answers true once a protocol is
// selected. The bytes after the selecting message are the step's remainder.
template <typename Answer>
lezpay::util::Result<MultistreamStep> negotiate(MultistreamMessageReader& reader, bool& headerSeen, std::span<const std::uint8_t> bytes,
                                                Answer answer) {
  reader.append(bytes);
  MultistreamStep step;
  for (;;) {
    auto msg = reader.next();
    if (!msg.ok()) return msg.error();
    if (!msg->has_value()) return step;
    const std::string& text = **msg;
    if (!headerSeen) {
      if (auto bad = checkHeader(text); !bad.ok()) return bad.error();
      headerSeen = true;
      continue;
    }
    auto selected = answer(text, step);
    if (!selected.ok()) return selected.error();
    if (*selected) {
      step.remainder = reader.takeRest();
      return step;
    }
  }
}

}  // namespace

std::vector<std::uint8_t> multistreamMessage(std::string_view text) {
  auto encoded = lezpay::proto::encodeMultistreamMessage(text);
  if (!encoded.ok()) std::abort();  // contract: callers pass constant protocol ids
  return std::move(encoded).value();
}

void MultistreamMessageReader::append(std::span<const std::uint8_t> bytes) {
  if (pos_ > 0 && pos_ == buf_.size()) {
    buf_.clear();
    pos_ = 0;
  }
  buf_.insert(buf_.end(), bytes.begin(), bytes.end());
}

lezpay::util::Result<std::optional<std::string>> MultistreamMessageReader::next() {
  const std::span<const std::uint8_t> rest(buf_.data() + pos_, buf_.size() - pos_);
  if (rest.empty()) return std::optional<std::string>{};
  auto len = lezpay::proto::decodeVarint(rest);
  if (!len.ok()) {
    if (len.error().code == "TRUNCATED" && rest.size() < 3) return std::optional<std::string>{};
    return makeError(ErrorCode::MSS_PROTOCOL_ERROR, "a multistream-select length prefix is malformed: " + len.error().message);
  }
  if (len->value > kMaxMultistreamMessageBytes) {
    return makeError(ErrorCode::MSS_PROTOCOL_ERROR, "a multistream-select message of " + std::to_string(len->value) +
                                                        " bytes is above the 1024-byte limit");
  }
  if (rest.size() < len->length + len->value) return std::optional<std::string>{};
  auto text = lezpay::proto::parseMultistreamPayload(rest.subspan(len->length, len->value));
  if (!text.ok()) {
    return makeError(ErrorCode::MSS_PROTOCOL_ERROR, "a multistream-select message is malformed: " + text.error().message);
  }
  pos_ += len->length + len->value;
  return std::optional<std::string>(std::move(text).value());
}

std::vector<std::uint8_t> MultistreamMessageReader::takeRest() {
  std::vector<std::uint8_t> rest(buf_.begin() + static_cast<std::ptrdiff_t>(pos_), buf_.end());
  buf_.clear();
  pos_ = 0;
  return rest;
}

MultistreamDialer::MultistreamDialer(std::vector<std::string> proposals) : proposals_(std::move(proposals)) {
  if (proposals_.empty()) std::abort();
}

std::vector<std::uint8_t> MultistreamDialer::start() {
  auto out = multistreamMessage(kMultistreamProtocolId);
  append(out, multistreamMessage(proposals_[0]));
  return out;
}

lezpay::util::Result<MultistreamStep> MultistreamDialer::feed(std::span<const std::uint8_t> bytes) {
  return negotiate(reader_, headerSeen_, bytes, [this](const std::string& text, MultistreamStep& step) -> lezpay::util::Result<bool> {
    if (text == proposals_[current_]) {
      step.selected = text;
      return true;
    }
    if (text != kMultistreamNotAvailable) {
      return makeError(ErrorCode::MSS_PROTOCOL_ERROR,
                       "the peer answered '" + text + "' to the proposal '" + proposals_[current_] + "'");
    }
    if (++current_ == proposals_.size()) {
      std::string all;
      for (const auto& p : proposals_) all += (all.empty() ? "" : ", ") + p;
      return makeError(ErrorCode::MSS_NOT_AVAILABLE, "the peer serves none of the proposed protocols: " + all);
    }
    append(step.output, multistreamMessage(proposals_[current_]));
    return false;
  });
}

MultistreamListener::MultistreamListener(std::vector<std::string> served) : served_(std::move(served)) {}

std::vector<std::uint8_t> MultistreamListener::start() { return multistreamMessage(kMultistreamProtocolId); }

lezpay::util::Result<MultistreamStep> MultistreamListener::feed(std::span<const std::uint8_t> bytes) {
  return negotiate(reader_, headerSeen_, bytes, [this](const std::string& text, MultistreamStep& step) -> lezpay::util::Result<bool> {
    if (std::find(served_.begin(), served_.end(), text) != served_.end()) {
      append(step.output, multistreamMessage(text));
      step.selected = text;
      return true;
    }
    if (++refused_ > kMaxRefusedProposals) {
      return makeError(ErrorCode::MSS_TOO_MANY_PROPOSALS, "the peer proposed more than 16 protocols we do not serve");
    }
    append(step.output, multistreamMessage(kMultistreamNotAvailable));
    return false;
  });
}

}  // namespace lezpay::libp2p
