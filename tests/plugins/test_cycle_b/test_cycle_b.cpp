// Test-only plugin 'test_cycle_b' (tests/plugins/common/test_module.h).
#include "../common/test_module.h"

class TestCycleBPlugin : public QObject, public logos::testing::TestModule {
  Q_OBJECT
  Q_PLUGIN_METADATA(IID LOGOS_MODULE_IID FILE "metadata.json")
  Q_INTERFACES(logos::LogosModule)
 public:
  TestCycleBPlugin() : logos::testing::TestModule("test_cycle_b", false) {}
};

#include "test_cycle_b.moc"
