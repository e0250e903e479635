#pragma once
// Stable error codes of the wire layer (protobuf primitives, uvarint frames, multistream-select).
// Every decoder built on lezpay::proto reports failures as lezpay::util::Error whose `code` is
// toString(ErrorCode) (for example "TRUNCATED") and whose `message` names the message and field
// ("StoreQueryRequest.request_id: missing required field"). The strings never change once
// released; callers and tests compare against them.

#include <optional>
#include <string>
#include <string_view>

#include "lezpay/util/result.h"

namespace lezpay::proto {

enum class ErrorCode {
  TRUNCATED,               // input ends inside a tag, varint, fixed value, length-delimited value or frame
  VARINT_OVERFLOW,         // varint longer than 10 bytes or above 2^64-1 (frames: above 9 bytes)
  VARINT_OVERLONG,         // varint not minimally encoded (a trailing 0x00 group, e.g. 80 00)
  BAD_WIRE_TYPE,           // wire type 3/4 (groups) or 6/7
  BAD_FIELD_NUMBER,        // field number 0 or above 2^29-1, or a tag above 32 bits
  FIELD_WRONG_TYPE,        // a known field arrives with another wire type than its schema's
  DUPLICATE_FIELD,         // a singular field appears more than once
  MISSING_REQUIRED_FIELD,  // a field the schema (or nwaku) requires is absent
  WRONG_LENGTH,            // a fixed-width bytes field (hash, key, signature, u64 LE) has another length
  TOO_LARGE,               // input, field, repeated count or frame above its named limit
  INVALID_UTF8,            // a string field is not well-formed UTF-8
  INVALID_VALUE,           // a value outside its domain (bool not 0/1, u32 above 2^32-1, unknown enum, ...)
  ONEOF_CONFLICT,          // more than one arm of a one-of is set
  TRAILING_BYTES,          // bytes after a complete frame or message where exactly one is expected
  MISSING_NEWLINE,         // a multistream-select message does not end with '\n'
};

// The stable string of a code, e.g. "VARINT_OVERFLOW".
std::string_view toString(ErrorCode code);

// Inverse of toString; nullopt for a string that is not one of ours.
std::optional<ErrorCode> errorCodeFromString(std::string_view code);

// Builds the util::Error carrying toString(code).
lezpay::util::Error makeError(ErrorCode code, std::string message);

}  // namespace lezpay::proto
