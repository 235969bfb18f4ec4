// What earlier builds left, a day ago: `mvn lean-sandbox:check -Dlean-sandbox.sarifOutput=true`
// (execution default-cli) wrote its XML report and SARIF log, a `mvn verify` (execution lean) its
// report of a failing file; another tool's report sits beside them.
import java.nio.file.Files
import java.nio.file.attribute.FileTime
import java.time.Instant
import java.time.temporal.ChronoUnit

def reports = new File(basedir, 'target/lean-sandbox-reports')
reports.mkdirs()
def yesterday = FileTime.from(Instant.now().minus(1, ChronoUnit.DAYS))
[
    'TEST-lean-sandbox-default-cli.xml': '<testsuite name="lean-sandbox" tests="1" failures="1" errors="0" skipped="0"/>\n',
    'lean-sandbox-default-cli.sarif'   : '{"version": "2.1.0", "runs": []}\n',
    'TEST-lean-sandbox-lean.xml'       : '<testsuite name="lean-sandbox" tests="1" failures="1" errors="0" skipped="0"/>\n',
    'TEST-com.example.OtherTest.xml'   : '<testsuite name="com.example.OtherTest" tests="1" failures="0" errors="0" skipped="0"/>\n',
].each { name, content ->
    def file = new File(reports, name)
    file.text = content
    Files.setLastModifiedTime(file.toPath(), yesterday)
}
return true
