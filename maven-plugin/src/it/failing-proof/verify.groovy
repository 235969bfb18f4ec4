// Lean's recorded answer to transcript incomplete's first command: an error at 1:15.
def log = new File(basedir, 'build.log').text
def builds = log.split(/\[INFO\] Scanning for projects/)
assert builds.length == 3 : "expected two builds in build.log"
def first = builds[1], second = builds[2]
assert first.contains('BUILD FAILURE') && second.contains('BUILD FAILURE')
def incomplete = new File(basedir, 'src/main/lean/Incomplete.lean').absolutePath
def empty = new File(basedir, 'src/main/lean/Empty.lean').absolutePath

assert first =~ /\[ERROR\] ERROR +src\/main\/lean\/Incomplete\.lean \(\d/
assert first.contains("[ERROR] ${incomplete}:1:15: error: unsolved goals\n    ⊢ Nat")
assert first =~ /\[ERROR\] REFUSED +src\/main\/lean\/Empty\.lean/
assert first.contains("${empty}: error: not checked: the source is empty")
assert first =~ /\[INFO\] OK +src\/main\/lean\/Def\.lean/
assert first.contains('Lean files: 3, checked: 3, passed: 1, failed: 2, unchanged: 0')
assert first.contains('2 of 3 Lean files failed the check (report: target/lean-sandbox-reports/TEST-lean-sandbox-lean.xml)')
assert first.contains("${incomplete}:1:15: error: unsolved goals")
assert !log.contains('\tat ') : 'no stack trace'

// The passing file was remembered, the failing ones were checked again.
assert second.contains('Skipping 1 of 3 Lean files: 1 unchanged since their last passing check')
assert second.contains('Checking 2 Lean files')
assert second.contains("${incomplete}:1:15: error: unsolved goals")

def cache = new File(basedir, 'target/lean-sandbox-cache.json').text
assert cache.contains('src/main/lean/Def.lean')
assert !cache.contains('Incomplete.lean')
assert !cache.contains('Empty.lean')

def report = new groovy.xml.XmlSlurper().parse(new File(basedir, 'target/lean-sandbox-reports/TEST-lean-sandbox-lean.xml'))
assert report.@tests == '3'
assert report.@failures == '1'
assert report.@errors == '1'
assert report.@skipped == '1'
def failure = report.testcase.find { it.@name == 'src/main/lean/Incomplete.lean' }.failure
assert failure.@type == 'lean.error'
assert failure.@message.text().contains('Incomplete.lean:1:15: error: unsolved goals')
assert report.testcase.find { it.@name == 'src/main/lean/Empty.lean' }.error.@type == 'lean.refused'
return true
