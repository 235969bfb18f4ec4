def log = new File(basedir, 'build.log').text
assert log.contains("The include '**/*.txt' does not select .lean files")
assert log.contains('every include must end in .lean')
assert !log.contains('\tat ') : 'no stack trace'
return true
