// Test-only plugin 'test_init_fail' (tests/plugins/common/test_module.h).
#include "../common/test_module.h"

class TestInitFailPlugin : public QObject, public logos::testing::TestModule {
  Q_OBJECT
  Q_PLUGIN_METADATA(IID LOGOS_MODULE_IID FILE "metadata.json")
  Q_INTERFACES(logos::LogosModule)
 public:
  TestInitFailPlugin() : logos::testing::TestModule("test_init_fail", true) {}
};

#include "test_init_fail.moc"
