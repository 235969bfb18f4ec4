// The build failed on the discovery issue, which names the parameter and the value: one error (the
// suite's run of the engine), not one per engine that Surefire started, and no made-up testcase.
def log = new File(basedir, 'build.log').text
assert log.contains("lean-sandbox.sorry must be fail, abort or pass, got 'maybe'")
assert log.contains('Tests run: 1, Failures: 0, Errors: 1, Skipped: 0')
// No file was checked: no testcase of A.lean's f.
def reports = new File(basedir, 'target/surefire-reports')
def xml = reports.exists() ? reports.listFiles().findAll { it.name.endsWith('.xml') }.collect { it.text }.join() : ''
assert !xml.contains('A.lean › f')
