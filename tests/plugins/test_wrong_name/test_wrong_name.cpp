// Test-only plugin 'test_wrong_name' (tests/plugins/common/test_module.h).
#include "../common/test_module.h"

class TestWrongNamePlugin : public QObject, public logos::testing::TestModule {
  Q_OBJECT
  Q_PLUGIN_METADATA(IID LOGOS_MODULE_IID FILE "metadata.json")
  Q_INTERFACES(logos::LogosModule)
 public:
  TestWrongNamePlugin() : logos::testing::TestModule("not_the_metadata_name", false) {}
};

#include "test_wrong_name.moc"
