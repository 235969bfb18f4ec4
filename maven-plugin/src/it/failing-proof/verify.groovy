// Incomplete.lean: Lean's recorded answer to transcript incomplete's first command, an error at 1:15.
// Unverified.lean: transcript def_eval's command, which the real REPL accepted with no message; no
// transcript answers the plugin's #print axioms f, so Lean never said which axioms f depends on.
// Native.lean: the stand-in's axioms directive reports Lean.ofReduceBool, outside the default
// allowed axioms (allowedAxioms is not set). Def.lean: f depends on no axiom (axioms directive).
def log = new File(basedir, 'build.log').text
def builds = log.split(/\[INFO\] Scanning for projects/)
assert builds.length == 3 : "expected two builds in build.log"
def first = builds[1], second = builds[2]
assert first.contains('BUILD FAILURE') && second.contains('BUILD FAILURE')
def incomplete = new File(basedir, 'src/main/lean/Incomplete.lean').absolutePath
def empty = new File(basedir, 'src/main/lean/Empty.lean').absolutePath
def unverified = new File(basedir, 'src/main/lean/Unverified.lean').absolutePath
def nativeAxioms = new File(basedir, 'src/main/lean/Native.lean').absolutePath

assert first =~ /\[ERROR\] ERROR +src\/main\/lean\/Incomplete\.lean \(\d/
assert first.contains("[ERROR] ${incomplete}:1:15: error: unsolved goals\n    ⊢ Nat")
assert first =~ /\[ERROR\] REFUSED +src\/main\/lean\/Empty\.lean/
assert first.contains("${empty}: error: not checked: the source is empty")
assert first =~ /\[ERROR\] UNVERIFIED src\/main\/lean\/Unverified\.lean \(\d/
assert first.contains("[ERROR] ${unverified}: error: f is unverified: Lean did not report the axioms of f")
assert first =~ /\[ERROR\] AXIOMS +src\/main\/lean\/Native\.lean \(\d/
assert first.contains("[ERROR] ${nativeAxioms}: error: t depends on Lean.ofReduceBool, outside the allowed axioms [propext, Classical.choice, Quot.sound] (parameter allowedAxioms)")
assert first.contains('allowed axioms: propext, Classical.choice, Quot.sound')
assert first =~ /\[INFO\] OK +src\/main\/lean\/Def\.lean/
assert first.contains('Lean files: 5, checked: 5, passed: 1, failed: 4, unchanged: 0')
assert first.contains('4 of 5 Lean files failed the check (report: target/lean-sandbox-reports/TEST-lean-sandbox-lean.xml)')
assert first.contains("${incomplete}:1:15: error: unsolved goals")
assert !log.contains('\tat ') : 'no stack trace'

// The passing file was remembered, the failing ones were checked again.
assert second.contains('Skipping 1 of 5 Lean files: 1 unchanged since their last passing check')
assert second.contains('Checking 4 Lean files')
assert second.contains("${incomplete}:1:15: error: unsolved goals")

def cache = new File(basedir, 'target/lean-sandbox-cache.json').text
assert cache.contains('src/main/lean/Def.lean')
assert !cache.contains('Incomplete.lean')
assert !cache.contains('Empty.lean')
assert !cache.contains('Unverified.lean')
assert !cache.contains('Native.lean')

def report = new groovy.xml.XmlSlurper().parse(new File(basedir, 'target/lean-sandbox-reports/TEST-lean-sandbox-lean.xml'))
assert report.@tests == '5'
assert report.@failures == '3'
assert report.@errors == '1'
assert report.@skipped == '0' : 'the unchanged file passed, on the strength of its last passing check'
def unchanged = report.testcase.find { it.@name == 'src/main/lean/Def.lean' }
assert unchanged.skipped.size() == 0 && unchanged.failure.size() == 0 && unchanged.error.size() == 0
assert unchanged.'system-out'.text().contains('unchanged since its last passing check with the same toolchain and settings')
def failure = report.testcase.find { it.@name == 'src/main/lean/Incomplete.lean' }.failure
assert failure.@type == 'lean.error'
assert failure.@message.text().contains('Incomplete.lean:1:15: error: unsolved goals')
assert report.testcase.find { it.@name == 'src/main/lean/Empty.lean' }.error.@type == 'lean.refused'
assert report.testcase.find { it.@name == 'src/main/lean/Unverified.lean' }.failure.@type == 'lean.unverified'
assert report.testcase.find { it.@name == 'src/main/lean/Native.lean' }.failure.@type == 'lean.axioms'
return true
