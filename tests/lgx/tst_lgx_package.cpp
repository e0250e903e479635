// lezpay::lgx: a package built by buildPackage reads back to the same manifest and files, is
// byte-identical when built twice, carries the documented Merkle hashes; every malformed or
// hostile package is refused with its stable LGX_* code before anything could be written.
#include <QCryptographicHash>
#include <QtTest>

#include "lezpay/lgx/content_hashes.h"
#include "lezpay/lgx/gzip_codec.h"
#include "lezpay/lgx/manifest.h"
#include "lezpay/lgx/package.h"
#include "lezpay/lgx/package_path.h"
#include "lezpay/lgx/tar_codec.h"
#include "lezpay/lgx/variant.h"

using namespace lezpay::lgx;

namespace {

Manifest sampleManifest() {
  Manifest m;
  m.name = "echo_module";
  m.version = "1.2.3";
  m.description = "echoes";
  m.author = "lez-pay";
  m.type = "core";
  m.category = "test";
  m.main["linux-amd64"] = "echo_module_plugin.so";
  m.dependencies.push_back({"wallet_module", {}, {}});
  return m;
}

std::map<std::string, std::string> sampleFiles() {
  return {{"variants/linux-amd64/echo_module_plugin.so", std::string("\x7f" "ELF plugin bytes", 17)},
          {"variants/linux-amd64/metadata.json", "{\"name\":\"echo_module\"}"},
          {"variants/linux-amd64/console/index.html", "<html></html>"}};
}

// A package from raw entries, for shapes buildPackage refuses to make. The manifest's hashes
// are those of `files` unless the caller changes them.
std::string rawPackage(std::vector<TarEntry> extra, std::map<std::string, std::string> files = sampleFiles(),
                       Manifest m = sampleManifest(), bool withManifest = true) {
  m.hashes = computeContentHashes(files);
  std::vector<TarEntry> entries;
  for (const auto& [p, b] : files) entries.push_back({p, false, b});
  if (withManifest) entries.push_back({"manifest.json", false, encodeManifest(m)});
  for (auto& e : extra) entries.push_back(std::move(e));
  return gzipCompress(writeTar(entries));
}

std::string hex(const QByteArray& b) { return b.toHex().toStdString(); }
std::string sha(const std::string& s) { return hex(QCryptographicHash::hash(QByteArray::fromStdString(s), QCryptographicHash::Sha256)); }

}  // namespace

class TstLgxPackage : public QObject {
  Q_OBJECT
 private slots:
  void roundTrip() {
    auto lgx = buildPackage(sampleManifest(), sampleFiles());
    QVERIFY2(lgx.ok(), lgx.ok() ? "" : lgx.error().message.c_str());
    auto p = readPackage(lgx.value());
    QVERIFY(p.ok());
    QCOMPARE(p->files, sampleFiles());
    QCOMPARE(p->manifest.name, std::string("echo_module"));
    QCOMPARE(p->manifest.main.at("linux-amd64"), std::string("echo_module_plugin.so"));
    QCOMPARE(p->manifest.dependencies.size(), std::size_t(1));
    QVERIFY(!p->hasSignature);
    auto again = parseManifest(p->manifestText, 65536);
    QVERIFY(again.ok());
    QCOMPARE(encodeManifest(again.value()), p->manifestText);
    const auto vf = variantFiles(p.value(), "linux-amd64");
    QCOMPARE(vf.size(), std::size_t(3));
    QVERIFY(vf.count("console/index.html") == 1);
  }

  void deterministic() {
    auto a = buildPackage(sampleManifest(), sampleFiles());
    auto b = buildPackage(sampleManifest(), sampleFiles());
    QVERIFY(a.ok() && b.ok());
    QCOMPARE(a.value(), b.value());
    // gzip header: mtime 0 (bytes 4-7), OS 0xFF (byte 9).
    QCOMPARE(a->substr(4, 4), std::string(4, '\0'));
    QCOMPARE(static_cast<unsigned char>((*a)[9]), 0xFF);
    auto tar = gzipDecompress(a.value(), 1 << 20);
    QVERIFY(tar.ok());
    auto entries = readTar(tar.value(), Limits{});
    QVERIFY(entries.ok());
    std::vector<std::string> paths;
    for (const auto& e : entries.value()) paths.push_back(e.path);
    QVERIFY(std::is_sorted(paths.begin(), paths.end()));
    QCOMPARE(paths.front(), std::string("manifest.json"));
  }

