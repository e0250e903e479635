#pragma once
// manifest.json of a package (logos-core.md §21): decoded field by field, every refusal naming
// the field; encoded with sorted keys so that a package built twice is byte-identical.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "lezpay/util/result.h"

namespace lezpay::lgx {

inline constexpr std::string_view kManifestVersion = "0.3.0";

struct Dependency {
  std::string name;
  std::string version;  // semver range; empty for the plain-string form
  std::string signer;   // empty for the plain-string form
  bool operator==(const Dependency&) const = default;
};

struct Manifest {
  std::string manifestVersion{kManifestVersion};
  std::string name;
  std::string version;
  std::string description;
  std::string author;
  std::string type;  // core | ui | ui_qml | library
  std::string category;
  std::string icon;
  std::string view;                           // ui_qml only
  std::map<std::string, std::string> main;    // variant -> entry file inside variants/<variant>/
  std::vector<Dependency> dependencies;
  std::map<std::string, std::string> hashes;  // content_hashes.h
  bool operator==(const Manifest&) const = default;
};

// A module name by logos-core.md §4: 1-64 bytes of [A-Za-z0-9_-].
bool isModuleName(std::string_view name);
// A variant name: lowercase [a-z0-9-], 1-64 bytes (e.g. linux-amd64, darwin-arm64-dev).
bool isVariantName(std::string_view name);

util::Result<Manifest> parseManifest(std::string_view text, std::size_t maxBytes);
std::string encodeManifest(const Manifest& m);

}  // namespace lezpay::lgx
