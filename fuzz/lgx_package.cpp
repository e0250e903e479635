// Fuzz target: libs/lgx, the reader of .lgx module packages that install-module runs on a file
// from anywhere: readPackage over the input as a package, readTar over it as a tar stream (and
// again after gzip, so the tar reader sees the bytes through the whole pipeline), parseManifest
// over it as manifest.json.
// Properties: no crash, no allocation beyond the limits; a refusal carries an LGX_* code and a
// sentence; an accepted package rebuilds (buildPackage) to a package that reads back to the same
// manifest and files.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "lezpay/lgx/gzip_codec.h"
#include "lezpay/lgx/manifest.h"
#include "lezpay/lgx/package.h"
#include "lezpay/lgx/tar_codec.h"

namespace {

using namespace lezpay::lgx;

template <typename R>
void checkRefusal(const R& r) {
  if (r.ok()) return;
  FUZZ_CHECK(r.error().code.rfind("LGX_", 0) == 0);
  FUZZ_CHECK(!r.error().message.empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  Limits limits;
  limits.maxUnpackedBytes = 4u << 20;
  limits.maxEntries = 64;

  auto p = readPackage(in, limits);
  checkRefusal(p);
  if (p.ok()) {
    Manifest m = p->manifest;
    auto rebuilt = buildPackage(m, p->files);
    // The builder also needs every parent directory to fit a ustar header; nothing else may differ.
    if (!rebuilt.ok()) {
      FUZZ_CHECK(rebuilt.error().code == "LGX_LIMIT");
      return 0;
    }
    auto again = readPackage(rebuilt.value(), limits);
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(again->files == p->files);
    FUZZ_CHECK(again->manifest == p->manifest);
  }

  auto tar = readTar(in, limits);
  checkRefusal(tar);
  if (tar.ok()) {
    for (const auto& e : tar.value()) FUZZ_CHECK(!e.path.empty() && e.path.front() != '/');
  }
  checkRefusal(readPackage(gzipCompress(in), limits));
  checkRefusal(parseManifest(in, limits.maxManifestBytes));
  return 0;
}
