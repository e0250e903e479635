// Test-only plugin 'test_echo' (tests/plugins/common/test_module.h).
#include "../common/test_module.h"

class TestEchoPlugin : public QObject, public logos::testing::TestModule {
  Q_OBJECT
  Q_PLUGIN_METADATA(IID LOGOS_MODULE_IID FILE "metadata.json")
  Q_INTERFACES(logos::LogosModule)
 public:
  TestEchoPlugin() : logos::testing::TestModule("test_echo", false) {}
};

#include "test_echo.moc"
