// The stand-in's hang directive never answers: the check ends at the 2 s timeout (test.properties).
def log = new File(basedir, 'build.log').text
def file = new File(basedir, 'src/main/lean/Hang.lean').absolutePath
assert log.contains('timeout 2 s')
assert log =~ /\[ERROR\] TIMEOUT +src\/main\/lean\/Hang\.lean \(\d/
assert log.contains("${file}: error: no verdict: the check reached the time limit of 2 s")
assert !log.contains('\tat ') : 'no stack trace'
// Run from the command line (mvn lean-sandbox:check): the execution id is default-cli.
def report = new groovy.xml.XmlSlurper().parse(new File(basedir, 'target/lean-sandbox-reports/TEST-lean-sandbox-default-cli.xml'))
assert report.@errors == '1'
assert report.testcase.error.@type == 'lean.timeout'
return true
