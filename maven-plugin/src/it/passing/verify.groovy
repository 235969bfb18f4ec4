// Three builds ran (invoker.properties): the first checks the four files, the second none, the
// third (incremental=false) all four again. Each definition's axioms come from a stand-in axioms
// directive (with the stand-in's default answer they would be unverified), all among the default
// allowed axioms; Types.lean declares only a structure, which is not graded: Lean's messages decide.
def log = new File(basedir, 'build.log').text
def builds = log.split(/\[INFO\] Scanning for projects/)
assert builds.length == 4 : "expected three builds in build.log"
def first = builds[1], second = builds[2], third = builds[3]
assert builds[1..3].every { it.contains('BUILD SUCCESS') }

assert first.contains('Checking 4 Lean files with docker image lean-sandbox/standin:latest')
assert first.contains('2 at a time, allowed axioms: propext, Classical.choice, Quot.sound')
assert first =~ /OK +src\/main\/lean\/Def\.lean \(\d/
assert first =~ /OK +src\/main\/lean\/Nested\/Answer\.lean \(\d/
assert first =~ /OK +src\/main\/lean\/Types\.lean \(\d/
assert first =~ /OK +src\/test\/lean\/Two\.lean \(\d/
assert !first.contains('notes.txt')
assert first.contains('Lean files: 4, checked: 4, passed: 4, failed: 0, unchanged: 0')

assert second.contains('Skipping 4 of 4 Lean files: 4 unchanged since their last passing check')
assert second.contains('Nothing to check')
assert !second.contains('Checking ')
assert second.contains('Lean files: 4, checked: 0, passed: 0, failed: 0, unchanged: 4')

assert !third.contains('Skipping')
assert third.contains('Checking 4 Lean files with docker image lean-sandbox/standin:latest')
assert third.contains('Lean files: 4, checked: 4, passed: 4, failed: 0, unchanged: 0')

def cache = new File(basedir, 'target/lean-sandbox-cache.json').text
['src/main/lean/Def.lean', 'src/main/lean/Nested/Answer.lean', 'src/main/lean/Types.lean', 'src/test/lean/Two.lean'].each {
    assert cache.contains(it)
}

// The report is the third build's: every file checked.
def report = new groovy.xml.XmlSlurper().parse(new File(basedir, 'target/lean-sandbox-reports/TEST-lean-sandbox-lean.xml'))
assert report.@tests == '4'
assert report.@failures == '0'
assert report.@errors == '0'
assert report.@skipped == '0'
assert report.testcase.find { it.@name == 'src/main/lean/Nested/Answer.lean' }.@classname == 'Nested.Answer'
return true
