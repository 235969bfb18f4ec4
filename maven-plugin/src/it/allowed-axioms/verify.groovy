// The checks get the stand-in's default answer (no message); what is tested is the axioms, which the
// stand-in's axioms directive declares and Lean's #print axioms answer reports.
def log = new File(basedir, 'build.log').text
def choice = new File(basedir, 'src/main/lean/Choice.lean').absolutePath
assert log =~ /\[ERROR\] AXIOMS +src\/main\/lean\/Choice\.lean \(\d/
assert log.contains('allowed axioms: propext, Quot.sound')
assert log.contains("${choice}: error: t depends on Classical.choice, outside the allowed axioms [propext, Quot.sound] (parameter allowedAxioms)")
assert log =~ /\[INFO\] OK +src\/main\/lean\/Standard\.lean \(\d/
assert log.contains('1 of 2 Lean files failed the check')
def report = new groovy.xml.XmlSlurper().parse(new File(basedir, 'target/lean-sandbox-reports/TEST-lean-sandbox-lean.xml'))
assert report.@failures == '1'
assert report.testcase.find { it.@name == 'src/main/lean/Choice.lean' }.failure.@type == 'lean.axioms'
return true
