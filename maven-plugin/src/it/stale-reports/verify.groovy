// prebuild.groovy left an earlier build's report and SARIF log (execution default-cli, a day old), an
// old report of execution lean, and another tool's report. The build's two executions (lean,
// lean-again) each wrote both files; lean's old report was written over, not removed first.
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
assert log.contains('[INFO] Removed 2 reports of an earlier build: target/lean-sandbox-reports/TEST-lean-sandbox-default-cli.xml,'
        + ' target/lean-sandbox-reports/lean-sandbox-default-cli.sarif')
assert log.count('Removed ') == 1 : 'the second execution removes nothing: the first one\'s files are this build\'s'

def reports = new File(basedir, 'target/lean-sandbox-reports')
assert reports.list().sort() == ['TEST-com.example.OtherTest.xml', 'TEST-lean-sandbox-lean-again.xml', 'TEST-lean-sandbox-lean.xml',
                                 'lean-sandbox-lean-again.sarif', 'lean-sandbox-lean.sarif']
def first = new groovy.xml.XmlSlurper().parse(new File(reports, 'TEST-lean-sandbox-lean.xml'))
def second = new groovy.xml.XmlSlurper().parse(new File(reports, 'TEST-lean-sandbox-lean-again.xml'))
assert first.@tests == '1' && first.@failures == '0'
// The second execution found the file unchanged since the first one's check: a pass, not a skip.
assert second.@tests == '1' && second.@skipped == '0' && second.@failures == '0'
assert second.testcase.'system-out'.text().contains('unchanged since its last passing check')
return true