  void merkleHashes() {
    const std::map<std::string, std::string> files{{"variants/linux-amd64/a.so", "A"}, {"variants/linux-amd64/d/b", "B"}, {"docs/x.md", "X"}};
    const auto h = computeContentHashes(files);
    const std::string d = sha(std::string("b") + '\0' + sha("B") + '\n');
    const std::string v = sha(std::string("a.so") + '\0' + sha("A") + '\n' + "d" + '\0' + d + '\n');
    const std::string variants = sha(std::string("linux-amd64") + '\0' + v + '\n');
    const std::string docs = sha(std::string("x.md") + '\0' + sha("X") + '\n');
    const std::string root = sha(std::string("docs") + '\0' + docs + '\n' + "variants" + '\0' + variants + '\n');
    QCOMPARE(h.at("variants/linux-amd64/d"), d);
    QCOMPARE(h.at("variants/linux-amd64"), v);
    QCOMPARE(h.at("variants"), variants);
    QCOMPARE(h.at("root"), root);
    QCOMPARE(h.size(), std::size_t(3 + 4 + 1));  // files, directories, root
  }

  void refusals_data() {
    QTest::addColumn<QByteArray>("lgx");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("says");
    const std::string good = buildPackage(sampleManifest(), sampleFiles()).value();
    auto row = [](const char* name, const std::string& bytes, const char* code, const char* says) {
      QTest::newRow(name) << QByteArray::fromStdString(bytes) << QString(code) << QString(says);
    };
    row("not gzip", "PK\x03\x04 a zip file, not a package", "LGX_ARCHIVE", "not gzip");
    row("truncated", good.substr(0, good.size() / 2), "LGX_ARCHIVE", "truncated");
    row("trailing bytes", good + "junk", "LGX_ARCHIVE", "after its gzip stream");
    {
      std::string tar = gzipDecompress(good, 1 << 20).value();
      row("tar cut short", gzipCompress(tar.substr(0, tar.size() - 1024 - 100)), "LGX_ARCHIVE", "truncated");
      std::string badSum = tar;
      badSum[0] = static_cast<char>(badSum[0] ^ 1);
      row("header checksum", gzipCompress(badSum), "LGX_ARCHIVE", "checksum");
    }
    {
      auto files = sampleFiles();
      Manifest m = sampleManifest();
      m.hashes = computeContentHashes(files);
      files["variants/linux-amd64/echo_module_plugin.so"] = "tampered";
      std::vector<TarEntry> e{{"manifest.json", false, encodeManifest(m)}};
      for (const auto& [p, b] : files) e.push_back({p, false, b});
      row("hash mismatch", gzipCompress(writeTar(e)), "LGX_HASH_MISMATCH", "echo_module_plugin.so");
    }
    row("traversal", rawPackage({{"variants/linux-amd64/../../../etc/cron.d/x", false, "boom"}}), "LGX_PATH", "'..'");
    row("absolute", rawPackage({{"/etc/passwd", false, "root"}}), "LGX_PATH", "absolute");
    row("backslash", rawPackage({{"variants\\..\\x", false, "x"}}), "LGX_PATH", "backslash");
    row("root entry", rawPackage({{"install.sh", false, "rm -rf /"}}), "LGX_LAYOUT", "install.sh");
    row("file under variants", rawPackage({{"variants/loose.so", false, "x"}}), "LGX_LAYOUT", "directly under variants/");
    row("duplicate", rawPackage({{"variants/linux-amd64/metadata.json", false, "{}"}}), "LGX_LAYOUT", "twice");
    row("no manifest", rawPackage({}, sampleFiles(), sampleManifest(), false), "LGX_MANIFEST", "no manifest.json");
    {
      Manifest m = sampleManifest();
      m.type = "plugin";
      row("manifest type", rawPackage({}, sampleFiles(), m), "LGX_MANIFEST", "\"type\"");
      m = sampleManifest();
      m.manifestVersion = "1.0.0";
      row("manifest version", rawPackage({}, sampleFiles(), m), "LGX_MANIFEST", "manifestVersion");
      m = sampleManifest();
      m.name = "../evil";
      row("manifest name", rawPackage({}, sampleFiles(), m), "LGX_MANIFEST", "\"name\"");
      m = sampleManifest();
      m.main["linux-amd64"] = "../../evil.so";
      row("main traversal", rawPackage({}, sampleFiles(), m), "LGX_MANIFEST", "\"main\"");
      m = sampleManifest();
      m.main["linux-amd64"] = "other_plugin.so";
      row("main missing", rawPackage({}, sampleFiles(), m), "LGX_VARIANT", "other_plugin.so");
      m = sampleManifest();
      m.main["darwin-arm64"] = "echo_module_plugin.dylib";
      row("variant without files", rawPackage({}, sampleFiles(), m), "LGX_VARIANT", "darwin-arm64");
      auto files = sampleFiles();
      files["variants/linux-arm64/echo_module_plugin.so"] = "arm";
      row("variant without main", rawPackage({}, files), "LGX_VARIANT", "linux-arm64");
    }
    {
      std::string tar = gzipDecompress(rawPackage({{"variants/linux-amd64/link", false, ""}}), 1 << 20).value();
      // Turn the last entry (the link) into a symbolic link: type '2', checksum redone.
      const std::size_t at = tar.find("variants/linux-amd64/link");
      tar[at + 156] = '2';
      unsigned sum = 0;
      for (std::size_t i = 0; i < 512; ++i) sum += (i >= 148 && i < 156) ? ' ' : static_cast<unsigned char>(tar[at + i]);
      std::snprintf(&tar[at + 148], 8, "%06o", sum);
      tar[at + 155] = ' ';
      row("symlink", gzipCompress(tar), "LGX_ENTRY_TYPE", "symbolic link");
    }
    row("manifest not json", rawPackage({{"manifest.json", false, "{\"name\": "}}, sampleFiles(), sampleManifest(), false), "LGX_MANIFEST",
        "not valid JSON");
  }

