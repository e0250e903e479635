#include "lezpay/lgx/gzip_codec.h"

#include <zlib.h>

#include <algorithm>
#include <climits>

#include "lezpay/lgx/lgx_error.h"

namespace lezpay::lgx {
namespace {

constexpr int kGzipWindowBits = 15 + 16;  // zlib's "gzip wrapper" selector
constexpr std::size_t kChunk = 64 * 1024;

}  // namespace

std::string gzipCompress(std::string_view data) {
  z_stream z{};
  // Level 6 (zlib's default) keeps packing the 50 MB plugins quick on a shared builder.
  if (deflateInit2(&z, 6, Z_DEFLATED, kGzipWindowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK) std::abort();
  gz_header header{};
  header.os = 0xFF;
  header.time = 0;
  deflateSetHeader(&z, &header);
  std::string out;
  std::size_t offset = 0;
  int flush = Z_NO_FLUSH;
  char buf[kChunk];
  do {
    const std::size_t take = std::min<std::size_t>(data.size() - offset, UINT_MAX / 2);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + offset));
    z.avail_in = static_cast<uInt>(take);
    offset += take;
    flush = offset == data.size() ? Z_FINISH : Z_NO_FLUSH;
    do {
      z.next_out = reinterpret_cast<Bytef*>(buf);
      z.avail_out = sizeof buf;
      deflate(&z, flush);
      out.append(buf, sizeof buf - z.avail_out);
    } while (z.avail_out == 0);
  } while (flush != Z_FINISH);
  deflateEnd(&z);
  return out;
}

util::Result<std::string> gzipDecompress(std::string_view gz, std::size_t maxOut) {
  if (gz.size() < 18 || static_cast<unsigned char>(gz[0]) != 0x1f || static_cast<unsigned char>(gz[1]) != 0x8b) {
    return lgxError(LgxError::Archive, "the package is not gzip-compressed (an .lgx is a gzip-compressed tar)");
  }
  z_stream z{};
  if (inflateInit2(&z, kGzipWindowBits) != Z_OK) std::abort();
  std::string out;
  char buf[kChunk];
  std::size_t offset = 0;
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    if (z.avail_in == 0) {
      if (offset == gz.size()) break;
      const std::size_t take = std::min<std::size_t>(gz.size() - offset, UINT_MAX / 2);
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data() + offset));
      z.avail_in = static_cast<uInt>(take);
      offset += take;
    }
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
      inflateEnd(&z);
      return lgxError(LgxError::Archive, std::string("the package's gzip stream is corrupt (") + (z.msg ? z.msg : "inflate failed") + ")");
    }
    const std::size_t produced = sizeof buf - z.avail_out;
    if (out.size() + produced > maxOut) {
      inflateEnd(&z);
      return lgxError(LgxError::Limit, "the package unpacks to more than " + std::to_string(maxOut) + " bytes");
    }
    out.append(buf, produced);
    if (rc == Z_BUF_ERROR && z.avail_in == 0 && offset == gz.size()) break;
  }
  const bool ended = rc == Z_STREAM_END;
  const std::size_t trailing = z.avail_in + (gz.size() - offset);
  inflateEnd(&z);
  if (!ended) return lgxError(LgxError::Archive, "the package is truncated (the gzip stream ends early)");
  if (trailing != 0) return lgxError(LgxError::Archive, "the package has " + std::to_string(trailing) + " bytes after its gzip stream");
  return out;
}

}  // namespace lezpay::lgx
