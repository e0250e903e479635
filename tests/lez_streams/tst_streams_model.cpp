// The payment-streams state machine against an independent second-by-second reference model
// (payment-streams.md §1, §2, §6; STYLE.md "small-model exhaustive tests"):
// - randomOperationSequencesMatchTheModel: random operations and clock jumps with a fixed seed.
// - everySmallSequenceMatchesTheModel: two streams, amounts up to 3, rates 1-2, five clock
//   steps, every sequence of operations.
// After every operation the chain and the model must agree on the outcome (OK or the exact error
// name), every balance, total_allocated and each stream's folded accrued/allocation/state, and:
// balance = total_allocated + unallocated, total_allocated = sum of allocations, allocation =
// accrued + unaccrued, nothing negative (checked arithmetic never wraps), the depletion instant
// is exact, paused time never accrues, claims pay exactly the accrued amount, and the sum of all
// balances never changes.
//
// Transactions run through executeSystemTransaction with placeholder signatures (the signed
// pipeline is the same code plus the signature check; tst_streams_chain signs everything), so
// millions of steps stay fast.
#include "streams_fixture.h"

#include <random>

using namespace streamstest;
using namespace lez::streams;

namespace {

constexpr std::uint64_t kT0 = 1'700'000'000'000ULL;  // ms, a multiple of 1000
constexpr VaultId kVault = 1;

struct ModelStream {
  std::uint64_t rate = 0;
  std::uint64_t allocation = 0;
  std::uint64_t accrued = 0;
  StreamState state = StreamState::Active;
  Timestamp depletedAt = 0;  // valid when it depleted
  bool depleted = false;
};

// The reference: u64 amounts are plenty for these runs and make "nothing negative" a checked
// subtraction here too.
struct Model {
  std::uint64_t owner = 0, provider = 0, holding = 0, total = 0;
  std::vector<ModelStream> streams;
  Timestamp now = 0;  // seconds

  std::uint64_t unallocated() const { return holding - total; }

