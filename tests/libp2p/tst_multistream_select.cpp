// multistream-select 1.0 negotiation, both roles, including the pipelined form (spec libp2p.md §2).
#include <QtTest>

#include "libp2p_test_bytes.h"
#include "lezpay/libp2p/multistream_select.h"

using namespace lezpay::libp2p;

namespace {
constexpr const char* kHeader = "132f6d756c746973747265616d2f312e302e300a";
constexpr const char* kNoise = "072f6e6f6973650a";
constexpr const char* kYamux = "0d2f79616d75782f312e302e300a";
constexpr const char* kNa = "036e610a";

// Runs dialer and listener against each other, delivering `chunk` bytes at a time.
struct Pair {
  MultistreamDialer dialer;
  MultistreamListener listener;
  std::optional<std::string> dialerSelected, listenerSelected;
  std::vector<std::uint8_t> dialerRemainder, listenerRemainder;
  lezpay::util::Error error;
  bool failed = false;

  bool run(std::vector<std::uint8_t> toListener, std::size_t chunk) {
    std::vector<std::uint8_t> toDialer = listener.start();
    for (int rounds = 0; rounds < 100 && !(dialerSelected && listenerSelected); ++rounds) {
      auto deliver = [&](std::vector<std::uint8_t>& q, auto& machine, std::optional<std::string>& sel,
                         std::vector<std::uint8_t>& rem, std::vector<std::uint8_t>& reply) {
        while (!q.empty() && !sel) {
          const std::size_t n = std::min(chunk, q.size());
          std::vector<std::uint8_t> part(q.begin(), q.begin() + static_cast<long>(n));
          q.erase(q.begin(), q.begin() + static_cast<long>(n));
          auto step = machine.feed(part);
          if (!step.ok()) {
            error = step.error();
            failed = true;
            return;
          }
          reply.insert(reply.end(), step->output.begin(), step->output.end());
          if (step->selected) {
            sel = step->selected;
            rem = step->remainder;
            rem.insert(rem.end(), q.begin(), q.end());
            q.clear();
          }
        }
      };
      deliver(toListener, listener, listenerSelected, listenerRemainder, toDialer);
      if (failed) return false;
      deliver(toDialer, dialer, dialerSelected, dialerRemainder, toListener);
      if (failed) return false;
    }
    return dialerSelected && listenerSelected;
  }
};
}  // namespace

class TstMultistreamSelect : public QObject {
  Q_OBJECT
 private slots:
  void dialerSendsHeaderAndProposalInOneWrite() {
    MultistreamDialer d({"/noise"});
    QCOMPARE(hexOf(d.start()), QByteArray(kHeader) + kNoise);
    MultistreamListener l({"/yamux/1.0.0"});
    QCOMPARE(hexOf(l.start()), QByteArray(kHeader));
  }

  void negotiatesAcrossEveryChunkSize() {
    for (std::size_t chunk : {std::size_t{1}, std::size_t{2}, std::size_t{7}, std::size_t{1000}}) {
      Pair p{MultistreamDialer({"/yamux/1.0.0"}), MultistreamListener({"/mplex/6.7.0", "/yamux/1.0.0"}), {}, {}, {}, {}, {}, false};
      QVERIFY2(p.run(p.dialer.start(), chunk), p.error.message.c_str());
      QCOMPARE(QString::fromStdString(*p.dialerSelected), QString("/yamux/1.0.0"));
      QCOMPARE(QString::fromStdString(*p.listenerSelected), QString("/yamux/1.0.0"));
      QVERIFY(p.dialerRemainder.empty() && p.listenerRemainder.empty());
    }
  }

  void listenerEchoesAcceptedAndRefusesOthersWithNa() {
    MultistreamListener l({"/yamux/1.0.0"});
    auto step = l.feed(concat(hexBytes(kHeader), hexBytes(kNoise)));
    QVERIFY(step.ok());
    QCOMPARE(hexOf(step->output), QByteArray(kNa));
    QVERIFY(!step->selected);
    step = l.feed(hexBytes(kYamux));
    QVERIFY(step.ok());
    QCOMPARE(hexOf(step->output), QByteArray(kYamux));
    QCOMPARE(QString::fromStdString(*step->selected), QString("/yamux/1.0.0"));
  }

