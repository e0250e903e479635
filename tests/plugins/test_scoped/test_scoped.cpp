// Test-only plugin 'test_scoped' (tests/plugins/common/test_module.h).
#include "../common/test_module.h"

class TestScopedPlugin : public QObject, public logos::testing::TestModule {
  Q_OBJECT
  Q_PLUGIN_METADATA(IID LOGOS_MODULE_IID FILE "metadata.json")
  Q_INTERFACES(logos::LogosModule)
 public:
  TestScopedPlugin() : logos::testing::TestModule("test_scoped", false) {}
};

#include "test_scoped.moc"
