// logos-module-host: runs one module's plugin in a process of its own for logoscore
// (host/include/logos/host/child_module.h). Started by the daemon only:
//   logos-module-host <plugin library> <module name>
// with the daemon's channel on the descriptor named by LOGOS_MODULE_FD. Nothing secret is on the
// command line or in the environment; the channel itself is the credential (an inherited socket).
#include <QCoreApplication>

#include <cstdio>
#include <string>

#include "child_session.h"
#include "logos/host/child_sandbox.h"

int main(int argc, char** argv) {
  const int channel = logos::host::applyInChildAfterExec();
  if (argc != 3 || channel < 0) {
    std::fprintf(stderr, "logos-module-host: started by logoscore only (usage: logos-module-host <library> <module>, channel in %s)\n",
                 logos::host::kChildFdVariable);
    return 2;
  }
  QCoreApplication app(argc, argv);
  logos::host::ChildSession session(channel, logos::host::childHandoffFd(), argv[1], argv[2]);
  if (!session.start()) return 3;
  return QCoreApplication::exec();
}
