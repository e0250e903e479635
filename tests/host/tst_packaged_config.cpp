// The configuration files the Debian package ships (packaging/etc/*.json) and the units that start
// the daemons from them (packaging/systemd/*.service): every shipped file passes the same
// validator `logoscore -D --config` runs (decodeDaemonSettings), names only packaged modules and
// the installed modules directory, and each daemon unit starts logoscore with --config on the
// shipped file of its role. A shipped file that does not validate fails this test.
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QtTest>

#include <string>

#include "logos/host/daemon_settings_file.h"

using namespace logos::host;

namespace {

QString readText(const QString& path) {
  QFile f(path);
  if (!f.open(QIODevice::ReadOnly)) return QString();
  return QString::fromUtf8(f.readAll());
}

QStringList packagedModules() { return QString(LEZPAY_PACKAGED_MODULES).split(',', Qt::SkipEmptyParts); }

// The value of the unit's ExecStart= line (the last one wins, as in systemd).
QString execStart(const QString& unitText) {
  QString out;
  for (const QString& line : unitText.split('\n')) {
    if (line.startsWith("ExecStart=")) out = line.mid(QString("ExecStart=").size());
  }
  return out;
}

}  // namespace

class TstPackagedConfig : public QObject {
  Q_OBJECT
 private slots:
  void everyShippedFileValidates_data() {
    QTest::addColumn<QString>("path");
    const QDir dir(QString(LEZPAY_SOURCE_DIR) + "/packaging/etc");
    const QStringList files = dir.entryList({"*.json"}, QDir::Files, QDir::Name);
    QVERIFY2(!files.isEmpty(), qPrintable("no configuration file under " + dir.path()));
    for (const QString& f : files) QTest::newRow(qPrintable(f)) << dir.filePath(f);
  }
  void everyShippedFileValidates() {
    QFETCH(QString, path);
    const QString text = readText(path);
    QVERIFY2(!text.isEmpty(), qPrintable(path + ": unreadable or empty"));
    auto decoded = decodeDaemonSettings(text.toStdString());
    QVERIFY2(decoded.ok(), qPrintable(path + ": " + QString::fromStdString(decoded.ok() ? "" : decoded.error().message)));
    const DaemonSettings& s = decoded.value();
    QVERIFY2(s.flags.modulesDirs == (std::vector<std::string>{"/usr/lib/lez-pay/modules"}),
             qPrintable(path + ": modules_dirs is not [\"/usr/lib/lez-pay/modules\"]"));
    QVERIFY2(s.flags.persistencePath && s.flags.persistencePath->rfind("/var/lib/lez-pay/", 0) == 0,
             qPrintable(path + ": persistence_path is not under /var/lib/lez-pay"));
    QVERIFY2(!s.modules.empty(), qPrintable(path + ": loads no module"));
    for (std::size_t i = 0; i < s.modules.size(); ++i) {
      const QString name = QString::fromStdString(s.modules[i].name);
      QVERIFY2(packagedModules().contains(name), qPrintable(path + ": modules[" + QString::number(i) + "].name: '" + name +
                                                           "' is not a packaged module (" + packagedModules().join(", ") + ")"));
    }
    if (s.flags.logLevels) {
      for (const auto& [name, _] : s.flags.logLevels->modules) {
        QVERIFY2(packagedModules().contains(QString::fromStdString(name)),
                 qPrintable(path + ": log_levels." + QString::fromStdString(name) + ": not a packaged module"));
      }
    }
  }

  void daemonUnitsStartFromTheirShippedFile_data() {
    QTest::addColumn<QString>("role");
    QTest::newRow("user") << "user";
    QTest::newRow("provider") << "provider";
  }
  void daemonUnitsStartFromTheirShippedFile() {
    QFETCH(QString, role);
    const QString unitPath = QString(LEZPAY_SOURCE_DIR) + "/packaging/systemd/lez-pay-" + role + ".service";
    const QString unit = readText(unitPath);
    QVERIFY2(!unit.isEmpty(), qPrintable(unitPath + ": unreadable"));
    const QString exec = execStart(unit);
    const QString config = "/etc/lez-pay/" + role + ".json";
    QVERIFY2(exec.startsWith("/usr/bin/logoscore -D "), qPrintable(unitPath + ": ExecStart=" + exec));
    QVERIFY2(exec.contains(QRegularExpression("(^| )--config " + QRegularExpression::escape(config) + "( |$)")),
             qPrintable(unitPath + ": ExecStart does not start from " + config + ": " + exec));
    QVERIFY2(QFile::exists(QString(LEZPAY_SOURCE_DIR) + "/packaging/etc/" + role + ".json"),
             qPrintable(config + " is started by the unit but not shipped"));
    // Modules and their directory come from the file, not from flags that would shadow it.
    QVERIFY2(!exec.contains(" -m ") && !exec.contains("--modules-dir"), qPrintable(unitPath + ": ExecStart overrides the file's modules_dirs"));
    QVERIFY2(!unit.contains("# CONFIG:"), qPrintable(unitPath + ": still carries a pending CONFIG note"));
  }
};

QTEST_GUILESS_MAIN(TstPackagedConfig)
#include "tst_packaged_config.moc"
