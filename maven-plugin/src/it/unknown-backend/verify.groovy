def log = new File(basedir, 'build.log').text
assert log.contains("Unknown backend 'podman' (parameter backend, -Dlean-sandbox.backend): use docker, or local")
assert !log.contains('\tat ') : 'no stack trace'
return true
