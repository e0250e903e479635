// CLI argument typing (logos-core.md §9) and exit codes (§8).
#include <QtTest>

#include "logos/host/arg_typing.h"
#include "logos/host/cli_output.h"

using logos::Json;

namespace {
lezpay::util::Result<std::string> fakeFiles(const std::string& path) {
  if (path == "obj.json") return std::string(R"({"a":[1,2]})");
  if (path == "bad.json") return std::string("{oops");
  if (path == "raw.txt") return std::string("raw text\n");
  return lezpay::util::Error{"NOT_FOUND", "no file '" + path + "'"};
}
Json typed(const std::string& s) {
  auto r = logos::host::typeArgument(s, fakeFiles);
  if (!r.ok()) return Json{{"error", r.error().message}};
  return r.value();
}
}  // namespace

class TstArgTyping : public QObject {
  Q_OBJECT
 private slots:
  void rules_data() {
    QTest::addColumn<QString>("arg");
    QTest::addColumn<QString>("expected");  // JSON text of the typed value
    QTest::newRow("json object") << R"(json:{"x":1})" << R"({"x":1})";
    QTest::newRow("json null keeps position") << "json:null" << "null";
    QTest::newRow("json string") << R"(json:"12")" << R"("12")";
    QTest::newRow("json file") << "json:@obj.json" << R"({"a":[1,2]})";
    QTest::newRow("str prefix keeps digits") << "str:0123" << R"("0123")";
    QTest::newRow("str prefix empty") << "str:" << R"("")";
    QTest::newRow("raw file") << "@raw.txt" << R"("raw text\n")";
    QTest::newRow("true") << "true" << "true";
    QTest::newRow("false") << "false" << "false";
    QTest::newRow("integer") << "42" << "42";
    QTest::newRow("negative") << "-7" << "-7";
    QTest::newRow("int64 max") << "9223372036854775807" << "9223372036854775807";
    QTest::newRow("int64 min") << "-9223372036854775808" << "-9223372036854775808";
    QTest::newRow("uint64 max") << "18446744073709551615" << "18446744073709551615";
    QTest::newRow("beyond u64 stays text") << "18446744073709551616" << R"("18446744073709551616")";
    QTest::newRow("below i64 stays text") << "-9223372036854775809" << R"("-9223372036854775809")";
    QTest::newRow("decimal") << "1.5" << "1.5";
    QTest::newRow("exponent") << "1e-06" << "1e-06";
    QTest::newRow("hex-looking text") << "abc123" << R"("abc123")";
    QTest::newRow("plain text") << "hello world" << R"("hello world")";
    QTest::newRow("bytes convention") << R"(json:{"_bytes":"AQID"})" << R"({"_bytes":"AQID"})";
    QTest::newRow("True is text") << "True" << R"("True")";
  }
  void rules() {
    QFETCH(QString, arg);
    QFETCH(QString, expected);
    Json got = typed(arg.toStdString());
    QCOMPARE(QString::fromStdString(got.dump()), QString::fromStdString(Json::parse(expected.toStdString()).dump()));
  }
  void longNumbersDoNotExhaustTheStack() {
    const std::string digits(200000, '7');
    QVERIFY(typed(digits).is_string());  // beyond 64 bits: the exact text
    QVERIFY(typed(digits + ".5").is_number_float() || typed(digits + ".5").is_string());
    QVERIFY(typed("-" + digits + "x").is_string());
  }
  void integersAreExactNotDouble() {
    QVERIFY(typed("18446744073709551615").is_number_unsigned());
    QVERIFY(typed("42").is_number_integer());
    QVERIFY(typed("1e-06").is_number_float());
  }
  void errors_data() {
    QTest::addColumn<QString>("arg");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("bad inline json") << "json:{oops" << "not valid JSON";
    QTest::newRow("number beyond a double") << "json:1e400" << "beyond the range of a double";
    QTest::newRow("negative number beyond a double") << R"(json:{"a":-1e400})" << "beyond the range of a double";
    QTest::newRow("json nested too deep") << QString::fromStdString("json:" + std::string(60000, '[')) << "nested deeper than 64";
    QTest::newRow("bad json file") << "json:@bad.json" << "bad.json";
    QTest::newRow("missing json file") << "json:@nope.json" << "nope.json";
    QTest::newRow("missing raw file") << "@nope.txt" << "nope.txt";
  }
  void errors() {
    QFETCH(QString, arg);
    QFETCH(QString, mentions);
    auto r = logos::host::typeArgument(arg.toStdString(), fakeFiles);
    QVERIFY(!r.ok());
    QCOMPARE(QString::fromStdString(r.error().code), QStringLiteral("INVALID_ARGS"));
    QVERIFY2(QString::fromStdString(r.error().message).contains(mentions), r.error().message.c_str());
  }
  void exitCodes_data() {
    QTest::addColumn<QString>("code");
    QTest::addColumn<int>("exit");
    QTest::newRow("no daemon") << "NO_DAEMON" << 2;
    QTest::newRow("module not found") << "MODULE_NOT_FOUND" << 3;
    QTest::newRow("module not loaded") << "MODULE_NOT_LOADED" << 3;
    QTest::newRow("load failed") << "MODULE_LOAD_FAILED" << 3;
    QTest::newRow("method not found") << "METHOD_NOT_FOUND" << 4;
    QTest::newRow("method failed") << "METHOD_FAILED" << 4;
    QTest::newRow("invalid args") << "INVALID_ARGS" << 4;
    QTest::newRow("timeout") << "TIMEOUT" << 4;
    QTest::newRow("access denied") << "ACCESS_DENIED" << 4;
    QTest::newRow("call cycle") << "CALL_CYCLE" << 4;
    QTest::newRow("unauthorized") << "UNAUTHORIZED" << 1;
    QTest::newRow("rpc failed") << "RPC_FAILED" << 1;
  }
  void exitCodes() {
    QFETCH(QString, code);
    QFETCH(int, exit);
    Json e{{"status", "error"}, {"code", code.toStdString()}, {"message", "m"}};
    QCOMPARE(static_cast<int>(logos::host::exitCodeFor(e)), exit);
  }
  void okIsZero() { QCOMPARE(static_cast<int>(logos::host::exitCodeFor(Json{{"status", "ok"}})), 0); }
};

QTEST_APPLESS_MAIN(TstArgTyping)
#include "tst_arg_typing.moc"
