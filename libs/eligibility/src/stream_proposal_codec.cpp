#include "eligibility/stream_proposal_codec.h"

#include "lezpay/proto/fields.h"
#include "lezpay/proto/try.h"
#include "lezpay/util/utf8.h"
#include "lezpay/proto/writer.h"

namespace eligibility {

using lezpay::proto::ErrorCode;
using lezpay::proto::FieldSet;
using lezpay::proto::makeError;
using lezpay::proto::readFixedBytes;
using lezpay::util::Result;
using lezpay::util::Status;

namespace {

void appendU64Le(std::vector<std::uint8_t>& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

// An embedded message field: LEN wire type, bounded by the inner limit.
Result<std::span<const std::uint8_t>> nested(const lezpay::proto::Field& f, std::string_view name) {
  return lezpay::proto::readBytes(f, name, kMaxInnerMessageBytes);
}

}  // namespace

Status checkServiceId(std::string_view s) {
  if (s.size() > kMaxServiceIdBytes) {
    return makeError(ErrorCode::TOO_LARGE, "StreamParams.service_id: " + std::to_string(s.size()) + " bytes, limit " + std::to_string(kMaxServiceIdBytes));
  }
  if (!lezpay::util::isValidUtf8(s)) return makeError(ErrorCode::INVALID_UTF8, "StreamParams.service_id: not valid UTF-8");
  if (s.find('\0') != std::string_view::npos) return makeError(ErrorCode::INVALID_VALUE, "StreamParams.service_id: contains a NUL byte");
  return lezpay::util::okStatus();
}

// ---- VaultProof ----------------------------------------------------------------------------

std::vector<std::uint8_t> encodeVaultProof(const VaultProof& p) {
  lezpay::proto::Writer w;
  std::vector<std::uint8_t> id;
  appendU64Le(id, p.vault_id);
  w.bytesField(1, id);
  w.bytesField(2, p.provider_id);
  w.bytesField(3, p.owner_public_key);
  w.bytesField(4, p.owner_signature);
  w.bytesField(5, p.token_id);
  return w.take();
}

Result<VaultProof> decodeVaultProof(std::span<const std::uint8_t> bytes) {
  LEZPAY_PROTO_TRY(lezpay::proto::checkInputSize(bytes, kMaxInnerMessageBytes, "VaultProof"));
  VaultProof p;
  FieldSet seen;
  lezpay::proto::Reader r(bytes);
  while (!r.atEnd()) {
    auto next = r.next();
    if (!next) return lezpay::proto::withContext(next.error(), "VaultProof");
    const auto& f = *next;
    switch (f.number) {
      case 1: {
        LEZPAY_PROTO_TRY(seen.markSeen(1, "VaultProof.vault_id"));
        LEZPAY_PROTO_ASSIGN(p.vault_id, lezpay::proto::readU64LittleEndianBytes(f, "VaultProof.vault_id"));
        break;
      }
      case 2: {
        LEZPAY_PROTO_TRY(seen.markSeen(2, "VaultProof.provider_id"));
        LEZPAY_PROTO_ASSIGN(p.provider_id, readFixedBytes<32>(f, "VaultProof.provider_id"));
        break;
      }
      case 3: {
        LEZPAY_PROTO_TRY(seen.markSeen(3, "VaultProof.owner_public_key"));
        LEZPAY_PROTO_ASSIGN(p.owner_public_key, readFixedBytes<32>(f, "VaultProof.owner_public_key"));
        break;
      }
      case 4: {
        LEZPAY_PROTO_TRY(seen.markSeen(4, "VaultProof.owner_signature"));
        LEZPAY_PROTO_ASSIGN(p.owner_signature, readFixedBytes<64>(f, "VaultProof.owner_signature"));
        break;
      }
      case 5: {
        LEZPAY_PROTO_TRY(seen.markSeen(5, "VaultProof.token_id"));
        LEZPAY_PROTO_ASSIGN(p.token_id, readFixedBytes<32>(f, "VaultProof.token_id"));
        break;
      }
      default:
        break;
    }
  }
  LEZPAY_PROTO_TRY(seen.require(1, "VaultProof.vault_id"));
  LEZPAY_PROTO_TRY(seen.require(2, "VaultProof.provider_id"));
  LEZPAY_PROTO_TRY(seen.require(3, "VaultProof.owner_public_key"));
  LEZPAY_PROTO_TRY(seen.require(4, "VaultProof.owner_signature"));
  LEZPAY_PROTO_TRY(seen.require(5, "VaultProof.token_id"));
  return p;
}

// ---- StreamParams --------------------------------------------------------------------------

std::vector<std::uint8_t> encodeStreamParams(const StreamParams& p) {
  lezpay::proto::Writer w;
  w.stringField(1, p.service_id);
  w.varintField(2, p.stream_rate);
  w.varintField(3, p.allocation);
  w.varintField(4, p.create_stream_deadline);
  return w.take();
}

Result<StreamParams> decodeStreamParams(std::span<const std::uint8_t> bytes) {
  LEZPAY_PROTO_TRY(lezpay::proto::checkInputSize(bytes, kMaxInnerMessageBytes, "StreamParams"));
  StreamParams p;
  FieldSet seen;
  lezpay::proto::Reader r(bytes);
  while (!r.atEnd()) {
    auto next = r.next();
    if (!next) return lezpay::proto::withContext(next.error(), "StreamParams");
    const auto& f = *next;
    switch (f.number) {
      case 1: {
        LEZPAY_PROTO_TRY(seen.markSeen(1, "StreamParams.service_id"));
        LEZPAY_PROTO_ASSIGN(p.service_id, lezpay::proto::readString(f, "StreamParams.service_id", kMaxServiceIdBytes));
        LEZPAY_PROTO_TRY(checkServiceId(p.service_id));
        break;
      }
      case 2: {
        LEZPAY_PROTO_TRY(seen.markSeen(2, "StreamParams.stream_rate"));
        LEZPAY_PROTO_ASSIGN(p.stream_rate, lezpay::proto::readUint64(f, "StreamParams.stream_rate"));
        break;
      }
      case 3: {
        LEZPAY_PROTO_TRY(seen.markSeen(3, "StreamParams.allocation"));
        LEZPAY_PROTO_ASSIGN(p.allocation, lezpay::proto::readUint64(f, "StreamParams.allocation"));
        break;
      }
      case 4: {
        LEZPAY_PROTO_TRY(seen.markSeen(4, "StreamParams.create_stream_deadline"));
        LEZPAY_PROTO_ASSIGN(p.create_stream_deadline, lezpay::proto::readUint64(f, "StreamParams.create_stream_deadline"));
        break;
      }
      default:
        break;
    }
  }
  LEZPAY_PROTO_TRY(seen.require(1, "StreamParams.service_id"));
  LEZPAY_PROTO_TRY(seen.require(2, "StreamParams.stream_rate"));
  LEZPAY_PROTO_TRY(seen.require(3, "StreamParams.allocation"));
  LEZPAY_PROTO_TRY(seen.require(4, "StreamParams.create_stream_deadline"));
  return p;
}

// ---- StreamProposal ------------------------------------------------------------------------

std::vector<std::uint8_t> encodeStreamProposal(const StreamProposal& p) {
  lezpay::proto::Writer w;
  w.bytesField(1, encodeVaultProof(p.vault_proof));
  w.bytesField(2, encodeStreamParams(p.stream_params));
  w.bytesField(3, p.public_key);
  if (p.existing_stream_id) {
    std::vector<std::uint8_t> id;
    appendU64Le(id, *p.existing_stream_id);
    w.bytesField(kExistingStreamIdField, id);
  }
  return w.take();
}

Result<StreamProposal> decodeStreamProposal(std::span<const std::uint8_t> bytes) {
  LEZPAY_PROTO_TRY(lezpay::proto::checkInputSize(bytes, kMaxInnerMessageBytes, "StreamProposal"));
  StreamProposal p;
  FieldSet seen;
  lezpay::proto::Reader r(bytes);
  while (!r.atEnd()) {
    auto next = r.next();
    if (!next) return lezpay::proto::withContext(next.error(), "StreamProposal");
    const auto& f = *next;
    switch (f.number) {
      case 1: {
        LEZPAY_PROTO_TRY(seen.markSeen(1, "StreamProposal.vault_proof"));
        LEZPAY_PROTO_ASSIGN(auto raw, nested(f, "StreamProposal.vault_proof"));
        auto v = decodeVaultProof(raw);
        if (!v) return lezpay::proto::withContext(v.error(), "StreamProposal.vault_proof");
        p.vault_proof = *v;
        break;
      }
      case 2: {
        LEZPAY_PROTO_TRY(seen.markSeen(2, "StreamProposal.stream_params"));
        LEZPAY_PROTO_ASSIGN(auto raw, nested(f, "StreamProposal.stream_params"));
        auto v = decodeStreamParams(raw);
        if (!v) return lezpay::proto::withContext(v.error(), "StreamProposal.stream_params");
        p.stream_params = std::move(v).value();
        break;
      }
      case 3: {
        LEZPAY_PROTO_TRY(seen.markSeen(3, "StreamProposal.public_key"));
        LEZPAY_PROTO_ASSIGN(p.public_key, readFixedBytes<32>(f, "StreamProposal.public_key"));
        break;
      }
      case kExistingStreamIdField: {
        LEZPAY_PROTO_TRY(seen.markSeen(kExistingStreamIdField, "StreamProposal.existing_stream_id"));
        LEZPAY_PROTO_ASSIGN(auto id, lezpay::proto::readU64LittleEndianBytes(f, "StreamProposal.existing_stream_id"));
        p.existing_stream_id = id;
        break;
      }
      default:
        break;
    }
  }
  LEZPAY_PROTO_TRY(seen.require(1, "StreamProposal.vault_proof"));
  LEZPAY_PROTO_TRY(seen.require(2, "StreamProposal.stream_params"));
  LEZPAY_PROTO_TRY(seen.require(3, "StreamProposal.public_key"));
  return p;
}

}  // namespace eligibility
