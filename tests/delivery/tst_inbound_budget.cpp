// The node-wide budget of inbound partial-request bytes (delivery/inbound_budget.h): leases grow
// within the limit and are refused beyond it without changing anything, a refused stream leaves the
// others' bytes alone, bytes come back on release and on destruction, a lease outliving the node's
// handle on the budget still gives back, and sizes near 2^64 do not wrap.
#include <QtTest>

#include "delivery/inbound_budget.h"

using delivery::InboundBudget;

class TstInboundBudget : public QObject {
  Q_OBJECT
 private slots:
  void leasesGrowWithinTheLimitOnly() {
    auto budget = std::make_shared<InboundBudget>(1000);
    InboundBudget::Lease a(budget), b(budget);
    QVERIFY(a.grow(600));
    QVERIFY(b.grow(400));
    QCOMPARE(budget->used(), std::uint64_t{1000});
    QVERIFY(!b.grow(1));  // one byte over: refused, nothing changes
    QCOMPARE(b.held(), std::uint64_t{400});
    QCOMPARE(budget->used(), std::uint64_t{1000});
    b.release();  // the refused stream goes; the other keeps its bytes
    QCOMPARE(a.held(), std::uint64_t{600});
    QCOMPARE(budget->used(), std::uint64_t{600});
    QVERIFY(a.grow(400));
    QCOMPARE(budget->peak(), std::uint64_t{1000});
  }
  void bytesComeBackWhenALeaseEnds() {
    auto budget = std::make_shared<InboundBudget>(100);
    {
      InboundBudget::Lease a(budget);
      QVERIFY(a.grow(70));
      QVERIFY(a.grow(30));
      QCOMPARE(budget->used(), std::uint64_t{100});
    }
    QCOMPARE(budget->used(), std::uint64_t{0});
    InboundBudget::Lease late(budget);
    QVERIFY(late.grow(50));
    std::weak_ptr<InboundBudget> watch = budget;
    budget.reset();  // the listener is gone first: the lease still owns the budget
    QVERIFY(!watch.expired());
    QCOMPARE(watch.lock()->used(), std::uint64_t{50});
    late.release();
    QCOMPARE(watch.lock()->used(), std::uint64_t{0});
  }
  void refusalsAreCountedAndHugeSizesDoNotWrap() {
    InboundBudget budget(1000);
    QVERIFY(budget.tryTake(10));
    QVERIFY(!budget.tryTake(UINT64_MAX));
    QVERIFY(!budget.tryTake(UINT64_MAX - 5));
    QCOMPARE(budget.used(), std::uint64_t{10});
    budget.countRefused();
    QCOMPARE(budget.refused(), std::uint64_t{1});
    budget.give(1000);  // never below zero
    QCOMPARE(budget.used(), std::uint64_t{0});
    InboundBudget::Lease unlimited;  // no budget: no limit
    QVERIFY(unlimited.grow(UINT64_MAX / 2));
  }
  void theWorstCaseWithoutABudgetIsGigabytes() {
    // What the budget exists for: 256 connections x 256 streams x one partial 128 KiB request.
    const std::uint64_t worst = 256ull * 256ull * (128ull << 10);
    QCOMPARE(worst, std::uint64_t{8} << 30);
    QVERIFY(delivery::kDefaultMaxInboundBufferedBytes * 128 == worst);
  }
};

QTEST_GUILESS_MAIN(TstInboundBudget)
#include "tst_inbound_budget.moc"
