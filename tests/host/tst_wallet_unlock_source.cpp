// The wallet password sources of an `unlock` step (host/src/wallet_unlock_source.cpp): a 0600
// file, an inherited descriptor, a systemd credential; and every refusal, none of which repeats a
// byte of the source.
#include <QTemporaryDir>
#include <QtTest>

#include <cstdlib>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

#include "logos/host/wallet_unlock_source.h"

using namespace logos::host;

namespace {

const std::string kSecret = "s3cret pass phrase";

std::string writeFile(const QTemporaryDir& dir, const char* name, const std::string& text, mode_t mode) {
  const std::string path = dir.filePath(name).toStdString();
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  [[maybe_unused]] auto n = ::write(fd, text.data(), text.size());
  ::close(fd);
  ::chmod(path.c_str(), mode);
  return path;
}

UnlockSource file(const std::string& path) {
  UnlockSource s;
  s.kind = UnlockSource::Kind::PasswordFile;
  s.path = path;
  return s;
}

void expectRefused(const lezpay::util::Result<std::string>& r, const std::string& says) {
  QVERIFY(!r.ok());
  QCOMPARE(r.error().code, std::string(kUnlockRefusedCode));
  QVERIFY2(r.error().message.find(says) != std::string::npos, r.error().message.c_str());
  QVERIFY2(r.error().message.find(kSecret) == std::string::npos, "the password is in the message");
}

}  // namespace

class TstWalletUnlockSource : public QObject {
  Q_OBJECT
 private slots:
  void privateFileGivesThePasswordWithoutItsNewline() {
    QTemporaryDir dir;
    auto r = readUnlockSecret(file(writeFile(dir, "p", kSecret + "\n", 0600)));
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    QCOMPARE(r.value(), kSecret);
    auto ro = readUnlockSecret(file(writeFile(dir, "q", kSecret + "\r\n", 0400)));
    QVERIFY(ro.ok());
    QCOMPARE(ro.value(), kSecret);
  }

  void looseOrOddFilesAreRefused() {
    QTemporaryDir dir;
    expectRefused(readUnlockSecret(file(writeFile(dir, "world", kSecret, 0644))), "has mode 0644");
    expectRefused(readUnlockSecret(file(writeFile(dir, "group", kSecret, 0640))), "has mode 0640");
    expectRefused(readUnlockSecret(file(writeFile(dir, "empty", "\n", 0600))), "empty");
    expectRefused(readUnlockSecret(file(writeFile(dir, "big", std::string(kMaxUnlockSecretBytes + 1, 'x'), 0600))), "longer than");
    expectRefused(readUnlockSecret(file(dir.filePath("absent").toStdString())), "cannot be opened");
    expectRefused(readUnlockSecret(file(dir.path().toStdString())), "not a regular file");
    const std::string target = writeFile(dir, "target", kSecret, 0600);
    const std::string link = dir.filePath("link").toStdString();
    QCOMPARE(::symlink(target.c_str(), link.c_str()), 0);
    expectRefused(readUnlockSecret(file(link)), "symbolic link");
  }

  void descriptorIsReadToItsEndAndClosed() {
    int fds[2];
    QCOMPARE(::pipe(fds), 0);
    [[maybe_unused]] auto n = ::write(fds[1], (kSecret + "\n").data(), kSecret.size() + 1);
    ::close(fds[1]);
    UnlockSource s;
    s.kind = UnlockSource::Kind::PasswordFd;
    s.fd = fds[0];
    auto r = readUnlockSecret(s);
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    QCOMPARE(r.value(), kSecret);
    QVERIFY(::fcntl(fds[0], F_GETFD) == -1);  // closed
    expectRefused(readUnlockSecret(s), "is not an open file descriptor");
  }

  void systemdCredentialComesFromItsDirectory() {
    QTemporaryDir dir;
    writeFile(dir, "wallet", kSecret, 0600);
    writeFile(dir, "loose", kSecret, 0644);
    UnlockSource s;
    s.kind = UnlockSource::Kind::SystemdCredential;
    s.name = "wallet";
    ::unsetenv("CREDENTIALS_DIRECTORY");
    expectRefused(readUnlockSecret(s), "$CREDENTIALS_DIRECTORY is not set");
    ::setenv("CREDENTIALS_DIRECTORY", dir.path().toUtf8().constData(), 1);
    auto r = readUnlockSecret(s);
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    QCOMPARE(r.value(), kSecret);
    s.name = "absent";
    expectRefused(readUnlockSecret(s), "absent cannot be opened");
    s.name = "loose";
    expectRefused(readUnlockSecret(s), "has mode 0644");
    ::unsetenv("CREDENTIALS_DIRECTORY");
  }
};

QTEST_APPLESS_MAIN(TstWalletUnlockSource)
#include "tst_wallet_unlock_source.moc"
