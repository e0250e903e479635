#include "lezpay/libp2p/key_codec.h"

#include <string>
#include <string_view>

#include "lezpay/proto/error.h"
#include "lezpay/proto/fields.h"
#include "lezpay/proto/reader.h"
#include "lezpay/proto/try.h"
#include "lezpay/proto/writer.h"

namespace lezpay::libp2p {
namespace {

using lezpay::proto::ErrorCode;
using lezpay::proto::FieldSet;

struct RawKey {
  KeyType type = KeyType::SECP256K1;
  std::vector<std::uint8_t> data;
};

std::vector<std::uint8_t> encodeKey(KeyType type, std::span<const std::uint8_t> data) {
  lezpay::proto::Writer w;
  w.varintField(1, static_cast<std::uint64_t>(type));
  w.bytesField(2, data);
  return w.take();
}

lezpay::util::Result<RawKey> decodeKey(std::span<const std::uint8_t> input, std::string_view message) {
  const std::string typeName = std::string(message) + ".Type";
  const std::string dataName = std::string(message) + ".Data";
  LEZPAY_PROTO_TRY(lezpay::proto::checkInputSize(input, kMaxKeyDataBytes + 16, message));
  lezpay::proto::Reader reader(input);
  FieldSet seen;
  RawKey key;
  while (!reader.atEnd()) {
    LEZPAY_PROTO_ASSIGN(auto field, reader.next());
    if (field.number == 1) {
      LEZPAY_PROTO_TRY(seen.markSeen(1, typeName));
      LEZPAY_PROTO_ASSIGN(auto type, lezpay::proto::readUint64(field, typeName));
      if (type > 3) {
        return lezpay::proto::makeError(ErrorCode::INVALID_VALUE, typeName + ": unknown key type " + std::to_string(type));
      }
      key.type = static_cast<KeyType>(type);
    } else if (field.number == 2) {
      LEZPAY_PROTO_TRY(seen.markSeen(2, dataName));
      LEZPAY_PROTO_ASSIGN(key.data, lezpay::proto::readByteVector(field, dataName, kMaxKeyDataBytes));
    } else {
      return lezpay::proto::makeError(ErrorCode::INVALID_VALUE,
                                      std::string(message) + ": unexpected field " + std::to_string(field.number));
    }
  }
  LEZPAY_PROTO_TRY(seen.require(1, typeName));
  LEZPAY_PROTO_TRY(seen.require(2, dataName));
  return key;
}

}  // namespace

std::vector<std::uint8_t> encodePublicKey(const PublicKey& key) { return encodeKey(key.type, key.data); }

lezpay::util::Result<PublicKey> decodePublicKey(std::span<const std::uint8_t> input) {
  LEZPAY_PROTO_ASSIGN(auto raw, decodeKey(input, "PublicKey"));
  return PublicKey{raw.type, std::move(raw.data)};
}

std::vector<std::uint8_t> encodePrivateKey(const PrivateKey& key) { return encodeKey(key.type, key.data); }

lezpay::util::Result<PrivateKey> decodePrivateKey(std::span<const std::uint8_t> input) {
  LEZPAY_PROTO_ASSIGN(auto raw, decodeKey(input, "PrivateKey"));
  return PrivateKey{raw.type, std::move(raw.data)};
}

}  // namespace lezpay::libp2p
