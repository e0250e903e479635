#include "eligibility/policy_codec.h"

#include <algorithm>

#include "lezpay/proto/fields.h"
#include "lezpay/proto/try.h"
#include "lezpay/proto/writer.h"

namespace eligibility {

using lezpay::proto::ErrorCode;
using lezpay::proto::FieldSet;
using lezpay::proto::makeError;
using lezpay::util::Result;

namespace {

void writeTokenPolicy(lezpay::proto::Writer& w, const TokenStreamPolicy& p) {
  w.bytesField(1, p.token_id);
  w.varintField(2, p.min_rate);
  w.varintField(3, p.min_allocation);
}

}  // namespace

std::vector<std::uint8_t> encodeTokenStreamPolicy(const TokenStreamPolicy& p) {
  lezpay::proto::Writer w;
  writeTokenPolicy(w, p);
  return w.take();
}

Result<TokenStreamPolicy> decodeTokenStreamPolicy(std::span<const std::uint8_t> bytes) {
  LEZPAY_PROTO_TRY(lezpay::proto::checkInputSize(bytes, kMaxInnerMessageBytes, "TokenStreamPolicy"));
  TokenStreamPolicy p;
  FieldSet seen;
  lezpay::proto::Reader r(bytes);
  while (!r.atEnd()) {
    auto next = r.next();
    if (!next) return lezpay::proto::withContext(next.error(), "TokenStreamPolicy");
    const auto& f = *next;
    switch (f.number) {
      case 1: {
        LEZPAY_PROTO_TRY(seen.markSeen(1, "TokenStreamPolicy.token_id"));
        LEZPAY_PROTO_ASSIGN(p.token_id, lezpay::proto::readFixedBytes<32>(f, "TokenStreamPolicy.token_id"));
        break;
      }
      case 2: {
        LEZPAY_PROTO_TRY(seen.markSeen(2, "TokenStreamPolicy.min_rate"));
        LEZPAY_PROTO_ASSIGN(p.min_rate, lezpay::proto::readUint64(f, "TokenStreamPolicy.min_rate"));
        break;
      }
      case 3: {
        LEZPAY_PROTO_TRY(seen.markSeen(3, "TokenStreamPolicy.min_allocation"));
        LEZPAY_PROTO_ASSIGN(p.min_allocation, lezpay::proto::readUint64(f, "TokenStreamPolicy.min_allocation"));
        break;
      }
      default:
        break;
    }
  }
  LEZPAY_PROTO_TRY(seen.require(1, "TokenStreamPolicy.token_id"));
  return p;
}

std::vector<std::uint8_t> encodeStreamProviderPolicy(const StreamProviderPolicy& p) {
  lezpay::proto::Writer w;
  w.varintField(1, p.max_create_stream_deadline_delay);
  w.varintField(2, p.vault_proof_max_response_bytes);
  for (const auto& t : p.accepted_tokens) {
    lezpay::proto::Writer inner;
    writeTokenPolicy(inner, t);
    w.messageField(3, inner);
  }
  return w.take();
}

Result<StreamProviderPolicy> decodeStreamProviderPolicy(std::span<const std::uint8_t> bytes) {
  LEZPAY_PROTO_TRY(lezpay::proto::checkInputSize(bytes, kMaxInnerMessageBytes, "StreamProviderPolicy"));
  StreamProviderPolicy p;
  FieldSet seen;
  lezpay::proto::Reader r(bytes);
  while (!r.atEnd()) {
    auto next = r.next();
    if (!next) return lezpay::proto::withContext(next.error(), "StreamProviderPolicy");
    const auto& f = *next;
    switch (f.number) {
      case 1: {
        LEZPAY_PROTO_TRY(seen.markSeen(1, "StreamProviderPolicy.max_create_stream_deadline_delay"));
        LEZPAY_PROTO_ASSIGN(p.max_create_stream_deadline_delay, lezpay::proto::readUint64(f, "StreamProviderPolicy.max_create_stream_deadline_delay"));
        break;
      }
      case 2: {
        LEZPAY_PROTO_TRY(seen.markSeen(2, "StreamProviderPolicy.vault_proof_max_response_bytes"));
        LEZPAY_PROTO_ASSIGN(p.vault_proof_max_response_bytes, lezpay::proto::readUint64(f, "StreamProviderPolicy.vault_proof_max_response_bytes"));
        break;
      }
      case 3: {
        const std::string name = "StreamProviderPolicy.accepted_tokens[" + std::to_string(p.accepted_tokens.size()) + "]";
        if (p.accepted_tokens.size() >= kMaxAcceptedTokens) {
          return makeError(ErrorCode::TOO_LARGE, "StreamProviderPolicy.accepted_tokens: more than " + std::to_string(kMaxAcceptedTokens));
        }
        LEZPAY_PROTO_ASSIGN(auto raw, lezpay::proto::readBytes(f, name, kMaxInnerMessageBytes));
        auto t = decodeTokenStreamPolicy(raw);
        if (!t) return lezpay::proto::withContext(t.error(), name);
        const bool duplicate = std::any_of(p.accepted_tokens.begin(), p.accepted_tokens.end(),
                                           [&](const TokenStreamPolicy& x) { return x.token_id == t->token_id; });
        if (duplicate) return makeError(ErrorCode::INVALID_VALUE, name + ": token_id listed twice");
        p.accepted_tokens.push_back(*t);
        break;
      }
      default:
        break;
    }
  }
  if (p.accepted_tokens.empty()) {
    return makeError(ErrorCode::MISSING_REQUIRED_FIELD, "StreamProviderPolicy.accepted_tokens: at least one token is required");
  }
  return p;
}

std::vector<std::uint8_t> encodeServiceTermination(const ServiceTermination& t) {
  lezpay::proto::Writer w;
  w.varintField(1, static_cast<std::uint32_t>(t.termination_type));
  w.varintField(2, t.resume_after);
  return w.take();
}

Result<ServiceTermination> decodeServiceTermination(std::span<const std::uint8_t> bytes) {
  LEZPAY_PROTO_TRY(lezpay::proto::checkInputSize(bytes, kMaxInnerMessageBytes, "ServiceTermination"));
  ServiceTermination t;
  FieldSet seen;
  lezpay::proto::Reader r(bytes);
  while (!r.atEnd()) {
    auto next = r.next();
    if (!next) return lezpay::proto::withContext(next.error(), "ServiceTermination");
    const auto& f = *next;
    switch (f.number) {
      case 1: {
        LEZPAY_PROTO_TRY(seen.markSeen(1, "ServiceTermination.termination_type"));
        LEZPAY_PROTO_ASSIGN(auto type, lezpay::proto::readUint64(f, "ServiceTermination.termination_type"));
        if (type == 0) {
          t.termination_type = TerminationType::TEMPORARY;
        } else if (type == 1) {
          t.termination_type = TerminationType::PERMANENT;
        } else {
          return makeError(ErrorCode::INVALID_VALUE, "ServiceTermination.termination_type: unknown value " + std::to_string(type));
        }
        break;
      }
      case 2: {
        LEZPAY_PROTO_TRY(seen.markSeen(2, "ServiceTermination.resume_after"));
        LEZPAY_PROTO_ASSIGN(t.resume_after, lezpay::proto::readUint64(f, "ServiceTermination.resume_after"));
        break;
      }
      default:
        break;
    }
  }
  if (t.termination_type == TerminationType::PERMANENT && t.resume_after != 0) {
    return makeError(ErrorCode::INVALID_VALUE, "ServiceTermination.resume_after: must be 0 for PERMANENT");
  }
  return t;
}

}  // namespace eligibility