  // One second passes: every Active stream accrues its rate, capped; reaching the cap pauses it.
  void second() {
    ++now;
    for (auto& s : streams) {
      if (s.state != StreamState::Active) continue;
      s.accrued = std::min(s.allocation, s.accrued + s.rate);
      if (s.accrued == s.allocation) {
        s.state = StreamState::Paused;
        s.depleted = true;
        s.depletedAt = now;
      }
    }
  }
};

enum class Op { Create, Pause, Resume, TopUp, CloseOwner, CloseProvider, Claim, Withdraw, WithdrawToOwner, Deposit, Wait };

struct Step {
  Op op = Op::Wait;
  std::size_t stream = 0;
  std::uint64_t amount = 0;
  std::uint64_t rate = 0;
};

// The model's answer: the expected outcome name, and the model after it.
QString predict(Model& m, const Step& st) {
  const bool exists = st.stream < m.streams.size();
  ModelStream* s = exists ? &m.streams[st.stream] : nullptr;
  switch (st.op) {
    case Op::Wait: return QStringLiteral("OK");
    case Op::Create:
      if (st.rate == 0) return QStringLiteral("ZeroStreamRate");
      if (st.amount == 0) return QStringLiteral("ZeroStreamAllocation");
      if (st.amount > m.unallocated()) return QStringLiteral("AllocationExceedsUnallocated");
      m.streams.push_back(ModelStream{st.rate, st.amount, 0, StreamState::Active, 0, false});
      m.total += st.amount;
      return QStringLiteral("OK");
    case Op::Pause:
      if (!exists) return QStringLiteral("InvalidAccountData");
      if (s->state != StreamState::Active) return QStringLiteral("StreamNotActive");
      s->state = StreamState::Paused;
      return QStringLiteral("OK");
    case Op::Resume:
      if (!exists) return QStringLiteral("InvalidAccountData");
      if (s->state != StreamState::Paused) return QStringLiteral("StreamNotPaused");
      if (s->allocation == s->accrued) return QStringLiteral("ResumeZeroUnaccrued");
      s->state = StreamState::Active;
      s->depleted = false;
      return QStringLiteral("OK");
    case Op::TopUp:
      if (!exists) return QStringLiteral("InvalidAccountData");
      if (s->state == StreamState::Closed) return QStringLiteral("StreamClosed");
      if (st.amount == 0) return QStringLiteral("ZeroTopUpAmount");
      if (st.amount > m.unallocated()) return QStringLiteral("AllocationExceedsUnallocated");
      s->allocation += st.amount;
      m.total += st.amount;
      s->state = StreamState::Active;
      s->depleted = false;
      return QStringLiteral("OK");
    case Op::CloseOwner:
    case Op::CloseProvider:
      if (!exists) return QStringLiteral("InvalidAccountData");
      if (s->state == StreamState::Closed) return QStringLiteral("StreamClosed");
      m.total -= s->allocation - s->accrued;
      s->allocation = s->accrued;
      s->state = StreamState::Closed;
      s->depleted = false;
      return QStringLiteral("OK");
    case Op::Claim:
      if (!exists) return QStringLiteral("InvalidAccountData");
      if (s->accrued == 0) return QStringLiteral("ZeroClaimAmount");
      m.total -= s->accrued;
      m.holding -= s->accrued;
      m.provider += s->accrued;
      s->allocation -= s->accrued;
      s->accrued = 0;
      return QStringLiteral("OK");
    case Op::Withdraw:
    case Op::WithdrawToOwner:
      if (st.amount == 0) return QStringLiteral("ZeroWithdrawAmount");
      if (st.amount > m.unallocated()) return QStringLiteral("InsufficientFunds");
      m.holding -= st.amount;
      if (st.op == Op::WithdrawToOwner) m.owner += st.amount;  // Withdraw pays `other`, tracked by the caller
      return QStringLiteral("OK");
    case Op::Deposit:
      if (st.amount == 0) return QStringLiteral("ZeroDepositAmount");
      if (st.amount > m.owner) return QStringLiteral("InsufficientBalance");
      m.owner -= st.amount;
      m.holding += st.amount;
      return QStringLiteral("OK");
  }
  return QStringLiteral("?");
}

ExecutionResult apply(StreamsChain& c, const Step& st, std::size_t streamCount) {
  switch (st.op) {
    case Op::Wait: return StateDiff{};
    case Op::Create: return c.createStream(kVault, streamCount, st.rate, U128(st.amount));
    case Op::Pause: return c.pause(kVault, st.stream);
    case Op::Resume: return c.resume(kVault, st.stream);
    case Op::TopUp: return c.topUp(kVault, st.stream, U128(st.amount));
    case Op::CloseOwner: return c.closeByOwner(kVault, st.stream);
    case Op::CloseProvider: return c.closeByProvider(kVault, st.stream, c.provider);
    case Op::Claim: return c.claim(kVault, st.stream, c.provider);
    case Op::Withdraw: return c.withdraw(kVault, U128(st.amount), c.other);
    case Op::WithdrawToOwner: return c.withdrawToOwner(kVault, U128(st.amount));
    case Op::Deposit: return c.deposit(kVault, U128(st.amount));
  }
  return StateDiff{};
}

QString describeStep(const Step& st) {
  static const char* names[] = {"create", "pause", "resume", "topUp", "closeOwner", "closeProvider", "claim", "withdraw", "withdrawToOwner", "deposit", "wait"};
  return QStringLiteral("%1(stream %2, amount %3, rate %4)").arg(names[int(st.op)]).arg(st.stream).arg(st.amount).arg(st.rate);
}

// Everything the chain holds must equal the model. Returns an explanation, empty when equal.
QString compare(const StreamsChain& c, const Model& m, std::uint64_t other, const U128& supply) {
  auto neq = [](const char* what, const U128& got, std::uint64_t want) {
    return QStringLiteral("%1: chain %2, model %3").arg(what, QString::fromStdString(got.toDecimal())).arg(want);
  };
  if (c.balance(c.owner) != U128(m.owner)) return neq("owner", c.balance(c.owner), m.owner);
  if (c.balance(c.provider) != U128(m.provider)) return neq("provider", c.balance(c.provider), m.provider);
  if (c.balance(c.other) != U128(other)) return neq("other", c.balance(c.other), other);
  if (c.holding(kVault) != U128(m.holding)) return neq("holding", c.holding(kVault), m.holding);
  const VaultConfig v = c.vault(kVault);
  if (v.totalAllocated != U128(m.total)) return neq("total_allocated", v.totalAllocated, m.total);
  if (v.nextStreamId != m.streams.size()) return QStringLiteral("next_stream_id %1").arg(v.nextStreamId);
  if (c.totalSupply() != supply) return QStringLiteral("sum of balances changed");
  // balance = total_allocated + unallocated with unallocated >= 0.
  if (c.holding(kVault) < v.totalAllocated) return QStringLiteral("over-allocated vault");
  U128 sumAllocations;
  for (std::size_t i = 0; i < m.streams.size(); ++i) {
    const ModelStream& ms = m.streams[i];
    auto f = foldStoredStream(c.stream(kVault, i), lez::core::decodeClockAccountData(c.state.account(lez::core::kClock01).data).value());
    if (!f.ok()) return QStringLiteral("stream %1 does not fold: %2").arg(i).arg(QString::fromStdString(f.error().message));
    if (f->accrued != U128(ms.accrued)) return neq("accrued", f->accrued, ms.accrued);
    if (f->stream.allocation != U128(ms.allocation)) return neq("allocation", f->stream.allocation, ms.allocation);
    if (f->stream.state != ms.state) return QStringLiteral("stream %1 state %2, model %3").arg(i).arg(int(f->stream.state)).arg(int(ms.state));
    if (f->accrued.checkedAdd(f->unaccrued).value() != f->stream.allocation) return QStringLiteral("allocation != accrued + unaccrued");
    if (ms.depleted && f->stream.accruedAsOf != ms.depletedAt) {
      return QStringLiteral("stream %1 depleted at %2, model %3").arg(i).arg(f->stream.accruedAsOf).arg(ms.depletedAt);
    }
    sumAllocations = sumAllocations.checkedAdd(f->stream.allocation).value();
  }
  if (sumAllocations != v.totalAllocated) return QStringLiteral("total_allocated is not the sum of allocations");
  return {};
}

// A chain with vault 1 funded with `deposit`, the clock at kT0, and the matching model.
void setUp(StreamsChain& c, Model& m, std::uint64_t ownerFunds, std::uint64_t deposit) {
  c.signTransactions = false;
  c.state.accounts[c.owner].balance = U128(ownerFunds);
  QCOMPARE(outcome(c.initVault(kVault)), QStringLiteral("OK"));
  QCOMPARE(outcome(c.deposit(kVault, U128(deposit))), QStringLiteral("OK"));
  c.tickTo(kT0);
  m.owner = ownerFunds - deposit;
  m.holding = deposit;
  m.now = kT0 / 1000;
}

struct Explorer {
  StreamsChain& c;
  U128 supply;
  std::uint64_t executed = 0;
  std::uint64_t sequences = 0;  // complete sequences covered (a failed step covers its wait twin's subtree)
  std::vector<Step> alphabet;
  std::vector<Step> path;
  QString failure;

