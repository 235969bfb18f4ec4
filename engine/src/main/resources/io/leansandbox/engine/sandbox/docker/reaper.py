"""lean-sandbox reaper: removes an engine's containers when the engine is gone.

Runs as `python3 -I -c <this source> ENGINE_ID` in a container of its own, made by the engine from
the sandbox image, with the Docker socket mounted at /var/run/docker.sock. The engine holds this
container's stdin open through an attach connection for as long as its JVM lives. When the JVM dies
(even by SIGKILL) the kernel closes that connection, dockerd closes our stdin (StdinOnce), and we
remove every container labelled io.leansandbox.engine=ENGINE_ID, then exit. A line on stdin means the
same ("reap now and exit"): the engine sends one on a normal close, because its Docker client may
never end the stream with EOF while its connection stays open.

Standard library only: the image contract promises python3 and nothing else. Logs go to stderr
only; stdout carries just the one "ready" line the engine waits for.
"""
import concurrent.futures
import http.client
import json
import socket
import sys
import threading
import time
import urllib.parse

SOCKET = "/var/run/docker.sock"
ENGINE_LABEL = "io.leansandbox.engine"
REQUEST_TIMEOUT = 30
# Between the two listings after a crash: a create the dead engine sent just before it died may
# still complete in dockerd after our first listing.
RACE_WAIT = 1.0
# dockerd removes containers in parallel: one by one, a pool of 32 would take seconds more.
REMOVERS = 8
# The engine's Docker client gives up on a stream that stays silent for its response timeout
# (days); the closed connection would look like a dead engine, so say something now and then.
HEARTBEAT = 3600


def log(message):
    sys.stderr.write("lean-sandbox reaper: " + message + "\n")
    sys.stderr.flush()


class UnixConnection(http.client.HTTPConnection):
    """HTTP over the daemon's unix socket; the host name is only what goes in the Host header."""

    def __init__(self, path):
        super().__init__("localhost", timeout=REQUEST_TIMEOUT)
        self.socket_path = path

    def connect(self):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        sock.connect(self.socket_path)
        self.sock = sock


def call(method, path):
    """One request on a fresh connection (unversioned path: the daemon's own API version); (status, body)."""
    connection = UnixConnection(SOCKET)
    try:
        connection.request(method, path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def containers_of(engine):
    query = urllib.parse.urlencode({"all": "1", "filters": json.dumps({"label": [ENGINE_LABEL + "=" + engine]})})
    status, body = call("GET", "/containers/json?" + query)
    if status != 200:
        raise RuntimeError("listing containers answered %d: %s" % (status, body.decode("utf-8", "replace").strip()))
    return [c["Id"] for c in json.loads(body)]


def is_me(container_id, me):
    # Docker names a container's host after the first 12 characters of its id (the engine sets no hostname).
    return container_id.startswith(me)


def remove(container_id):
    """Force-removes one container (and its anonymous volumes); whether it is gone or going."""
    try:
        status, body = call("DELETE", "/containers/" + container_id + "?v=1&force=1")
    except OSError as e:
        log("could not remove %s: %s" % (container_id[:12], e))
        return False
    if status in (200, 204):
        log("removed " + container_id[:12])
    elif status == 404:
        pass  # gone already: removed by the engine, by auto-remove, or by someone else
    elif status == 409:
        log("removal of %s already in progress" % container_id[:12])
    else:
        log("could not remove %s: %d %s" % (container_id[:12], status, body.decode("utf-8", "replace").strip()))
        return False
    return True


def reap(engine, me, passes):
    """Removes every container of `engine` but this one; `passes` listings, RACE_WAIT apart; whether any failed."""
    failed = False
    with concurrent.futures.ThreadPoolExecutor(max_workers=REMOVERS) as removers:
        for n in range(passes):
            if n > 0:
                time.sleep(RACE_WAIT)
            try:
                others = [c for c in containers_of(engine) if not is_me(c, me)]
            except (OSError, RuntimeError, ValueError) as e:
                failed = True
                log("could not list the containers of engine %s: %s" % (engine, e))
                continue
            if not all(removers.map(remove, others)):
                failed = True
    return failed


def heartbeat():
    while True:
        time.sleep(HEARTBEAT)
        log("waiting")


def main():
    if len(sys.argv) != 2 or not sys.argv[1]:
        log("usage: reaper ENGINE_ID")
        return 2
    engine = sys.argv[1]
    me = socket.gethostname()
    # Prove the whole chain before the engine relies on it: the socket answers, the label filter
    # works, and we can tell ourselves apart (or we would remove ourselves first).
    try:
        found = containers_of(engine)
    except (OSError, RuntimeError, ValueError) as e:
        log("cannot use the Docker socket at %s: %s" % (SOCKET, e))
        return 1
    if not any(is_me(c, me) for c in found):
        log("cannot find this container (hostname %s) among the containers of engine %s" % (me, engine))
        return 1
    threading.Thread(target=heartbeat, daemon=True).start()
    sys.stdout.write("ready\n")
    sys.stdout.flush()

    try:
        line = sys.stdin.buffer.readline()
    except OSError as e:
        log("reading stdin: %s" % e)
        line = b""
    if line:
        # The engine is closing and has removed its containers itself: one listing catches anything left.
        log("asked to reap engine " + engine)
        failed = reap(engine, me, 1)
    else:
        log("stdin closed: engine %s is gone, reaping" % engine)
        failed = reap(engine, me, 2)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
