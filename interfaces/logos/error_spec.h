#pragma once
// A module's error table: every code its operations can answer, declared once with what it means
// and what the caller should do (STYLE.md "Errors"). `module-info` lists it under "errors", the
// SDK's dispatcher checks handlers' answers against it, and docs/errors.md is generated from it.
// The codes are the wire spellings: once released they never change.

#include <string>

#include "logos/json.h"

namespace logos {

struct ErrorSpec {
  std::string code;     // the stable wire string
  std::string meaning;  // one sentence: what went wrong
  std::string action;   // one sentence: what the caller can do about it
};

inline Json toJson(const ErrorSpec& e) {
  return Json{{"code", e.code}, {"meaning", e.meaning}, {"action", e.action}};
}

}  // namespace logos
