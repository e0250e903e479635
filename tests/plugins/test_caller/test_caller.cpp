// Test-only plugin 'test_caller' (tests/plugins/common/test_module.h).
#include "../common/test_module.h"

class TestCallerPlugin : public QObject, public logos::testing::TestModule {
  Q_OBJECT
  Q_PLUGIN_METADATA(IID LOGOS_MODULE_IID FILE "metadata.json")
  Q_INTERFACES(logos::LogosModule)
 public:
  TestCallerPlugin() : logos::testing::TestModule("test_caller", false) {}
};

#include "test_caller.moc"
