// The recorded sorry of transcript dup_sorries, with -Dlean-sandbox.failOnSorry=false (test.properties).
def log = new File(basedir, 'build.log').text
def file = new File(basedir, 'src/main/lean/Sorry.lean').absolutePath
assert log =~ /\[WARNING\] SORRY +src\/main\/lean\/Sorry\.lean \(\d/
assert log.contains("[WARNING] ${file}:1:24: warning: sorry")
assert log.contains('Lean files: 1, checked: 1, passed: 1, failed: 0')
def report = new groovy.xml.XmlSlurper().parse(new File(basedir, 'target/lean-sandbox-reports/TEST-lean-sandbox-lean.xml'))
assert report.@failures == '0'
assert report.testcase.'system-out'.text().contains("${file}:1:24: warning: sorry")
return true
