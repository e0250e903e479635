// The frames between the daemon and a module's process (host/src/child_frame_codec.cpp) and the
// module description they carry (host/src/module_spec_json.cpp): round trips, frames split at
// every byte, and each refusal with its stable code.
#include <QtTest>

#include <string>

#include "logos/host/child_frame_codec.h"
#include "logos/host/module_spec_json.h"

using namespace logos;
using namespace logos::host;

namespace {

std::string header(std::size_t n) {
  std::string h(4, '\0');
  h[0] = static_cast<char>((n >> 24) & 0xff);
  h[1] = static_cast<char>((n >> 16) & 0xff);
  h[2] = static_cast<char>((n >> 8) & 0xff);
  h[3] = static_cast<char>(n & 0xff);
  return h;
}

}  // namespace

class TstChildFrameCodec : public QObject {
  Q_OBJECT
 private slots:
  void fullMessageRoundTrips() {
    const Json call{{"t", "call"}, {"id", 18446744073709551615ull}, {"op", "pay"},
                    {"params", {{"amount", "340282366920938463463374607431768211455"}, {"memo", "caf\u00e9 \u2603"}, {"list", {1, -2, 3.5, nullptr}}}}};
    auto bytes = encodeChildFrame(call);
    QVERIFY(bytes.ok());
    QCOMPARE(bytes.value().substr(0, 4), header(bytes.value().size() - 4));
    ChildFrameReader reader;
    reader.feed(bytes.value());
    auto back = reader.next();
    QVERIFY(back.ok() && back.value());
    QCOMPARE(*back.value(), call);
    QCOMPARE(reader.buffered(), std::size_t{0});
  }

  void emptyObjectRoundTrips() {
    auto bytes = encodeChildFrame(Json::object());
    QVERIFY(bytes.ok());
    QCOMPARE(bytes.value(), header(2) + "{}");
    ChildFrameReader reader;
    reader.feed(bytes.value());
    auto back = reader.next();
    QVERIFY(back.ok() && back.value() && back.value()->empty());
  }

  void framesSplitAtEveryByteReadBackInOrder() {
    std::string stream;
    QVERIFY(appendChildFrame(stream, Json{{"t", "reply"}, {"id", 1}}));
    QVERIFY(appendChildFrame(stream, Json{{"t", "emit"}, {"event", "e"}, {"args", {1, 2}}}));
    for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
      ChildFrameReader reader;
      reader.feed(std::string_view(stream).substr(0, cut));
      std::vector<Json> got;
      for (auto f = reader.next(); f.ok() && f.value(); f = reader.next()) got.push_back(*f.value());
      reader.feed(std::string_view(stream).substr(cut));
      for (auto f = reader.next(); f.ok() && f.value(); f = reader.next()) got.push_back(*f.value());
      QCOMPARE(got.size(), std::size_t{2});
      QCOMPARE(got[0].value("t", ""), std::string("reply"));
      QCOMPARE(got[1].value("t", ""), std::string("emit"));
    }
  }

  void lengthAboveTheLimitFailsTooLargeAndSticks() {
    ChildFrameReader reader;
    reader.feed(header(kMaxChildFrameBytes + 1) + "{}");
    auto f = reader.next();
    QVERIFY(!f.ok());
    QCOMPARE(f.error().code, std::string(kFrameTooLarge));
    QVERIFY2(f.error().message.find("exceeds the limit") != std::string::npos, f.error().message.c_str());
    reader.feed(header(2) + "{}");
    QVERIFY(!reader.next().ok());
    QVERIFY(reader.failed());
  }

  void bodyThatIsNotAnObjectFailsMalformed() {
    for (const std::string body : {std::string("[1,2]"), std::string("{\"a\":"), std::string("\"x\""), std::string()}) {
      ChildFrameReader reader;
      reader.feed(header(body.size()) + body);
      auto f = reader.next();
      QVERIFY2(!f.ok(), body.c_str());
      QCOMPARE(f.error().code, std::string(kFrameMalformed));
    }
  }

  void deepNestingIsRefusedWithoutRecursing() {
    const std::string body = "{\"a\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
    ChildFrameReader reader;
    reader.feed(header(body.size()) + body);
    auto f = reader.next();
    QVERIFY(!f.ok());
    QCOMPARE(f.error().code, std::string(kFrameMalformed));
  }

  void oversizedMessageIsNotEncoded() {
    Json big{{"t", "reply"}, {"blob", std::string(kMaxChildFrameBytes, 'x')}};
    auto r = encodeChildFrame(big);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, std::string(kFrameTooLarge));
    std::string out = "keep";
    QVERIFY(!appendChildFrame(out, big));
    QCOMPARE(out, std::string("keep"));
  }

  void moduleDescriptionRoundTrips() {
    OperationSpec op;
    op.name = "pay";
    op.doc = "Pays.";
    op.params = {ParamSpec{"to", ParamType::Account, true, nullptr, "recipient"},
                 ParamSpec{"amount", ParamType::Amount, false, Json("0"), "amount"},
                 ParamSpec{"tags", ParamType::StringList, false, nullptr, ""}};
    op.resultExample = Json{{"status", "ok"}, {"tx", "ab"}};
    op.example = Json{{"to", "00"}};
    op.resultShape = Json{{"tx", "hex"}};
    op.takesCaller = true;
    EventSpec ev{"paid", "a payment settled", {"tx", "amount"}};
    ErrorSpec er{"NO_FUNDS", "not enough balance", "top up"};
    auto back = specsFromJson(specsToJson({op}, {ev}, {er}));
    QVERIFY2(back.ok(), back.ok() ? "" : back.error().message.c_str());
    QCOMPARE(specsToJson(back.value().operations, back.value().events, back.value().errors), specsToJson({op}, {ev}, {er}));
    QCOMPARE(back.value().operations[0].params[1].type, ParamType::Amount);
    QVERIFY(back.value().operations[0].takesCaller);
  }

  void moduleDescriptionWithUnknownTypeIsRefused() {
    Json j{{"operations", {{{"name", "x"}, {"parameters", {{{"name", "a"}, {"type", "float128"}}}}}}}};
    auto r = specsFromJson(j);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, std::string(kFrameMalformed));
    QVERIFY2(r.error().message.find("operations[0].parameters[0]") != std::string::npos, r.error().message.c_str());
  }
};

QTEST_APPLESS_MAIN(TstChildFrameCodec)
#include "tst_child_frame_codec.moc"
