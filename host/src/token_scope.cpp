#include "logos/host/token_scope.h"

#include <algorithm>

#include "logos/error_codes.h"

namespace logos::host {

using lezpay::util::Error;
using lezpay::util::Result;

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t at = s.find(sep, start);
    out.push_back(s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) return out;
    start = at + 1;
  }
}

bool nameChars(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
  });
}

bool matches(const std::string& pattern, std::string_view operation) {
  if (!pattern.empty() && pattern.back() == '*') {
    const std::string_view prefix(pattern.data(), pattern.size() - 1);
    return operation.substr(0, prefix.size()) == prefix;
  }
  return operation == pattern;
}

// For messages: printable ASCII only, bounded.
std::string quoted(std::string_view s) {
  std::string out = "'";
  for (char c : s.substr(0, 80)) out.push_back(c >= 0x20 && c < 0x7f ? c : '?');
  return out + (s.size() > 80 ? "...'" : "'");
}

}  // namespace

const std::vector<std::string>& coreScopeOperations() {
  static const std::vector<std::string> kOps = {"load_module", "unload_module", "reload_module", "stop", "reload"};
  return kOps;
}

Result<TokenScope> TokenScope::parse(std::string_view text) {
  const std::string code(toString(ErrorCode::InvalidScope));
  auto bad = [&](const std::string& why) { return Error{code, "--scope: " + why}; };
  if (text.size() > kMaxScopeChars) return bad("longer than " + std::to_string(kMaxScopeChars) + " characters");
  const std::string_view whole = trim(text);
  if (whole.empty()) return bad("empty; expected <module>:<operation>[,<operation>...][; ...] or the preset 'agent'");
  if (whole.find(':') == std::string_view::npos) {
    if (whole == kAgentScopePreset) return parse(kAgentScope);
    return bad("unknown preset " + quoted(whole) + " (presets: agent); an entry reads <module>:<operation>[,...]");
  }
  TokenScope scope;
  for (std::string_view raw : split(whole, ';')) {
    const std::string_view entry = trim(raw);
    if (entry.empty()) return bad("an empty entry between ';'");
    const std::size_t colon = entry.find(':');
    if (colon == std::string_view::npos) return bad("entry " + quoted(entry) + " has no ':' (expected <module>:<operation>[,...])");
    const std::string_view target = trim(entry.substr(0, colon));
    if (!nameChars(target)) return bad("entry " + quoted(entry) + ": " + quoted(target) + " is not a module name");
    const bool core = target == kCoreScopeTarget;
    std::vector<std::string> patterns;
    for (std::string_view rawPattern : split(entry.substr(colon + 1), ',')) {
      const std::string_view p = trim(rawPattern);
      const std::string_view stem = !p.empty() && p.back() == '*' ? p.substr(0, p.size() - 1) : p;
      if (p.empty()) return bad("entry " + quoted(entry) + " has an empty operation");
      if (!stem.empty() && !nameChars(stem)) {
        return bad("entry " + quoted(entry) + ": " + quoted(p) + " is not an operation name ('*' only at its end)");
      }
      if (p == "chainAction") {
        return bad("entry " + quoted(entry) + ": name the chainAction operation itself (" + std::string(target) +
                   ":<operation>), which grants both of its call forms");
      }
      if (core && p != "*" &&
          std::find(coreScopeOperations().begin(), coreScopeOperations().end(), p) == coreScopeOperations().end()) {
        return bad("core operation " + quoted(p) + " is unknown (core operations: load_module, unload_module, reload_module, stop, *)");
      }
      if (std::find(patterns.begin(), patterns.end(), p) == patterns.end()) patterns.emplace_back(p);
    }
    auto existing = std::find_if(scope.entries_.begin(), scope.entries_.end(), [&](const Entry& e) { return e.target == target; });
    if (existing == scope.entries_.end()) {
      scope.entries_.push_back(Entry{std::string(target), std::move(patterns)});
    } else {
      for (auto& p : patterns) {
        if (std::find(existing->patterns.begin(), existing->patterns.end(), p) == existing->patterns.end()) existing->patterns.push_back(p);
      }
    }
  }
  // The stored text must parse again within the limit.
  if (scope.text().size() > kMaxScopeChars) return bad("longer than " + std::to_string(kMaxScopeChars) + " characters once written out");
  return scope;
}

std::string TokenScope::text() const {
  std::string out;
  for (const auto& e : entries_) {
    if (!out.empty()) out += "; ";
    out += e.target + ":";
    for (std::size_t i = 0; i < e.patterns.size(); ++i) out += (i ? "," : "") + e.patterns[i];
  }
  return out;
}

const TokenScope::Entry* TokenScope::find(std::string_view target) const {
  auto it = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.target == target; });
  return it == entries_.end() ? nullptr : &*it;
}

bool TokenScope::allowsCall(std::string_view module, std::string_view operation) const {
  if (operation.empty() || module == kCoreScopeTarget) return false;
  const Entry* e = find(module);
  return e != nullptr && std::any_of(e->patterns.begin(), e->patterns.end(), [&](const std::string& p) { return matches(p, operation); });
}

bool TokenScope::coversModule(std::string_view module) const { return module != kCoreScopeTarget && find(module) != nullptr; }

bool TokenScope::allowsCore(std::string_view operation) const {
  const Entry* e = find(kCoreScopeTarget);
  return e != nullptr && std::any_of(e->patterns.begin(), e->patterns.end(), [&](const std::string& p) { return matches(p, operation); });
}

}  // namespace logos::host
