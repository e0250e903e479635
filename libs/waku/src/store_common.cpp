#include "waku/store_common.h"

namespace waku {

StatusCode statusCodeFromNumber(std::uint32_t number) {
  switch (number) {
    case 200: return StatusCode::SUCCESS;
    case 300: return StatusCode::BAD_RESPONSE;
    case 400: return StatusCode::BAD_REQUEST;
    case 429: return StatusCode::TOO_MANY_REQUESTS;
    case 503: return StatusCode::SERVICE_UNAVAILABLE;
    case 504: return StatusCode::PEER_DIAL_FAILURE;
    default: return StatusCode::UNKNOWN;
  }
}

std::string_view toString(StatusCode code) {
  switch (code) {
    case StatusCode::UNKNOWN: return "UNKNOWN";
    case StatusCode::SUCCESS: return "SUCCESS";
    case StatusCode::BAD_RESPONSE: return "BAD_RESPONSE";
    case StatusCode::BAD_REQUEST: return "BAD_REQUEST";
    case StatusCode::TOO_MANY_REQUESTS: return "TOO_MANY_REQUESTS";
    case StatusCode::SERVICE_UNAVAILABLE: return "SERVICE_UNAVAILABLE";
    case StatusCode::PEER_DIAL_FAILURE: return "PEER_DIAL_FAILURE";
  }
  return "UNKNOWN";
}

EligibilityCode eligibilityCodeFromNumber(std::uint32_t number) {
  switch (number) {
    case 0: return EligibilityCode::OK;
    case 1: return EligibilityCode::PARAMS_REJECTED;
    case 2: return EligibilityCode::PROOF_INVALID;
    case 3: return EligibilityCode::STREAM_NOT_ACTIVE;
    default: return EligibilityCode::UNKNOWN;
  }
}

std::string_view toString(EligibilityCode code) {
  switch (code) {
    case EligibilityCode::OK: return "OK";
    case EligibilityCode::PARAMS_REJECTED: return "PARAMS_REJECTED";
    case EligibilityCode::PROOF_INVALID: return "PROOF_INVALID";
    case EligibilityCode::STREAM_NOT_ACTIVE: return "STREAM_NOT_ACTIVE";
    case EligibilityCode::UNKNOWN: return "UNKNOWN";
  }
  return "UNKNOWN";
}

std::string_view defaultDescription(EligibilityCode code) {
  switch (code) {
    case EligibilityCode::OK: return "ok";
    case EligibilityCode::PARAMS_REJECTED: return "params rejected";
    case EligibilityCode::PROOF_INVALID: return "proof invalid";
    case EligibilityCode::STREAM_NOT_ACTIVE: return "stream not active";
    case EligibilityCode::UNKNOWN: return "unknown";
  }
  return "unknown";
}

}  // namespace waku
