// Three builds ran (invoker.properties): the first checks the three files, the second none, the
// third (incremental=false) all three again.
def log = new File(basedir, 'build.log').text
def builds = log.split(/\[INFO\] Scanning for projects/)
assert builds.length == 4 : "expected three builds in build.log"
def first = builds[1], second = builds[2], third = builds[3]
assert builds[1..3].every { it.contains('BUILD SUCCESS') }

assert first.contains('Checking 3 Lean files with docker image lean-sandbox/standin:latest')
assert first =~ /OK +src\/main\/lean\/Def\.lean \(\d/
assert first =~ /OK +src\/main\/lean\/Nested\/Answer\.lean \(\d/
assert first =~ /OK +src\/test\/lean\/Two\.lean \(\d/
assert !first.contains('notes.txt')
assert first.contains('2 at a time')
assert first.contains('Lean files: 3, checked: 3, passed: 3, failed: 0, unchanged: 0')

assert second.contains('Skipping 3 of 3 Lean files: 3 unchanged since their last passing check')
assert second.contains('Nothing to check')
assert !second.contains('Checking ')
assert second.contains('Lean files: 3, checked: 0, passed: 0, failed: 0, unchanged: 3')

assert !third.contains('Skipping')
assert third.contains('Checking 3 Lean files with docker image lean-sandbox/standin:latest')
assert third.contains('Lean files: 3, checked: 3, passed: 3, failed: 0, unchanged: 0')

def cache = new File(basedir, 'target/lean-sandbox-cache.json').text
['src/main/lean/Def.lean', 'src/main/lean/Nested/Answer.lean', 'src/test/lean/Two.lean'].each { assert cache.contains(it) }

// The report is the third build's: every file checked.
def report = new groovy.xml.XmlSlurper().parse(new File(basedir, 'target/lean-sandbox-reports/TEST-lean-sandbox-lean.xml'))
assert report.@tests == '3'
assert report.@failures == '0'
assert report.@errors == '0'
assert report.@skipped == '0'
assert report.testcase.find { it.@name == 'src/main/lean/Nested/Answer.lean' }.@classname == 'Nested.Answer'
return true
