// DOCKER_HOST points at a socket that does not exist (invoker.properties).
def log = new File(basedir, 'build.log').text
assert log.contains('Cannot check Lean files: cannot reach the Docker daemon at unix:///nonexistent/docker.sock')
assert log.contains('Start it (systemctl start docker, or dockerd &) or point DOCKER_HOST at a running daemon. To skip the Lean checks: -Dlean-sandbox.skip=true. -> [Help 1]')
assert !log.contains('\tat ') : 'no stack trace'
return true
