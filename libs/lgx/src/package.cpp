#include "lezpay/lgx/package.h"

#include <set>

#include "lezpay/lgx/content_hashes.h"
#include "lezpay/lgx/gzip_codec.h"
#include "lezpay/lgx/lgx_error.h"
#include "lezpay/lgx/package_path.h"
#include "lezpay/lgx/tar_codec.h"

namespace lezpay::lgx {
namespace {

constexpr std::string_view kManifestFile = "manifest.json";
constexpr std::string_view kSignatureFile = "manifest.sig";

std::string firstSegment(const std::string& path) { return path.substr(0, path.find('/')); }

// Root layout: manifest.json and manifest.sig as files; variants/, docs/, licenses/ as
// directories; nothing else, and no file directly under variants/.
util::Status checkLayout(const std::string& path, bool directory) {
  const std::string root = firstSegment(path);
  if (root == kManifestFile || root == kSignatureFile) {
    if (directory || path != root) return lgxError(LgxError::Layout, "'" + root + "' must be a file at the package root");
    return util::okStatus();
  }
  if (root != "variants" && root != "docs" && root != "licenses") {
    return lgxError(LgxError::Layout, "root entry '" + root.substr(0, 80) +
                                          "' is not allowed (a package root holds manifest.json, manifest.sig, variants/, docs/, licenses/)");
  }
  if (path == root && !directory) return lgxError(LgxError::Layout, "'" + root + "' must be a directory");
  if (root == "variants" && !directory && path.find('/', 9) == std::string::npos) {
    return lgxError(LgxError::Layout, "file '" + path + "' sits directly under variants/ (only variant directories may)");
  }
  return util::okStatus();
}

util::Status checkHashes(const Manifest& m, const std::map<std::string, std::string>& files) {
  const auto actual = computeContentHashes(files);
  // Files first: a changed file also changes every directory above it, and the file is the news.
  for (const bool filesPass : {true, false}) {
    for (const auto& [path, digest] : actual) {
      if ((files.count(path) != 0) != filesPass) continue;
      auto it = m.hashes.find(path);
      if (it == m.hashes.end()) return lgxError(LgxError::Hash, "'" + path + "' is in the package but not in the manifest's hashes");
      if (it->second != digest) {
        return lgxError(LgxError::Hash, "the content of '" + path + "' does not match its hash in the manifest (the package is corrupt or was altered)");
      }
    }
  }
  for (const auto& [path, _] : m.hashes) {
    if (actual.count(path) == 0) return lgxError(LgxError::Hash, "the manifest's hashes list '" + path.substr(0, 80) + "', which the package lacks");
  }
  return util::okStatus();
}

util::Status checkVariants(const Manifest& m, const std::map<std::string, std::string>& files, const std::set<std::string>& dirs) {
  std::set<std::string> variantDirs;
  auto note = [&](const std::string& path) {
    if (path.rfind("variants/", 0) != 0) return;
    const std::string rest = path.substr(9);
    variantDirs.insert(rest.substr(0, rest.find('/')));
  };
  for (const auto& [path, _] : files) note(path);
  for (const auto& d : dirs) note(d);
  for (const auto& v : variantDirs) {
    if (m.main.count(v) == 0) return lgxError(LgxError::Variant, "variant directory 'variants/" + v + "' has no entry in the manifest's main");
  }
  for (const auto& [v, entry] : m.main) {
    if (files.count("variants/" + v + "/" + entry) == 0) {
      return lgxError(LgxError::Variant, "the main file of variant '" + v + "' (variants/" + v + "/" + entry + ") is not in the package");
    }
  }
  return util::okStatus();
}

}  // namespace

util::Result<Package> readPackage(std::string_view lgx, const Limits& limits) {
  if (lgx.size() > limits.maxPackageBytes) {
    return lgxError(LgxError::Limit, "the package is larger than " + std::to_string(limits.maxPackageBytes) + " bytes");
  }
  auto tar = gzipDecompress(lgx, limits.maxUnpackedBytes);
  if (!tar.ok()) return tar.error();
  auto entries = readTar(tar.value(), limits);
  if (!entries.ok()) return entries.error();

  Package p;
  std::set<std::string> dirs;
  bool haveManifest = false;
  for (auto& e : entries.value()) {
    if (auto ok = checkLayout(e.path, e.directory); !ok) return ok.error();
    if (e.directory) {
      dirs.insert(e.path);
    } else if (e.path == kManifestFile) {
      p.manifestText = std::move(e.data);
      haveManifest = true;
    } else if (e.path == kSignatureFile) {
      p.hasSignature = true;
    } else {
      p.files[e.path] = std::move(e.data);
    }
  }
  // A path cannot be both a file and a directory (another entry below it).
  for (const auto& [path, _] : p.files) {
    auto below = p.files.lower_bound(path + "/");
    if (dirs.count(path) != 0 || (below != p.files.end() && below->first.rfind(path + "/", 0) == 0)) {
      return lgxError(LgxError::Layout, "'" + path + "' is both a file and a directory");
    }
  }
  for (const auto& d : dirs) {
    for (std::string parent = d; parent.find('/') != std::string::npos;) {
      parent = parent.substr(0, parent.rfind('/'));
      if (p.files.count(parent) != 0) return lgxError(LgxError::Layout, "'" + parent + "' is both a file and a directory");
    }
  }
  if (!haveManifest) return lgxError(LgxError::Manifest, "the package has no manifest.json at its root");
  auto manifest = parseManifest(p.manifestText, limits.maxManifestBytes);
  if (!manifest.ok()) return manifest.error();
  p.manifest = std::move(manifest.value());
  if (auto ok = checkHashes(p.manifest, p.files); !ok) return ok.error();
  if (auto ok = checkVariants(p.manifest, p.files, dirs); !ok) return ok.error();
  return p;
}

util::Result<std::string> buildPackage(Manifest manifest, const std::map<std::string, std::string>& files) {
  std::vector<TarEntry> entries;
  std::set<std::string> dirs;
  Limits limits;
  for (const auto& [path, bytes] : files) {
    if (auto ok = checkPackagePath(path, limits.maxPathBytes); !ok) return ok.error();
    if (path == kManifestFile || path == kSignatureFile) return lgxError(LgxError::Layout, "'" + path + "' is written by the packer, not given as a payload file");
    if (auto ok = checkLayout(path, false); !ok) return ok.error();
    for (std::string parent = path; parent.find('/') != std::string::npos;) {
      parent = parent.substr(0, parent.rfind('/'));
      dirs.insert(parent);
    }
    entries.push_back({path, false, bytes});
  }
  for (const auto& d : dirs) entries.push_back({d, true, {}});
  manifest.hashes = computeContentHashes(files);
  entries.push_back({std::string(kManifestFile), false, encodeManifest(manifest)});
  for (const auto& e : entries) {
    // ustar splits a long path at a '/' into prefix (<=155) and name (<=100).
    const std::string name = e.directory ? e.path + "/" : e.path;
    bool fits = name.size() <= 100;
    for (std::size_t cut = name.find('/'); !fits && cut != std::string::npos && cut <= 155; cut = name.find('/', cut + 1)) {
      fits = name.size() - cut - 1 <= 100 && cut + 1 < name.size();
    }
    if (!fits) return lgxError(LgxError::Limit, "path '" + e.path.substr(0, 80) + "' does not fit a ustar header");
  }
  std::string lgx = gzipCompress(writeTar(std::move(entries)));
  auto check = readPackage(lgx, limits);
  if (!check.ok()) return check.error();
  return lgx;
}

std::map<std::string, std::string> variantFiles(const Package& p, const std::string& variant) {
  std::map<std::string, std::string> out;
  const std::string prefix = "variants/" + variant + "/";
  for (const auto& [path, bytes] : p.files) {
    if (path.rfind(prefix, 0) == 0) out[path.substr(prefix.size())] = bytes;
  }
  return out;
}

}  // namespace lezpay::lgx
