// Fuzz target: payment_streams_module reading its state file back at start
// (modules/payment_streams_module/src/module_state.h, ModuleState::load over
// payment_streams_state.json). The module's state code is compiled in as it is (with its SQLite
// replay store), in a private temporary directory; each input is written as the state file.
// Properties: no crash and no exception; a refusal is STATE_CORRUPT naming the file; a state that
// loads, saved and loaded again by a fresh ModuleState, saves to the same bytes.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <QCoreApplication>

#include "fuzz_check.h"
#include "module_state.h"

namespace {

std::string gDir;

std::string readAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void cleanDir() {
  for (const auto& e : std::filesystem::directory_iterator(gDir)) std::filesystem::remove_all(e.path());
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  // Qt loads its SQLite driver plugin only with an application object.
  static QCoreApplication app(*argc, *argv);
  char tmpl[] = "/tmp/lezpay-fuzz-streams-XXXXXX";
  const char* dir = ::mkdtemp(tmpl);
  if (dir == nullptr) std::abort();
  gDir = dir;
  std::atexit([] { std::filesystem::remove_all(gDir); });
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (gDir.empty()) {  // the corpus replay test does not call LLVMFuzzerInitialize
    // QCoreApplication keeps references to argc and argv: they must outlive it.
    static int argc = 1;
    static char name[] = "fuzz_payment_streams_state";
    static char* args[] = {name, nullptr};
    static char** argv = args;
    LLVMFuzzerInitialize(&argc, &argv);
  }
  cleanDir();
  const std::string path = gDir + "/" + payment_streams::kStateFile;
  {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  std::string saved;
  {
    payment_streams::ModuleState state(gDir);
    auto st = state.load();
    if (!st.ok()) {
      FUZZ_CHECK(st.error().code == "STATE_CORRUPT" && st.error().message.find(path) == 0);
      return 0;
    }
    FUZZ_CHECK(state.save().ok());
    saved = readAll(path);
  }
  payment_streams::ModuleState again(gDir);
  FUZZ_CHECK(again.load().ok());
  FUZZ_CHECK(again.save().ok());
  FUZZ_CHECK(readAll(path) == saved);
  return 0;
}
