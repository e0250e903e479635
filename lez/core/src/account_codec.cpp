#include "lez/core/account_codec.h"

#include "codec_util.h"

namespace lez::core {

void writeAccount(BorshWriter& w, const Account& account) {
  w.writeFixed(account.programOwner.toBytes());
  w.writeU128(account.balance);
  w.writeBytes(account.data);
  w.writeU128(account.nonce);
}

Result<Account> readAccount(BorshReader& r) {
  Account a;
  LEZ_READ(auto owner, r.readFixed<32>(), "Account.program_owner");
  a.programOwner = ProgramId::fromBytes32(owner);
  LEZ_READ(a.balance, r.readU128(), "Account.balance");
  LEZ_READ(a.data, r.readBytes(kMaxAccountDataBytes), "Account.data");
  LEZ_READ(a.nonce, r.readU128(), "Account.nonce");
  return a;
}

std::vector<std::uint8_t> encode(const Account& account) {
  BorshWriter w;
  writeAccount(w, account);
  return std::move(w).take();
}

Result<Account> decodeAccount(std::span<const std::uint8_t> bytes) {
  BorshReader r(bytes);
  LEZ_ASSIGN(auto account, readAccount(r));
  LEZ_CHECK(r.finish(), "Account");
  return account;
}

}  // namespace lez::core
