def log = new File(basedir, 'build.log').text
assert log.contains('Lean checks skipped (lean-sandbox.skip)')
assert !new File(basedir, 'target/lean-sandbox-reports').exists()
return true
