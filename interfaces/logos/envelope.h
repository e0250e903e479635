#pragma once
// The result/error envelope every operation answers with (DESIGN.md "The universal module
// interface"): always a JSON object with "status": "ok" | "error"; an error adds a stable
// "code" (string) and a "message" for a person. Payload keys sit beside "status".

#include <string>
#include <string_view>

#include "logos/error_codes.h"
#include "logos/json.h"

namespace logos {

// {"status":"ok", ...payload}. `payload` must be an object (or null for none).
inline Json okEnvelope(Json payload = Json::object()) {
  Json out = payload.is_object() ? std::move(payload) : Json::object();
  out["status"] = "ok";
  return out;
}

// {"status":"error","code":code,"message":message}. `code` is any stable code string: the host's
// ErrorCode strings or a module's own domain codes.
inline Json errorEnvelope(std::string_view code, std::string_view message) {
  return Json{{"status", "error"}, {"code", std::string(code)}, {"message", std::string(message)}};
}

inline Json errorEnvelope(ErrorCode code, std::string_view message) {
  return errorEnvelope(toString(code), message);
}

// Never throws, whatever type "status" has.
inline bool isOk(const Json& envelope) {
  if (!envelope.is_object()) return false;
  auto it = envelope.find("status");
  return it != envelope.end() && *it == "ok";
}

// A bare value answered by an operation (logos-core.md §18: any JSON, including a map with a
// `status` key or `success:false`, which is data). Between module and host it travels as
// {"status":"ok","$value":v}; "$" never starts a payload key, so no object answer is mistaken
// for it. The client's CLI envelope carries v itself as `result`.
inline constexpr const char* kValueKey = "$value";

inline Json valueEnvelope(Json value) {
  Json out = Json::object();
  out["status"] = "ok";
  out[kValueKey] = std::move(value);
  return out;
}

inline bool isValueEnvelope(const Json& e) {
  return isOk(e) && e.size() == 2 && e.contains(kValueKey);
}

// What a client's `result` holds for an ok answer: the bare value, or the envelope object itself
// (status key included) for operations that answer fields.
inline Json resultOf(const Json& e) { return isValueEnvelope(e) ? e[kValueKey] : e; }

// True for a well-formed envelope: an object whose "status" is "ok", or "error" with string
// "code" and "message". The host turns anything else into METHOD_FAILED.
inline bool isWellFormedEnvelope(const Json& e) {
  if (!e.is_object()) return false;
  auto it = e.find("status");
  if (it == e.end() || !it->is_string()) return false;
  if (*it == "ok") return true;
  if (*it != "error") return false;
  auto c = e.find("code");
  auto m = e.find("message");
  return c != e.end() && c->is_string() && m != e.end() && m->is_string();
}

}  // namespace logos
