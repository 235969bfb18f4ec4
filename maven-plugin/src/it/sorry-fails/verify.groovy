// Lean's recorded answer to transcript dup_sorries' first command: a sorry at 1:24.
def log = new File(basedir, 'build.log').text
def file = new File(basedir, 'src/main/lean/Sorry.lean').absolutePath
assert log =~ /\[ERROR\] SORRY +src\/main\/lean\/Sorry\.lean \(\d/
assert log.contains("[ERROR] ${file}:1:8: warning: declaration uses `sorry`")
assert log.contains("[ERROR] ${file}:1:24: warning: sorry\n    ⊢ 1 = 1")
assert log.contains('1 of 1 Lean file failed the check')
assert !log.contains('\tat ') : 'no stack trace'
def report = new groovy.xml.XmlSlurper().parse(new File(basedir, 'target/lean-sandbox-reports/TEST-lean-sandbox-lean.xml'))
assert report.@failures == '1'
assert report.testcase.failure.@type == 'lean.sorry'
assert !new File(basedir, 'target/lean-sandbox-cache.json').text.contains('Sorry.lean')
return true
