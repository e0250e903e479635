// The CLI's text for a person (host/src/cli_output.cpp): amounts grouped with their unit, Unix
// times as UTC dates, events with their declared parameter names; pure, no daemon.
#include <QtTest>

#include "logos/host/cli_output.h"

using logos::Json;
using logos::host::humanEvent;
using logos::host::humanText;

class TestCliOutput : public QObject {
  Q_OBJECT
 private slots:
  void amountsAreGroupedWithTheirUnit() {
    const std::string t = humanText(Json::parse(R"({"status":"ok","result":{"balance":"1000000000"}})"));
    QCOMPARE(QString::fromStdString(t), QStringLiteral("balance: 1,000,000,000 native\n"));
  }
  void u128BeyondSixtyFourBitsStaysExact() {
    const std::string t = humanText(Json::parse(R"({"status":"ok","result":{"amount":"340282366920938463463374607431768211455"}})"));
    QCOMPARE(QString::fromStdString(t), QStringLiteral("amount: 340,282,366,920,938,463,463,374,607,431,768,211,455 native\n"));
  }
  void timesAreUtcDates() {
    const std::string t = humanText(Json::parse(R"({"status":"ok","result":{"valid_before":1796442918,"depleted_at":"1796442918","timestamp_ms":1796442918123}})"));
    QVERIFY2(t.find("valid_before: 2026-12-05 03:55:18 UTC") != std::string::npos, t.c_str());
    QVERIFY2(t.find("depleted_at: 2026-12-05 03:55:18 UTC") != std::string::npos, t.c_str());
    QVERIFY2(t.find("timestamp_ms: 2026-12-05 03:55:18 UTC") != std::string::npos, t.c_str());
  }
  void smallNumbersUnderTimeNamesStayNumbers() {
    const std::string t = humanText(Json::parse(R"({"status":"ok","result":{"create_stream_deadline":120,"stream_id":3}})"));
    QVERIFY2(t.find("create_stream_deadline: 120\n") != std::string::npos, t.c_str());
    QVERIFY2(t.find("stream_id: 3\n") != std::string::npos, t.c_str());
  }
  void nestedObjectsAreIndentedAndErrorsKeepTheirCode() {
    const std::string t = humanText(Json::parse(R"({"status":"error","code":"METHOD_FAILED","error":{"code":"ACCOUNT_NOT_REGISTERED","message":"m"}})"));
    QVERIFY2(t.find("code: METHOD_FAILED\n") != std::string::npos, t.c_str());
    QVERIFY2(t.find("error:\n  code: ACCOUNT_NOT_REGISTERED\n") != std::string::npos, t.c_str());
  }
  void anEmptyOkAnswerIsOk() { QCOMPARE(QString::fromStdString(humanText(Json::parse(R"({"status":"ok"})"))), QStringLiteral("ok\n")); }
  void eventsUseTheDeclaredNames() {
    const Json e = Json::parse(R"({"timestamp":"2026-12-05T03:55:18Z","module":"payment_streams_module","event":"stream_depleted","data":{"arg0":"7Fh","arg1":"50","arg2":9}})");
    const std::string t = humanEvent(e, Json::parse(R"(["owner","allocation"])"));
    QCOMPARE(QString::fromStdString(t),
             QStringLiteral("2026-12-05T03:55:18Z  payment_streams_module.stream_depleted  owner=7Fh  allocation=50 native  arg2=9"));
  }
};

QTEST_APPLESS_MAIN(TestCliOutput)
#include "tst_cli_output.moc"
