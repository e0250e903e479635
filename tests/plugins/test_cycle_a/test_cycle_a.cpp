// Test-only plugin 'test_cycle_a' (tests/plugins/common/test_module.h).
#include "../common/test_module.h"

class TestCycleAPlugin : public QObject, public logos::testing::TestModule {
  Q_OBJECT
  Q_PLUGIN_METADATA(IID LOGOS_MODULE_IID FILE "metadata.json")
  Q_INTERFACES(logos::LogosModule)
 public:
  TestCycleAPlugin() : logos::testing::TestModule("test_cycle_a", false) {}
};

#include "test_cycle_a.moc"
