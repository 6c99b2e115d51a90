<?php
/*
 * Writes package.xml from the files git tracks, so the PECL package ships
 * every source, test and doc with its role. tests/check-package.sh fails
 * when package.xml is out of date; run this after adding or removing files:
 *   php scripts/gen-package-xml.php > package.xml
 */
chdir(dirname(__DIR__));
exec('git ls-files --cached --others --exclude-standard', $files, $rc);
$rc === 0 || exit("git ls-files failed\n");
sort($files, SORT_STRING);

function acq_db_role(string $f): ?string
{
    if (preg_match('#^(src/|config\.m4$|config\.w32$|acq_db\.stub\.php$|acq_db_arginfo\.h$)#', $f)) {
        return 'src';
    }
    if (preg_match('#^(php_tests/|tests/)#', $f)) {
        return 'test';
    }
    if (preg_match('#^(docs/|README\.md$|LICENSE$|20-acq_db\.ini$)#', $f)) {
        return 'doc';
    }
    return null; /* demo, bench, scripts, CI: repository only */
}

/* the one place of the version (scripts/set-version.sh changes it) */
preg_match('/^#define ACQ_DB_VERSION "([^"]+)"/m', (string) file_get_contents('src/core/lib/acq_db_version.h'), $m)
    || exit("no ACQ_DB_VERSION in src/core/lib/acq_db_version.h\n");
$version = $m[1];
$entries = '';
foreach ($files as $f) {
    if ($role = acq_db_role($f)) {
        $entries .= sprintf("      <file name=\"%s\" role=\"%s\"/>\n", htmlspecialchars($f), $role);
    }
}
$date = getenv('ACQ_DB_RELEASE_DATE') ?: '2026-11-28';
echo <<<XML
<?xml version="1.0" encoding="UTF-8"?>
<package packagerversion="1.10.13" version="2.0" xmlns="http://pear.php.net/dtd/package-2.0" xmlns:tasks="http://pear.php.net/dtd/tasks-1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://pear.php.net/dtd/tasks-1.0 http://pear.php.net/dtd/tasks-1.0.xsd http://pear.php.net/dtd/package-2.0 http://pear.php.net/dtd/package-2.0.xsd">
  <name>acq_db</name>
  <channel>pecl.php.net</channel>
  <summary>Application-tier MySQL/MariaDB master failover for PHP web farms</summary>
  <description>acq_db routes every mysqlnd (PDO, mysqli) connect aimed at a cluster member to the active master recorded in an election file on a shared file system, and elects the standby inside the connect call when the master dies.</description>
  <lead>
    <name>acq_db developers</name>
    <user>acqdb</user>
    <email>dev@acq-db.invalid</email>
    <active>yes</active>
  </lead>
  <date>$date</date>
  <version>
    <release>$version</release>
    <api>$version</api>
  </version>
  <stability>
    <release>beta</release>
    <api>beta</api>
  </stability>
  <license uri="https://opensource.org/licenses/MIT">MIT</license>
  <notes>First release: election core, acq_db_active(), mysqlnd connect-path failover.</notes>
  <contents>
    <dir name="/">
$entries    </dir>
  </contents>
  <dependencies>
    <required>
      <php>
        <min>8.1.0</min>
      </php>
      <pearinstaller>
        <min>1.10.0</min>
      </pearinstaller>
      <extension>
        <name>mysqlnd</name>
      </extension>
    </required>
  </dependencies>
  <providesextension>acq_db</providesextension>
  <extsrcrelease>
    <configureoption name="enable-acq_db" default="yes" prompt="enable acq_db support"/>
  </extsrcrelease>
</package>

XML;