  void refusals() {
    QFETCH(QByteArray, lgx);
    QFETCH(QString, code);
    QFETCH(QString, says);
    auto p = readPackage(lgx.toStdString());
    QVERIFY(!p.ok());
    QCOMPARE(QString::fromStdString(p.error().code), code);
    QVERIFY2(QString::fromStdString(p.error().message).contains(says), p.error().message.c_str());
  }

  void limits() {
    Limits tight;
    tight.maxUnpackedBytes = 64 * 1024;
    auto bomb = rawPackage({}, {{"variants/linux-amd64/echo_module_plugin.so", std::string(4 << 20, '\0')}});
    QVERIFY(bomb.size() < 64 * 1024);
    auto p = readPackage(bomb, tight);
    QVERIFY(!p.ok());
    QCOMPARE(p.error().code, std::string("LGX_LIMIT"));

    Limits few;
    few.maxEntries = 3;
    auto many = readPackage(buildPackage(sampleManifest(), sampleFiles()).value(), few);
    QVERIFY(!many.ok());
    QCOMPARE(many.error().code, std::string("LGX_LIMIT"));

    Limits small;
    small.maxPackageBytes = 10;
    QCOMPARE(readPackage(buildPackage(sampleManifest(), sampleFiles()).value(), small).error().code, std::string("LGX_LIMIT"));
  }

  void builderRefusesWhatReaderRefuses() {
    auto bad = buildPackage(sampleManifest(), {{"variants/linux-amd64/../x", "x"}});
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().code, std::string("LGX_PATH"));
    auto noMain = buildPackage(sampleManifest(), {{"variants/linux-amd64/metadata.json", "{}"}});
    QVERIFY(!noMain.ok());
    QCOMPARE(noMain.error().code, std::string("LGX_VARIANT"));
    // A long path is split into the ustar prefix and name and reads back whole.
    auto files = sampleFiles();
    const std::string deep = "variants/linux-amd64/" + std::string(90, 'd') + "/" + std::string(90, 'f');
    files[deep] = "deep";
    auto lgx = buildPackage(sampleManifest(), files);
    QVERIFY2(lgx.ok(), lgx.ok() ? "" : lgx.error().message.c_str());
    QCOMPARE(readPackage(lgx.value())->files.at(deep), std::string("deep"));
  }

  void variantChoice() {
    Manifest m = sampleManifest();
    QCOMPARE(selectVariant(m, "linux-amd64").value(), std::string("linux-amd64"));
    auto foreign = selectVariant(m, "linux-arm64");
    QVERIFY(!foreign.ok());
    QCOMPARE(foreign.error().code, std::string("LGX_VARIANT"));
    QVERIFY(foreign.error().message.find("'linux-arm64'") != std::string::npos);
    QVERIFY(foreign.error().message.find("linux-amd64") != std::string::npos);
    m.main = {{"linux-amd64-dev", "echo_module_plugin.so"}};
    QVERIFY(!selectVariant(m, hostVariant("linux-amd64", false)).ok());  // a portable host takes no -dev build
    QVERIFY(selectVariant(m, hostVariant("linux-amd64", true)).ok());
#if defined(__linux__) && defined(__x86_64__)
    QCOMPARE(std::string(buildPlatform()), std::string("linux-amd64"));
#endif
  }

  void paths() {
    for (const char* good : {"a", "variants/linux-amd64/x.so", "docs/a-b_c.d"}) QVERIFY2(checkPackagePath(good, 255).ok(), good);
    for (const char* bad : {"", "/a", "a//b", "a/./b", "a/../b", "..", "a/", "a\\b", "a\tb", "caf\xc3\xa9"}) {
      auto s = checkPackagePath(bad, 255);
      QVERIFY2(!s.ok(), bad);
      QCOMPARE(s.error().code, std::string("LGX_PATH"));
    }
    QVERIFY(!checkPackagePath(std::string(256, 'a'), 255).ok());
  }
};

QTEST_APPLESS_MAIN(TstLgxPackage)
#include "tst_lgx_package.moc"
