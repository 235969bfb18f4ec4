def log = new File(basedir, 'build.log').text
assert log.contains('timeout must be a positive number of seconds, got -1 (parameter timeout, -Dlean-sandbox.timeout)')
assert !log.contains('\tat ') : 'no stack trace'
return true
