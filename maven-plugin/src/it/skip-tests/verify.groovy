// src/test/lean/Incomplete.lean is transcript incomplete's command, an error at 1:15: it fails the
// build whenever it is checked. src/main/lean/Def.lean passes (its axioms come from a stand-in directive).
def log = new File(basedir, 'build.log').text
def builds = log.split(/\[INFO\] Scanning for projects/)
assert builds.length == 4 : "expected three builds in build.log"
def skipTests = builds[1], testSkip = builds[2], full = builds[3]

assert skipTests.contains('BUILD SUCCESS')
assert skipTests.contains('[INFO] Not checking the Lean files under src/test (1 file): skipTests is true, which skips the tests;'
        + ' the other source directories are checked (-Dlean-sandbox.skip=true skips them too)')
assert skipTests.contains('Checking 1 Lean file with docker image')
assert skipTests =~ /OK +src\/main\/lean\/Def\.lean \(\d/
assert !skipTests.contains('Incomplete.lean')
assert skipTests.contains('Lean files: 1, checked: 1, passed: 1, failed: 0, unchanged: 0')

assert testSkip.contains('BUILD SUCCESS')
assert testSkip.contains('[INFO] Not checking the Lean files under src/test (1 file): maven.test.skip is true')
assert testSkip.contains('Lean files: 1, checked: 0, passed: 0, failed: 0, unchanged: 1')
assert !testSkip.contains('Incomplete.lean')

// Neither switch: the test tree is checked, and its failing file fails the build.
assert full.contains('BUILD FAILURE')
assert !full.contains('Not checking the Lean files')
assert full =~ /\[ERROR\] ERROR +src\/test\/lean\/Incomplete\.lean \(\d/
assert full.contains('Lean files: 2, checked: 1, passed: 0, failed: 1, unchanged: 1')

def report = new groovy.xml.XmlSlurper().parse(new File(basedir, 'target/lean-sandbox-reports/TEST-lean-sandbox-lean.xml'))
assert report.@tests == '2'
assert report.@failures == '1'
return true
