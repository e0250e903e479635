// Test-only plugin 'test_leaf' (tests/plugins/common/test_module.h).
#include "../common/test_module.h"

class TestLeafPlugin : public QObject, public logos::testing::TestModule {
  Q_OBJECT
  Q_PLUGIN_METADATA(IID LOGOS_MODULE_IID FILE "metadata.json")
  Q_INTERFACES(logos::LogosModule)
 public:
  TestLeafPlugin() : logos::testing::TestModule("test_leaf", false) {}
};

#include "test_leaf.moc"
