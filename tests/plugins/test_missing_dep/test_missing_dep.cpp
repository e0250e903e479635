// Test-only plugin 'test_missing_dep' (tests/plugins/common/test_module.h).
#include "../common/test_module.h"

class TestMissingDepPlugin : public QObject, public logos::testing::TestModule {
  Q_OBJECT
  Q_PLUGIN_METADATA(IID LOGOS_MODULE_IID FILE "metadata.json")
  Q_INTERFACES(logos::LogosModule)
 public:
  TestMissingDepPlugin() : logos::testing::TestModule("test_missing_dep", false) {}
};

#include "test_missing_dep.moc"
