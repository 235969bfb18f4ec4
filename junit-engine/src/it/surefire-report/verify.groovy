// Surefire's XML of a user's project. Surefire names a non-Java engine's test after the suite class
// and the test's display name, so the naming strategy (long by default) is what keeps A.lean's f
// apart from sub/B.lean's f.
def log = new File(basedir, 'build.log').text
def report = new groovy.xml.XmlSlurper().parse(new File(basedir, 'target/surefire-reports/TEST-com.example.LeanProofsTest.xml'))
def cases = report.testcase.collect { it.@name.text() }
println "testcases: ${cases}"

// Two files' f: two testcases of distinct names, one passed, one failed.
def fA = report.testcase.find { it.@name == 'src/test/lean/A.lean › f' }
def fB = report.testcase.find { it.@name == 'src/test/lean/sub/B.lean › f' }
assert fA.size() == 1 && fB.size() == 1
assert fA.failure.size() == 0 && fA.error.size() == 0
assert fB.failure.size() == 1
// The failure names the .lean file and line, in its message and its stack trace.
assert fB.failure.@message.text().contains('/src/test/lean/sub/B.lean:2:')
assert fB.failure.text().contains('(B.lean:2)')
assert !fB.failure.text().contains('io.leansandbox.')

// Hang.lean's timeout: one error on the file, not a failure per declaration (t and u did not run).
def hang = report.testcase.findAll { it.@name.text().contains('Hang.lean') }
assert hang.size() == 1 : "Hang.lean's testcases: ${hang.collect { it.@name.text() }}"
assert hang[0].error.size() == 1
assert hang[0].error.@type == 'io.leansandbox.junit.NoVerdictException'
assert hang[0].error.@message.text().contains('no verdict: timeout')
assert report.@errors == '1'
assert report.@failures == '1'

// A.lean's tests in source order.
def a = cases.findAll { it.startsWith('src/test/lean/A.lean › ') }
assert a == ['src/test/lean/A.lean › zeta', 'src/test/lean/A.lean › f', 'src/test/lean/A.lean › alpha']