  std::uint64_t power(std::size_t depth) const {
    std::uint64_t n = 1;
    for (std::size_t i = 0; i < depth; ++i) n *= alphabet.size();
    return n;
  }

  void explore(const Model& m, std::size_t depth) {
    if (!failure.isEmpty()) return;
    if (depth == 0) {
      ++sequences;
      return;
    }
    const auto snapshot = c.state.accounts;
    const auto context = c.context;
    const auto nowMs = c.nowMs;
    for (const Step& st : alphabet) {
      if (st.op == Op::Create && m.streams.size() >= 2) {  // two streams at most: same as wait
        sequences += power(depth - 1);
        continue;
      }
      Model next = m;
      const QString want = predict(next, st);
      path.push_back(st);
      const ExecutionResult r = apply(c, st, m.streams.size());
      ++executed;
      const QString got = outcome(r);
      if (got != want) {
        failure = QStringLiteral("outcome %1, model %2").arg(got, want);
      } else if (want != QStringLiteral("OK") && st.op != Op::Wait) {
        // A failed step changes nothing: its subtree is the wait step's subtree.
        sequences += power(depth - 1);
      } else {
        next.second();
        c.tickTo(c.nowMs + 1000);
        failure = compare(c, next, 0, supply);
        if (failure.isEmpty()) explore(next, depth - 1);
      }
      if (!failure.isEmpty()) return;
      path.pop_back();
      c.state.accounts = snapshot;
      c.context = context;
      c.nowMs = nowMs;
    }
  }
};

}  // namespace

