// The provider sessions of payment_streams_module as its state file keeps them (module_state.h):
// the requester peer id a session is bound to survives a save and a load; an unpinned session is
// written as null; a version-1 file (written before the binding) is read with every session
// unpinned and saved back as version 2.
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <sstream>

#include "eligibility_fixture.h"
#include "lezpay/util/json_parse.h"
#include "module_state.h"

using namespace payment_streams;
namespace se = lez::stream_eligibility;

namespace {

const std::string kPeer = "16Uiu2HAmLhLvBoYaoZfaMUKuibM6ac163GwKY74c5kiSLg5KvLpY";

Json readState(const std::string& dir) {
  std::ifstream in(dir + "/" + kStateFile);
  std::stringstream text;
  text << in.rdbuf();
  return lezpay::util::parseJson(text.str()).value();
}

void writeState(const std::string& dir, const Json& j) {
  std::ofstream out(dir + "/" + kStateFile, std::ios::trunc);
  out << j.dump(1);
}

se::ProviderSession sessionOfKey(std::uint8_t n, std::optional<std::string> peer) {
  se::ProviderSession s = fixture::session();
  s.sessionKey = fixture::key(n).publicKey().bytes();
  s.requesterPeerId = std::move(peer);
  return s;
}

}  // namespace

class TstProviderSessionState : public QObject {
  Q_OBJECT

 private slots:
  void bindingSurvivesSaveAndLoad() {
    QTemporaryDir dir;
    const std::string d = dir.path().toStdString();
    {
      ModuleState st(d);
      QVERIFY(st.load().ok());
      st.sessions.insert(sessionOfKey(1, kPeer), fixture::kNow);
      st.sessions.insert(sessionOfKey(2, std::string()), fixture::kNow);
      st.sessions.insert(sessionOfKey(3, std::nullopt), fixture::kNow);
      QVERIFY(st.save().ok());
    }
    const Json j = readState(d);
    QCOMPARE(j["schema_version"].get<int>(), 2);
    ModuleState back(d);
    auto loaded = back.load();
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().message.c_str());
    QCOMPARE(back.sessions.find(fixture::key(1).publicKey().bytes())->requesterPeerId.value(), kPeer);
    QCOMPARE(back.sessions.find(fixture::key(2).publicKey().bytes())->requesterPeerId.value(), std::string());
    QVERIFY(!back.sessions.find(fixture::key(3).publicKey().bytes())->requesterPeerId.has_value());
  }

  void versionOneSessionsAreReadUnpinnedAndSavedAsVersionTwo() {
    QTemporaryDir dir;
    const std::string d = dir.path().toStdString();
    {
      ModuleState st(d);
      QVERIFY(st.load().ok());
      st.sessions.insert(sessionOfKey(1, kPeer), fixture::kNow);
      QVERIFY(st.save().ok());
    }
    Json j = readState(d);
    j["schema_version"] = 1;
    for (auto& [key, s] : j["provider_acceptances"].items()) s["requester_peer_id"] = "";  // what version 1 wrote
    writeState(d, j);
    ModuleState migrated(d);
    auto loaded = migrated.load();
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().message.c_str());
    auto* s = migrated.sessions.find(fixture::key(1).publicKey().bytes());
    QVERIFY(s != nullptr);
    QVERIFY(!s->requesterPeerId.has_value());  // the first valid proof pins it
    QVERIFY(migrated.save().ok());
    const Json saved = readState(d);
    QCOMPARE(saved["schema_version"].get<int>(), 2);
    QVERIFY(saved["provider_acceptances"].begin()->at("requester_peer_id").is_null());
  }

  void otherVersionsAreRefused() {
    QTemporaryDir dir;
    const std::string d = dir.path().toStdString();
    {
      ModuleState st(d);
      QVERIFY(st.load().ok());
      QVERIFY(st.save().ok());
    }
    Json j = readState(d);
    j["schema_version"] = 3;
    writeState(d, j);
    ModuleState refused(d);
    auto loaded = refused.load();
    QVERIFY(!loaded.ok());
    QCOMPARE(loaded.error().code, std::string("STATE_CORRUPT"));
    QVERIFY(loaded.error().message.find("schema_version") != std::string::npos);
  }
};

QTEST_GUILESS_MAIN(TstProviderSessionState)
#include "tst_provider_session_state.moc"