  void dialerMovesToTheNextProposalAfterNa() {
    MultistreamDialer d({"/mplex/6.7.0", "/yamux/1.0.0"});
    (void)d.start();
    auto step = d.feed(concat(hexBytes(kHeader), hexBytes(kNa)));
    QVERIFY(step.ok());
    QCOMPARE(hexOf(step->output), QByteArray(kYamux));  // no second header
    step = d.feed(hexBytes(kYamux));
    QVERIFY(step.ok() && step->selected && *step->selected == "/yamux/1.0.0");
  }

  void dialerFailsWhenEveryProposalIsRefused() {
    MultistreamDialer d({"/noise"});
    (void)d.start();
    auto step = d.feed(concat(hexBytes(kHeader), hexBytes(kNa)));
    QCOMPARE(codeOf(step), QString("MSS_NOT_AVAILABLE"));
    QVERIFY(QString::fromStdString(step.error().message).contains("/noise"));
  }

  void pipelinedDataAfterTheProposalIsTheRemainder() {
    // js lazy form: header ‖ proposal ‖ protocol data in one write.
    MultistreamListener l({"/ipfs/ping/1.0.0"});
    auto in = concat(hexBytes(kHeader), multistreamMessage("/ipfs/ping/1.0.0"));
    const std::vector<std::uint8_t> data(32, 0xab);
    in = concat(in, data);
    auto step = l.feed(in);
    QVERIFY(step.ok() && step->selected);
    QVERIFY(step->remainder == data);
    // The dialer's side: the echo and the first answer bytes in one read.
    MultistreamDialer d({"/ipfs/ping/1.0.0"});
    (void)d.start();
    auto back = d.feed(concat(concat(hexBytes(kHeader), multistreamMessage("/ipfs/ping/1.0.0")), data));
    QVERIFY(back.ok() && back->selected);
    QVERIFY(back->remainder == data);
  }

  void rejectsProtocolViolations_data() {
    QTest::addColumn<QByteArray>("hex");
    QTest::newRow("wrong header") << QByteArray(kNoise);
    QTest::newRow("missing newline") << QByteArray("022f6e");
    QTest::newRow("empty message") << QByteArray("010a");
    QTest::newRow("above 1024 bytes") << QByteArray("818008");
    QTest::newRow("overlong prefix") << QByteArray("8000");
    QTest::newRow("inner newline") << QByteArray("030a0a0a");
  }
  void rejectsProtocolViolations() {
    QFETCH(QByteArray, hex);
    MultistreamListener l({"/noise"});
    QCOMPARE(codeOf(l.feed(hexBytes(hex.constData()))), QString("MSS_PROTOCOL_ERROR"));
    MultistreamDialer d({"/noise"});
    QCOMPARE(codeOf(d.feed(hexBytes(hex.constData()))), QString("MSS_PROTOCOL_ERROR"));
  }

  void dialerRejectsAnAnswerThatIsNeitherEchoNorNa() {
    MultistreamDialer d({"/noise"});
    QCOMPARE(codeOf(d.feed(concat(hexBytes(kHeader), hexBytes(kYamux)))), QString("MSS_PROTOCOL_ERROR"));
  }

  void listenerStopsAfterSixteenRefusals() {
    MultistreamListener l({"/yamux/1.0.0"});
    auto in = hexBytes(kHeader);
    for (int i = 0; i < 17; ++i) in = concat(in, multistreamMessage("/x/" + std::to_string(i)));
    QCOMPARE(codeOf(l.feed(in)), QString("MSS_TOO_MANY_PROPOSALS"));
  }

  void partialMessagesWaitForMoreBytes() {
    MultistreamListener l({"/noise"});
    const auto header = hexBytes(kHeader);
    auto step = l.feed(std::vector<std::uint8_t>(header.begin(), header.begin() + 1));
    QVERIFY(step.ok() && step->output.empty() && !step->selected);
    step = l.feed(std::vector<std::uint8_t>(header.begin() + 1, header.end()));
    QVERIFY(step.ok() && step->output.empty() && !step->selected);
    step = l.feed(hexBytes("81"));  // first byte of a two-byte length prefix
    QVERIFY(step.ok() && !step->selected);
    QCOMPARE(codeOf(l.feed(hexBytes("08"))), QString("MSS_PROTOCOL_ERROR"));  // 1025 bytes
  }
};

QTEST_GUILESS_MAIN(TstMultistreamSelect)
#include "tst_multistream_select.moc"
