#include "waku/store_codec.h"

#include <string>

#include "lezpay/proto/fields.h"
#include "lezpay/proto/try.h"
#include "lezpay/util/utf8.h"
#include "lezpay/proto/writer.h"
#include "waku/waku_message_codec.h"

namespace waku {

using lezpay::proto::ErrorCode;
using lezpay::proto::FieldSet;
using lezpay::proto::makeError;
using lezpay::proto::readByteVector;
using lezpay::proto::readFixedBytes;
using lezpay::proto::readString;
using lezpay::util::Result;
using lezpay::util::Status;

// ---- request -------------------------------------------------------------------------------

std::vector<std::uint8_t> encodeStoreQueryRequest(const StoreQueryRequest& q) {
  lezpay::proto::Writer w;
  w.stringField(1, q.request_id);
  w.boolField(2, q.include_data);
  if (q.pubsub_topic) w.stringField(10, *q.pubsub_topic);
  for (const auto& t : q.content_topics) w.stringField(11, t);
  if (q.time_start) w.sint64Field(12, *q.time_start);
  if (q.time_end) w.sint64Field(13, *q.time_end);
  for (const auto& h : q.message_hashes) w.bytesField(20, h);
  if (q.eligibility_proof) w.bytesField(30, *q.eligibility_proof);
  if (q.pagination_cursor) w.bytesField(51, *q.pagination_cursor);
  w.boolField(52, q.pagination_forward);
  if (q.pagination_limit) w.varintField(53, *q.pagination_limit);
  return w.take();
}

Result<StoreQueryRequest> decodeStoreQueryRequest(std::span<const std::uint8_t> bytes) {
  LEZPAY_PROTO_TRY(lezpay::proto::checkInputSize(bytes, kMaxStoreRequestBytes, "StoreQueryRequest"));
  StoreQueryRequest q;
  FieldSet seen;
  lezpay::proto::Reader r(bytes);
  while (!r.atEnd()) {
    auto next = r.next();
    if (!next) return lezpay::proto::withContext(next.error(), "StoreQueryRequest");
    const auto& f = *next;
    switch (f.number) {
      case 1: {
        LEZPAY_PROTO_TRY(seen.markSeen(1, "StoreQueryRequest.request_id"));
        LEZPAY_PROTO_ASSIGN(q.request_id, readString(f, "StoreQueryRequest.request_id", kMaxRequestIdBytes));
        break;
      }
      case 2: {
        LEZPAY_PROTO_TRY(seen.markSeen(2, "StoreQueryRequest.include_data"));
        LEZPAY_PROTO_ASSIGN(q.include_data, lezpay::proto::readBool(f, "StoreQueryRequest.include_data"));
        break;
      }
      case 10: {
        LEZPAY_PROTO_TRY(seen.markSeen(10, "StoreQueryRequest.pubsub_topic"));
        LEZPAY_PROTO_ASSIGN(q.pubsub_topic, readString(f, "StoreQueryRequest.pubsub_topic", kMaxTopicBytes));
        break;
      }
      case 11: {
        if (q.content_topics.size() >= kMaxContentTopics) {
          return makeError(ErrorCode::TOO_LARGE, "StoreQueryRequest.content_topics: more than " + std::to_string(kMaxContentTopics));
        }
        LEZPAY_PROTO_ASSIGN(auto topic, readString(f, "StoreQueryRequest.content_topics", kMaxTopicBytes));
        q.content_topics.push_back(std::move(topic));
        break;
      }
      case 12: {
        LEZPAY_PROTO_TRY(seen.markSeen(12, "StoreQueryRequest.time_start"));
        LEZPAY_PROTO_ASSIGN(q.time_start, lezpay::proto::readSint64(f, "StoreQueryRequest.time_start"));
        break;
      }
      case 13: {
        LEZPAY_PROTO_TRY(seen.markSeen(13, "StoreQueryRequest.time_end"));
        LEZPAY_PROTO_ASSIGN(q.time_end, lezpay::proto::readSint64(f, "StoreQueryRequest.time_end"));
        break;
      }
      case 20: {
        if (q.message_hashes.size() >= kMaxMessageHashes) {
          return makeError(ErrorCode::TOO_LARGE, "StoreQueryRequest.message_hashes: more than " + std::to_string(kMaxMessageHashes));
        }
        LEZPAY_PROTO_ASSIGN(auto hash, readFixedBytes<32>(f, "StoreQueryRequest.message_hashes"));
        q.message_hashes.push_back(hash);
        break;
      }
      case 30: {
        LEZPAY_PROTO_TRY(seen.markSeen(30, "StoreQueryRequest.eligibility_proof"));
        LEZPAY_PROTO_ASSIGN(q.eligibility_proof, readByteVector(f, "StoreQueryRequest.eligibility_proof", kMaxEligibilityProofBytes));
        break;
      }
      case 51: {
        LEZPAY_PROTO_TRY(seen.markSeen(51, "StoreQueryRequest.pagination_cursor"));
        LEZPAY_PROTO_ASSIGN(q.pagination_cursor, readFixedBytes<32>(f, "StoreQueryRequest.pagination_cursor"));
        break;
      }
      case 52: {
        LEZPAY_PROTO_TRY(seen.markSeen(52, "StoreQueryRequest.pagination_forward"));
        LEZPAY_PROTO_ASSIGN(q.pagination_forward, lezpay::proto::readBool(f, "StoreQueryRequest.pagination_forward"));
        break;
      }
      case 53: {
        LEZPAY_PROTO_TRY(seen.markSeen(53, "StoreQueryRequest.pagination_limit"));
        LEZPAY_PROTO_ASSIGN(q.pagination_limit, lezpay::proto::readUint64(f, "StoreQueryRequest.pagination_limit"));
        break;
      }
      default:
        break;  // unknown or reserved (50): skipped
    }
  }
  LEZPAY_PROTO_TRY(seen.require(1, "StoreQueryRequest.request_id"));
  return q;
}

Status checkStoreQueryRequest(const StoreQueryRequest& q) {
  auto checkString = [](const std::string& s, std::size_t max, const char* name) -> Status {
    if (s.size() > max) return makeError(ErrorCode::TOO_LARGE, std::string(name) + ": " + std::to_string(s.size()) + " bytes, limit " + std::to_string(max));
    if (!lezpay::util::isValidUtf8(s)) return makeError(ErrorCode::INVALID_UTF8, std::string(name) + ": not valid UTF-8");
    return lezpay::util::okStatus();
  };
  LEZPAY_PROTO_TRY(checkString(q.request_id, kMaxRequestIdBytes, "StoreQueryRequest.request_id"));
  if (q.pubsub_topic) LEZPAY_PROTO_TRY(checkString(*q.pubsub_topic, kMaxTopicBytes, "StoreQueryRequest.pubsub_topic"));
  if (q.content_topics.size() > kMaxContentTopics) {
    return makeError(ErrorCode::TOO_LARGE, "StoreQueryRequest.content_topics: " + std::to_string(q.content_topics.size()) + " topics, limit " + std::to_string(kMaxContentTopics));
  }
  for (const auto& t : q.content_topics) LEZPAY_PROTO_TRY(checkString(t, kMaxTopicBytes, "StoreQueryRequest.content_topics"));
  if (q.message_hashes.size() > kMaxMessageHashes) {
    return makeError(ErrorCode::TOO_LARGE, "StoreQueryRequest.message_hashes: " + std::to_string(q.message_hashes.size()) + " hashes, limit " + std::to_string(kMaxMessageHashes));
  }
  if (q.eligibility_proof && q.eligibility_proof->size() > kMaxEligibilityProofBytes) {
    return makeError(ErrorCode::TOO_LARGE, "StoreQueryRequest.eligibility_proof: " + std::to_string(q.eligibility_proof->size()) + " bytes, limit " + std::to_string(kMaxEligibilityProofBytes));
  }
  return lezpay::util::okStatus();
}

// ---- response ------------------------------------------------------------------------------

namespace {

void writeKeyValue(lezpay::proto::Writer& w, const WakuMessageKeyValue& kv) {
  lezpay::proto::Writer inner;
  inner.bytesField(1, kv.message_hash);
  if (kv.message) inner.bytesField(2, encodeWakuMessage(*kv.message));
  if (kv.pubsub_topic) inner.stringField(3, *kv.pubsub_topic);
  w.messageField(20, inner);
}

Result<WakuMessageKeyValue> decodeKeyValue(std::span<const std::uint8_t> bytes) {
  WakuMessageKeyValue kv;
  FieldSet seen;
  lezpay::proto::Reader r(bytes);
  while (!r.atEnd()) {
    auto next = r.next();
    if (!next) return lezpay::proto::withContext(next.error(), "WakuMessageKeyValue");
    const auto& f = *next;
    switch (f.number) {
      case 1: {
        LEZPAY_PROTO_TRY(seen.markSeen(1, "WakuMessageKeyValue.message_hash"));
        LEZPAY_PROTO_ASSIGN(kv.message_hash, readFixedBytes<32>(f, "WakuMessageKeyValue.message_hash"));
        break;
      }
      case 2: {
        LEZPAY_PROTO_TRY(seen.markSeen(2, "WakuMessageKeyValue.message"));
        LEZPAY_PROTO_ASSIGN(auto raw, lezpay::proto::readBytes(f, "WakuMessageKeyValue.message", kMaxWakuMessageBytes));
        auto m = decodeWakuMessage(raw);
        if (!m) return lezpay::proto::withContext(m.error(), "WakuMessageKeyValue.message");
        kv.message = std::move(m).value();
        break;
      }
      case 3: {
        LEZPAY_PROTO_TRY(seen.markSeen(3, "WakuMessageKeyValue.pubsub_topic"));
        LEZPAY_PROTO_ASSIGN(kv.pubsub_topic, readString(f, "WakuMessageKeyValue.pubsub_topic", kMaxTopicBytes));
        break;
      }
      default:
        break;
    }
  }
  LEZPAY_PROTO_TRY(seen.require(1, "WakuMessageKeyValue.message_hash"));
  if (kv.message.has_value() != kv.pubsub_topic.has_value()) {
    return makeError(ErrorCode::INVALID_VALUE, "WakuMessageKeyValue: message and pubsub_topic must be both present or both absent");
  }
  return kv;
}

Result<EligibilityStatus> decodeEligibilityStatus(std::span<const std::uint8_t> bytes) {
  EligibilityStatus s;
  FieldSet seen;
  lezpay::proto::Reader r(bytes);
  while (!r.atEnd()) {
    auto next = r.next();
    if (!next) return lezpay::proto::withContext(next.error(), "EligibilityStatus");
    const auto& f = *next;
    switch (f.number) {
      case 1: {
        LEZPAY_PROTO_TRY(seen.markSeen(1, "EligibilityStatus.code"));
        LEZPAY_PROTO_ASSIGN(auto code, lezpay::proto::readUint32(f, "EligibilityStatus.code"));
        s.code = eligibilityCodeFromNumber(code);
        break;
      }
      case 2: {
        LEZPAY_PROTO_TRY(seen.markSeen(2, "EligibilityStatus.desc"));
        LEZPAY_PROTO_ASSIGN(s.desc, readString(f, "EligibilityStatus.desc", kMaxEligibilityDescBytes));
        break;
      }
      default:
        break;
    }
  }
  LEZPAY_PROTO_TRY(seen.require(1, "EligibilityStatus.code"));
  LEZPAY_PROTO_TRY(seen.require(2, "EligibilityStatus.desc"));
  return s;
}

}  // namespace

std::vector<std::uint8_t> encodeStoreQueryResponse(const StoreQueryResponse& resp) {
  lezpay::proto::Writer w;
  w.stringField(1, resp.request_id);
  w.varintField(10, static_cast<std::uint32_t>(resp.status_code));
  w.stringField(11, resp.status_desc);
  for (const auto& kv : resp.messages) writeKeyValue(w, kv);
  if (resp.eligibility_status) {
    lezpay::proto::Writer es;
    es.varintField(1, static_cast<std::uint32_t>(resp.eligibility_status->code));
    es.stringField(2, resp.eligibility_status->desc);
    w.messageField(30, es);
  }
  if (resp.pagination_cursor) w.bytesField(51, *resp.pagination_cursor);
  return w.take();
}

Result<StoreQueryResponse> decodeStoreQueryResponse(std::span<const std::uint8_t> bytes) {
  LEZPAY_PROTO_TRY(lezpay::proto::checkInputSize(bytes, kMaxStoreResponseBytes, "StoreQueryResponse"));
  StoreQueryResponse resp;
  FieldSet seen;
  lezpay::proto::Reader r(bytes);
  while (!r.atEnd()) {
    auto next = r.next();
    if (!next) return lezpay::proto::withContext(next.error(), "StoreQueryResponse");
    const auto& f = *next;
    switch (f.number) {
      case 1: {
        LEZPAY_PROTO_TRY(seen.markSeen(1, "StoreQueryResponse.request_id"));
        LEZPAY_PROTO_ASSIGN(resp.request_id, readString(f, "StoreQueryResponse.request_id", kMaxRequestIdBytes));
        break;
      }
      case 10: {
        LEZPAY_PROTO_TRY(seen.markSeen(10, "StoreQueryResponse.status_code"));
        LEZPAY_PROTO_ASSIGN(auto code, lezpay::proto::readUint32(f, "StoreQueryResponse.status_code"));
        resp.status_code = statusCodeFromNumber(code);
        break;
      }
      case 11: {
        LEZPAY_PROTO_TRY(seen.markSeen(11, "StoreQueryResponse.status_desc"));
        LEZPAY_PROTO_ASSIGN(resp.status_desc, readString(f, "StoreQueryResponse.status_desc", kMaxStatusDescBytes));
        break;
      }
      case 20: {
        if (resp.messages.size() >= kMaxMessagesPerResponse) {
          return makeError(ErrorCode::TOO_LARGE, "StoreQueryResponse.messages: more than " + std::to_string(kMaxMessagesPerResponse));
        }
        if (auto s = lezpay::proto::expectWireType(f, lezpay::proto::WireType::LEN, "StoreQueryResponse.messages"); !s) return s.error();
        auto kv = decodeKeyValue(f.bytes);
        if (!kv) return lezpay::proto::withContext(kv.error(), "StoreQueryResponse.messages[" + std::to_string(resp.messages.size()) + "]");
        resp.messages.push_back(std::move(kv).value());
        break;
      }
      case 30: {
        LEZPAY_PROTO_TRY(seen.markSeen(30, "StoreQueryResponse.eligibility_status"));
        if (auto s = lezpay::proto::expectWireType(f, lezpay::proto::WireType::LEN, "StoreQueryResponse.eligibility_status"); !s) return s.error();
        auto es = decodeEligibilityStatus(f.bytes);
        if (!es) return lezpay::proto::withContext(es.error(), "StoreQueryResponse.eligibility_status");
        resp.eligibility_status = std::move(es).value();
        break;
      }
      case 51: {
        LEZPAY_PROTO_TRY(seen.markSeen(51, "StoreQueryResponse.pagination_cursor"));
        LEZPAY_PROTO_ASSIGN(resp.pagination_cursor, readFixedBytes<32>(f, "StoreQueryResponse.pagination_cursor"));
        break;
      }
      default:
        break;
    }
  }
  LEZPAY_PROTO_TRY(seen.require(1, "StoreQueryResponse.request_id"));
  LEZPAY_PROTO_TRY(seen.require(10, "StoreQueryResponse.status_code"));
  LEZPAY_PROTO_TRY(seen.require(11, "StoreQueryResponse.status_desc"));
  return resp;
}

}  // namespace waku
