def log = new File(basedir, 'build.log').text
assert log.contains("Cannot check Lean files: the image 'lean-sandbox/no-such-image:latest' is not in the Docker daemon")
assert log.contains('Build it: bin/lean-sandbox setup, or docker build -t lean-sandbox/no-such-image:latest')
assert log.contains('To use another image, set <image> or -Dlean-sandbox.image=IMAGE. To skip the Lean checks: -Dlean-sandbox.skip=true. -> [Help 1]')
assert !log.contains('Cannot tell which toolchain')
assert !log.contains('\tat ') : 'no stack trace'
return true
