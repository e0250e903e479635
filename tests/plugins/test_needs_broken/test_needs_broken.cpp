// Test-only plugin 'test_needs_broken' (tests/plugins/common/test_module.h).
#include "../common/test_module.h"

class TestNeedsBrokenPlugin : public QObject, public logos::testing::TestModule {
  Q_OBJECT
  Q_PLUGIN_METADATA(IID LOGOS_MODULE_IID FILE "metadata.json")
  Q_INTERFACES(logos::LogosModule)
 public:
  TestNeedsBrokenPlugin() : logos::testing::TestModule("test_needs_broken", false) {}
};

#include "test_needs_broken.moc"
