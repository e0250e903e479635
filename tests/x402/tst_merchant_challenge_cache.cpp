// The merchant's kept unpaid 402 answers: used only for the URL and the terms they were built
// from, so a change of terms is never answered with the old challenge.
#include <QtTest>

#include "merchant_challenge_cache.h"

using namespace x402mod;

namespace {

MerchantResource weather() {
  MerchantResource r;
  r.path = "/weather";
  r.body = "{\"sunny\":true}";
  r.description = "today's weather";
  r.requirements = {"exact", "logos:lez-localnet", "3", "native", "payee", 60, x402::Json::object()};
  return r;
}

lezpay::http::HttpResponse answer(const std::string& mark) { return {402, {{"payment-required", mark}}, "{}"}; }

}  // namespace

class TstMerchantChallengeCache : public QObject {
  Q_OBJECT
 private slots:
  void keptAnswerIsFoundForTheSameUrlAndTerms() {
    ChallengeCache cache;
    const auto res = weather();
    QVERIFY(cache.find(res, "http://127.0.0.1:1/weather") == nullptr);
    cache.keep(res, "http://127.0.0.1:1/weather", answer("a"));
    const auto* kept = cache.find(res, "http://127.0.0.1:1/weather");
    QVERIFY(kept != nullptr);
    QCOMPARE(QString::fromStdString(*kept->header("payment-required")), QStringLiteral("a"));
    // The body is not part of the challenge.
    auto other = res;
    other.body = "{\"sunny\":false}";
    QVERIFY(cache.find(other, "http://127.0.0.1:1/weather") != nullptr);
  }
  void anyChangeOfTermsOrUrlMissesTheKeptAnswer() {
    ChallengeCache cache;
    const auto res = weather();
    const std::string url = "http://127.0.0.1:1/weather";
    cache.keep(res, url, answer("a"));
    QVERIFY(cache.find(res, "http://127.0.0.1:2/weather") == nullptr);
    std::vector<MerchantResource> changed(8, res);
    changed[0].requirements.amount = "4";
    changed[1].requirements.payTo = "other";
    changed[2].requirements.network = "logos:lez-testnet";
    changed[3].requirements.maxTimeoutSeconds = 61;
    changed[4].requirements.extra = x402::Json{{"k", 1}};
    changed[5].description = "tomorrow's weather";
    changed[6].mimeType = "text/plain";
    changed[7].paymentIdentifier = "required";
    for (const auto& c : changed) QVERIFY(cache.find(c, url) == nullptr);
    // New terms replace the old answer for that path.
    cache.keep(changed[0], url, answer("b"));
    QVERIFY(cache.find(res, url) == nullptr);
    QCOMPARE(QString::fromStdString(*cache.find(changed[0], url)->header("payment-required")), QStringLiteral("b"));
  }
};

QTEST_GUILESS_MAIN(TstMerchantChallengeCache)
#include "tst_merchant_challenge_cache.moc"
