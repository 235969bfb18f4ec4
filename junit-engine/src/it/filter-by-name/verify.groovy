// Only thm1 ran (thm2 would fail): the command line's lean-sandbox.filter.name reached the engine.
def log = new File(basedir, 'build.log').text
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0')
def report = new groovy.xml.XmlSlurper().parse(new File(basedir, 'target/surefire-reports/TEST-com.example.LeanProofsTest.xml'))
assert report.testcase.size() == 1
assert report.testcase[0].@name == 'src/test/lean/Pick.lean › thm1'
