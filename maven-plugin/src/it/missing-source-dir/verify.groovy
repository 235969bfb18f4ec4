def log = new File(basedir, 'build.log').text
def dir = new File(basedir, 'src/lean').absolutePath
assert log.contains("The source directory ${dir} does not exist. Create it, or fix <sourceDirectories>")
assert !log.contains('\tat ') : 'no stack trace'
return true
