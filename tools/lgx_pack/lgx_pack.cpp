// lgx-pack: builds one module's .lgx (logos-core.md §21) from its build output.
//   lgx-pack --module-dir build/modules/<name> --out build/packages/<name>.lgx
//            [--variant linux-amd64] [--assets DIR --assets-as SUBDIR]
// The manifest comes from the module's metadata.json (name, version, description, author, type,
// category, icon, dependencies); every regular file of the module directory goes into
// variants/<variant>/, with `main` = <name>_plugin.so. --assets adds a directory's files under
// variants/<variant>/<SUBDIR>/ (the console's pages). The output is deterministic.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "lezpay/lgx/manifest.h"
#include "lezpay/lgx/package.h"
#include "lezpay/lgx/variant.h"
#include "lezpay/util/json_parse.h"

namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

int fail(const std::string& message) {
  std::cerr << "lgx-pack: " << message << "\n";
  return 1;
}

bool readAll(const fs::path& p, std::string& out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  std::ostringstream s;
  s << in.rdbuf();
  out = s.str();
  return static_cast<bool>(in) || in.eof();
}

// Adds every regular file below `dir` as `prefix/<relative path>`; links and special files are
// refused because a package may not carry them.
bool addTree(const fs::path& dir, const std::string& prefix, std::map<std::string, std::string>& files, std::string& error) {
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const auto status = it->symlink_status();
    if (fs::is_directory(status)) continue;
    const std::string rel = fs::relative(it->path(), dir).generic_string();
    if (!fs::is_regular_file(status)) {
      error = "'" + it->path().string() + "' is not a regular file (links and special files cannot go into a package)";
      return false;
    }
    std::string bytes;
    if (!readAll(it->path(), bytes)) {
      error = "cannot read '" + it->path().string() + "'";
      return false;
    }
    files[prefix + "/" + rel] = std::move(bytes);
  }
  if (ec) error = "cannot list '" + dir.string() + "': " + ec.message();
  return !ec;
}

std::string field(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

int main(int argc, char** argv) {
  std::string moduleDir, out, assets, assetsAs = "assets";
  std::string variant(lezpay::lgx::hostVariant(lezpay::lgx::buildPlatform(), false));
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : std::string(); };
    if (a == "--module-dir") moduleDir = next();
    else if (a == "--out") out = next();
    else if (a == "--variant") variant = next();
    else if (a == "--assets") assets = next();
    else if (a == "--assets-as") assetsAs = next();
    else return fail("unknown argument '" + a + "' (usage: lgx-pack --module-dir DIR --out FILE [--variant V] [--assets DIR --assets-as SUBDIR])");
  }
  if (moduleDir.empty() || out.empty()) return fail("--module-dir and --out are required");

  std::string metaText;
  if (!readAll(fs::path(moduleDir) / "metadata.json", metaText)) return fail("cannot read " + moduleDir + "/metadata.json");
  auto meta = lezpay::util::parseJson(metaText);
  if (!meta.ok() || !meta->is_object()) return fail(moduleDir + "/metadata.json is not a JSON object");

  lezpay::lgx::Manifest m;
  m.name = field(*meta, "name");
  m.version = field(*meta, "version");
  m.description = field(*meta, "description");
  m.author = field(*meta, "author");
  m.type = field(*meta, "type");
  m.category = field(*meta, "category");
  m.icon = field(*meta, "icon");
  m.view = field(*meta, "view");
  if (auto deps = meta->find("dependencies"); deps != meta->end() && deps->is_array()) {
    for (const auto& d : *deps) {
      if (d.is_string()) m.dependencies.push_back({d.get<std::string>(), {}, {}});
    }
  }
  m.main[variant] = m.name + "_plugin.so";

  std::map<std::string, std::string> files;
  std::string error;
  const std::string variantDir = "variants/" + variant;
  if (!addTree(moduleDir, variantDir, files, error)) return fail(error);
  if (!assets.empty() && !addTree(assets, variantDir + "/" + assetsAs, files, error)) return fail(error);

  auto lgx = lezpay::lgx::buildPackage(m, files);
  if (!lgx.ok()) return fail(lgx.error().code + ": " + lgx.error().message);

  const std::string tmp = out + ".tmp";
  {
    std::ofstream o(tmp, std::ios::binary | std::ios::trunc);
    o.write(lgx->data(), static_cast<std::streamsize>(lgx->size()));
    if (!o) return fail("cannot write " + tmp);
  }
  std::error_code ec;
  fs::rename(tmp, out, ec);
  if (ec) return fail("cannot rename " + tmp + " to " + out + ": " + ec.message());
  std::cout << out << " (" << m.name << " " << m.version << ", " << variant << ", " << files.size() << " files, " << lgx->size() << " bytes)\n";
  return 0;
}
