// Test-only plugin 'test_bad_meta' (tests/plugins/common/test_module.h).
#include "../common/test_module.h"

class TestBadMetaPlugin : public QObject, public logos::testing::TestModule {
  Q_OBJECT
  Q_PLUGIN_METADATA(IID LOGOS_MODULE_IID FILE "metadata.json")
  Q_INTERFACES(logos::LogosModule)
 public:
  TestBadMetaPlugin() : logos::testing::TestModule("test_bad_meta", false) {}
};

#include "test_bad_meta.moc"