class TstStreamsModel : public QObject {
  Q_OBJECT
 private slots:
  void randomOperationSequencesMatchTheModel() {
    std::mt19937_64 rng(0x5EED5EED);
    auto pick = [&](std::uint64_t lo, std::uint64_t hi) { return std::uniform_int_distribution<std::uint64_t>(lo, hi)(rng); };
    std::uint64_t steps = 0, claims = 0, depletions = 0;
    for (int sequence = 0; sequence < 60; ++sequence) {
      StreamsChain c;
      Model m;
      setUp(c, m, 100'000, pick(0, 3) == 0 ? 1 : pick(1, 5'000));
      const U128 supply = c.totalSupply();
      std::uint64_t other = 0;
      for (int i = 0; i < 80; ++i) {
        Step st;
        st.op = static_cast<Op>(pick(0, int(Op::Wait)));
        st.stream = m.streams.empty() ? 0 : pick(0, m.streams.size());  // sometimes one past the end
        st.amount = pick(0, 9) == 0 ? 0 : pick(1, pick(0, 1) ? 50 : 2'000);
        st.rate = pick(0, 19) == 0 ? 0 : pick(1, 40);
        Model next = m;
        const std::uint64_t accruedBefore = st.stream < m.streams.size() ? m.streams[st.stream].accrued : 0;
        const QString want = predict(next, st);
        const U128 providerBefore = c.balance(c.provider);
        const ExecutionResult r = apply(c, st, m.streams.size());
        QVERIFY2(outcome(r) == want, qPrintable(QStringLiteral("sequence %1 step %2 %3: outcome %4, model %5 (%6)")
                                                    .arg(sequence).arg(i).arg(describeStep(st), outcome(r), want, describe(r))));
        if (want == QStringLiteral("OK") && st.op == Op::Withdraw) other += st.amount;
        if (want == QStringLiteral("OK") && st.op == Op::Claim) {
          ++claims;
          // A claim pays exactly what had accrued, never more.
          QCOMPARE(c.balance(c.provider).checkedSub(providerBefore).value(), U128(accruedBefore));
        }
        m = next;
        const std::uint64_t jump = pick(0, 3) == 0 ? pick(0, 120) : pick(0, 5);
        for (std::uint64_t s = 0; s < jump; ++s) {
          const bool wasDepleted = std::any_of(m.streams.begin(), m.streams.end(), [](auto& x) { return x.depleted; });
          m.second();
          depletions += !wasDepleted && std::any_of(m.streams.begin(), m.streams.end(), [](auto& x) { return x.depleted; });
        }
        // Sub-second jitter in the block time must not matter: streams fold whole seconds.
        if (jump > 0) c.tickTo(m.now * 1000 + pick(0, 999));
        const QString diff = compare(c, m, other, supply);
        QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("sequence %1 step %2 %3: %4").arg(sequence).arg(i).arg(describeStep(st), diff)));
        ++steps;
      }
    }
    QVERIFY(claims > 100);
    QVERIFY(depletions > 10);
    qInfo("%llu random steps, %llu claims, %llu depletions", static_cast<unsigned long long>(steps),
          static_cast<unsigned long long>(claims), static_cast<unsigned long long>(depletions));
  }

  void everySmallSequenceMatchesTheModel() {
    StreamsChain c;
    Model m;
    setUp(c, m, 6, 6);  // room for two streams of 3; the owner keeps nothing back
    Explorer x{c, c.totalSupply(), 0, 0, {}, {}, {}};
    for (std::uint64_t a = 1; a <= 3; ++a) {
      for (std::uint64_t r = 1; r <= 2; ++r) x.alphabet.push_back({Op::Create, 0, a, r});
    }
    for (std::size_t s = 0; s < 2; ++s) {
      for (Op op : {Op::Pause, Op::Resume, Op::CloseOwner, Op::CloseProvider, Op::Claim}) x.alphabet.push_back({op, s, 0, 0});
      for (std::uint64_t a = 1; a <= 3; ++a) x.alphabet.push_back({Op::TopUp, s, a, 0});
    }
    for (std::uint64_t a = 1; a <= 3; ++a) x.alphabet.push_back({Op::WithdrawToOwner, 0, a, 0});
    x.alphabet.push_back({Op::Wait, 0, 0, 0});
    constexpr std::size_t kSteps = 5;
    x.explore(m, kSteps);
    if (!x.failure.isEmpty()) {
      QStringList steps;
      for (const auto& st : x.path) steps << describeStep(st);
      QFAIL(qPrintable(x.failure + QStringLiteral(" after ") + steps.join(QStringLiteral(", "))));
    }
    QCOMPARE(x.sequences, x.power(kSteps));
    qInfo("%llu sequences of %zu steps over %zu operations, %llu transactions executed", static_cast<unsigned long long>(x.sequences),
          kSteps, x.alphabet.size(), static_cast<unsigned long long>(x.executed));
  }
};

QTEST_APPLESS_MAIN(TstStreamsModel)
#include "tst_streams_model.moc"
