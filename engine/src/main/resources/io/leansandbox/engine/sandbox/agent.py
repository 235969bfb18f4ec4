# lean-sandbox in-sandbox agent.
#
# The engine starts one agent per sandbox (`python3 -I -c <this file>`, through one long-lived
# `docker exec -i` in a container, or as a local child process) and keeps its stdin/stdout open.
# Requests and answers are JSON objects, one per line. Keeping a process inside the sandbox is
# what makes a run cheap: starting `repl` from here costs a fork+exec (~1 ms) where a `docker exec`
# costs ~70 ms of runc work (see FIELD-NOTES.md). Only the Python standard library is used, so any
# image with /usr/bin/python3 can host it.
#
# Who is who. In a container the agent runs as root with only the capabilities it needs (SETUID,
# SETGID, KILL: see ContainerSpec) and starts every process as the code's user (hello's `user`), so
# the code can neither signal, trace nor read the agent that serves the next run. Whatever the agent
# does to the code's files, processes and IPC objects, it does from a child that has become the
# code's user (AsCodeUser): files come out owned by that user, and `kill(-1)` reaches exactly the
# code's processes. Locally (trusted code) the agent and the code share the caller's user.
#
# In a Kubernetes pod (restricted Pod Security: non-root, no capability) the agent cannot switch
# users: it runs as the code's user (hello without `user`), non-dumpable so that the code can neither
# trace it nor open its stdin or stdout, and it kills the code's processes with `kill(-1)` as that same
# user. The code could signal the agent; the engine then sees its supervision end and the run is a
# SANDBOX_VIOLATION. PID 1 there is the pod's keeper (unkillable from inside), never counted as the
# code's. hello's `rlimits` ({nofile, fsize}) are set on every process it starts (Kubernetes has no
# ulimits); hello's `end_keeper` makes the agent tell the keeper (SIGUSR1 to PID 1) to end the pod
# once its stream ends, so that an engine that dies leaves no pod running. The engine sends this
# source over stdin (AgentScript.BOOTSTRAP), since a pod exec's command travels in a URL.
#
# Operations (field "op"):
#   hello      {isolation: "container"|"local", workdir, writable: [dirs], scratch, user: "uid:gid",
#               rlimits: {nofile, fsize}?, end_keeper: bool?}
#                                           -> {pid, uid, code_uid, memory}
#   ping       {nonce}                      -> {nonce}
#   repl_start {}                           start the REPL (`repl`, cwd = workdir)
#   repl_send  {command, timeout_ms, output_limit}
#                                           -> {outcome, answer, exit_code, stderr, elapsed_us, stray_bytes}
#              answer: the REPL's output up to its first blank line; stray_bytes: how many bytes it
#              wrote besides (before this command, or after the blank line): one answer per command
#              is all the REPL writes, so anything more was written by something else
#   exec       {argv, files: {path: text}, cwd, timeout_ms, output_limit}
#                                           write the files, run argv (a gold-grading step)
#                                           -> {outcome, exit_code, stdout, stderr, truncated, elapsed_us}
#   repl_stop  {}
#   run        {source, timeout_ms, output_limit}  `lean --run FILE` on the source
#                                           -> {outcome, exit_code, stdout, stderr, truncated, elapsed_us}
#   version    {}                           `lean --version` -> {outcome, exit_code, stdout}
#   reset      {}                           kill every process of the code's user, the REPL's too, and wipe
#                                           the writable dirs and IPC (/dev/shm, /dev/mqueue, SysV objects)
#                                           -> {memory}: the sandbox's anonymous + shared memory after it
#   clean      {}                           the same, sparing the REPL's own processes: between two checks
#                                           on a warm REPL -> {memory, spared, stray_bytes}; stray_bytes: what
#                                           reached the REPL's stdout past its last answer; memory is the cgroup's figure
#                                           as for reset, else (gVisor shows no cgroup) the REPL's resident memory
#   file       {path, max_bytes}            read a file under a writable dir (symlinks refused)
#                                           -> {exists, size, data: base64} (no data when size > max_bytes)
#              {path, data: base64}         write it (parents made) -> {size}: how proof states that the
#                                           REPL pickled cross from one sandbox to another
#   cancel     {target}                     never answered: if request `target` is running a process
#                                           (repl_send, run, exec, version), kill it; that request then
#                                           answers with outcome "cancelled". Stale cancels are dropped.
# outcome is one of: answered (repl), exited, timeout, memory, output_limit, cancelled.
#
# The agent serves one request at a time. While a process runs, its Pump also watches the agent's own
# stdin, so that a cancel line arriving mid-run is seen at once; other lines wait their turn.
import base64
import ctypes
import json
import os
import resource
import selectors
import shutil
import signal
import subprocess
import sys
import time

KILLED = 128 + signal.SIGKILL


class Agent:
    def __init__(self):
        self.isolation = "container"
        self.workdir = os.getcwd()
        self.writable = []
        self.scratch = "/tmp"
        self.repl = None
        self.repl_extra = 0  # bytes the REPL's stdout held past its last answer
        self.children = []
        self.input = Input(sys.stdin.fileno())
        self.current = None  # the id of the request being served
        self.code_user = None  # (uid, gid) the code runs as, when it is not the agent's own
        self.repl_processes = set()  # the REPL's own processes, seen once it first answered
        self.sysv_floors = {}  # where there is no /proc/sysvipc: per kind, the number below which all are gone
        self.rlimits = {}  # limit name -> value, set on every process the agent starts
        self.end_keeper = False  # at the end of the stream, tell PID 1 (the pod's keeper) to end the sandbox

    # --- protocol -------------------------------------------------------------------------------

    def serve(self):
        out = sys.stdout.buffer
        while True:
            line = self.input.next_line()
            if line is None:
                if self.end_keeper and os.getpid() != 1:
                    try:
                        os.kill(1, signal.SIGUSR1)
                    except OSError:
                        pass
                return
            if not line.strip():
                continue
            request = None
            try:
                request = json.loads(line)
                if isinstance(request, dict) and request.get("op") == "cancel":
                    continue  # nothing of its target is running (any more): never answered
                self.current = request.get("id")
                answer = getattr(self, "op_" + request["op"])(request)
                answer["ok"] = answer.get("ok", True)
            except Exception as e:  # a bad request must never end the agent
                answer = {"ok": False, "error": "%s: %s" % (type(e).__name__, e)}
            finally:
                self.current = None
            answer["id"] = request.get("id") if isinstance(request, dict) else None
            out.write(json.dumps(answer).encode() + b"\n")
            out.flush()

    def pump(self, proc, data, timeout_ms, output_limit, answer_ends_at_blank_line):
        return Pump(proc, data, timeout_ms, output_limit, answer_ends_at_blank_line, self.input, self.current)

    def op_hello(self, r):
        self.isolation = r.get("isolation", "container")
        self.workdir = r.get("workdir", self.workdir)
        self.writable = list(r.get("writable", []))
        self.scratch = r.get("scratch", self.scratch)
        self.rlimits = {name: int(value) for name, value in (r.get("rlimits") or {}).items() if name in RLIMITS}
        self.end_keeper = bool(r.get("end_keeper"))
        user = r.get("user")
        if user and os.geteuid() == 0:
            uid, _, gid = user.partition(":")
            self.code_user = (int(uid), int(gid or uid))
        return {"pid": os.getpid(), "uid": os.getuid(), "code_uid": self.code_uid(),
                "python": sys.version.split()[0], "memory": memory_in_use()}

    def code_uid(self):
        return self.code_user[0] if self.code_user else os.getuid()

    def as_code_user(self, work):
        """work() run by a child that has become the code's user; its JSON-able result."""
        if self.code_user is None:
            return work()
        return AsCodeUser(self.code_user).run(work)

    def op_ping(self, r):
        return {"nonce": r.get("nonce")}

    # --- the REPL ---------------------------------------------------------------------------------

    def op_repl_start(self, r):
        self.stop_repl()
        self.repl = self.spawn(["repl"])
        self.repl_extra = 0
        self.repl_processes = set()
        return {"pid": self.repl.pid}

    def op_repl_stop(self, r):
        self.stop_repl()
        return {}

    def op_repl_send(self, r):
        if self.repl is None or self.repl.poll() is not None:
            raise RuntimeError("no REPL is running")
        stray = self.repl_extra + drain_now(self.repl.stdout.fileno())
        data = json.dumps(r["command"], ensure_ascii=False).encode() + b"\n\n"
        oom_before = oom_kills()
        pump = self.pump(self.repl, data, r["timeout_ms"], r["output_limit"], answer_ends_at_blank_line=True)
        result = self.finish(self.repl, pump, oom_before)
        if result["outcome"] != "answered":
            self.stop_repl()
        elif not self.repl_processes:
            # The REPL and what it started before its first answer (the header's import, no user code:
            # the engine sends a header alone first) are what a clean between checks spares.
            self.repl_processes = {self.repl.pid} | descendants(self.repl.pid)
        answer, _, extra = bytes(pump.stdout).partition(b"\n\n")
        self.repl_extra = len(extra)
        result["answer"] = text(answer + b"\n\n" if result["outcome"] == "answered" else pump.stdout)
        result["stray_bytes"] = stray
        return result

    def stop_repl(self):
        if self.repl is not None:
            self.kill(self.repl)
            self.repl = None
        self.repl_processes = set()

    # --- lean --run -----------------------------------------------------------------------------

    def op_run(self, r):
        path = os.path.join(self.scratch, "lean-sandbox-run", "Main.lean")
        self.as_code_user(lambda: write_texts({path: r["source"]}))
        oom_before = oom_kills()
        proc = self.spawn(["lean", "--run", path] + list(r.get("args", [])))
        pump = self.pump(proc, None, r["timeout_ms"], r["output_limit"], answer_ends_at_blank_line=False)
        result = self.finish(proc, pump, oom_before)
        result["stdout"] = text(pump.stdout)
        return result

    def op_exec(self, r):
        self.as_code_user(lambda: write_texts(r.get("files", {})))
        saved, self.workdir = self.workdir, r.get("cwd", self.workdir)
        try:
            proc = self.spawn(list(r["argv"]))
        finally:
            self.workdir = saved
        oom_before = oom_kills()
        pump = self.pump(proc, None, r["timeout_ms"], r["output_limit"], answer_ends_at_blank_line=False)
        result = self.finish(proc, pump, oom_before)
        result["stdout"] = text(pump.stdout)
        return result

    def op_version(self, r):
        proc = self.spawn(["lean", "--version"])
        pump = self.pump(proc, None, r.get("timeout_ms", 10000), 65536, answer_ends_at_blank_line=False)
        result = self.finish(proc, pump, None)
        result["stdout"] = text(pump.stdout)
        return result

    def op_file(self, r):
        path = os.path.realpath(os.path.join(os.path.dirname(r["path"]), ""))
        if not os.path.isabs(r["path"]) or not any(path == os.path.realpath(d) or path.startswith(os.path.realpath(d) + os.sep)
                                                  for d in self.writable):
            raise ValueError("not under a writable directory: %s" % r["path"])
        if "data" in r:
            return self.as_code_user(lambda: write_file(r["path"], base64.b64decode(r["data"])))
        return self.as_code_user(lambda: read_file(r["path"], r.get("max_bytes", 0)))

    # --- processes --------------------------------------------------------------------------------

    def spawn(self, argv):
        identity = {}
        if self.code_user:
            identity = {"user": self.code_user[0], "group": self.code_user[1], "extra_groups": []}
        workdir = self.workdir
        rlimits = self.rlimits
        # The child changes directory once it is the code's user (Popen's cwd= would do it as root,
        # who without CAP_DAC_READ_SEARCH may not enter the user's home); Popen runs preexec_fn
        # after setuid.
        contained = self.isolation == "container"
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True, preexec_fn=lambda: enter_as_code(workdir, contained, rlimits),
                                **identity)
        self.children.append(proc)
        return proc

    def finish(self, proc, pump, oom_before):
        start = time.monotonic()
        outcome = pump.run()
        elapsed = int((time.monotonic() - start) * 1e6)
        if outcome in ("timeout", "output_limit", "cancelled"):
            self.kill(proc)
        elif outcome == "exited":
            proc.wait()
        code = proc.poll()
        exit_code = None if code is None else (code if code >= 0 else 128 - code)
        if outcome == "exited" and code == -signal.SIGKILL and self.out_of_memory(oom_before):
            outcome = "memory"
        return {"outcome": outcome, "exit_code": exit_code, "stderr": text(pump.stderr),
                "truncated": pump.truncated, "elapsed_us": elapsed}

    def out_of_memory(self, oom_before):
        if oom_before is not None:
            return oom_kills() > oom_before
        # Without the cgroup's counter: in a container nothing but the kernel's OOM killer sends
        # SIGKILL to our child unasked (our own kills end as timeout or output_limit).
        return self.isolation == "container"

    def kill(self, proc):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            pass
        try:
            proc.kill()
        except OSError:
            pass
        proc.wait()

    # --- reset ----------------------------------------------------------------------------------

    def op_reset(self, r):
        self.repl = None
        self.repl_processes = set()
        for proc in self.children:
            self.kill(proc)
        self.children = []
        return self.clean_up(spare=set())

    def op_clean(self, r):
        if self.repl is None or self.repl.poll() is not None:
            raise RuntimeError("no REPL is running")
        spare = self.repl_processes or {self.repl.pid}
        self.children = [p for p in self.children if p is self.repl]
        answer = self.clean_up(spare)
        answer["spared"] = len(spare)
        if answer.get("memory") is None:
            answer["memory"] = resident_memory(spare)
        # What reached the REPL's stdout after the last check's answer, until the clean killed every other
        # process: a child of that check writing late. Counted here, so that it is never the next check's.
        answer["stray_bytes"] = self.repl_extra + drain_now(self.repl.stdout.fileno())
        self.repl_extra = 0
        return answer

    def clean_up(self, spare):
        """Kills the code's processes but `spare`, wipes the writable dirs and IPC; fails naming what stayed."""
        if self.isolation != "container":
            # Locally we own only our children's process groups (killed above) and the scratch dirs.
            left = [path for d in self.writable for path in wipe(d)]
            return {"ok": False, "reason": "could not wipe: %s" % left[:5]} if left else {"memory": None}
        wiped = self.writable + [d for d in IPC_DIRS if os.path.isdir(d)]
        floors = dict(self.sysv_floors)
        left = self.as_code_user(lambda: clean_as_code_user(spare, wiped, floors))
        self.sysv_floors = left["floors"]
        reap()
        survivors = [p for p in processes_of(self.code_uid()) if p != os.getpid() and p not in spare]
        if survivors:
            return {"ok": False, "reason": "processes survived the reset: %s" % survivors}
        if left["files"]:
            return {"ok": False, "reason": "could not wipe: %s" % left["files"][:5]}
        if left["ipc"]:
            return {"ok": False, "reason": "could not remove SysV IPC objects: %s" % left["ipc"][:5]}
        return {"memory": memory_in_use()}


class AsCodeUser:
    """Runs a function in a forked child that has dropped to the code's uid and gid (and no other
    groups), and hands back its JSON-able result, or raises what it raised."""

    def __init__(self, user):
        self.uid, self.gid = user

    def run(self, work):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns into the agent's loop
            status = 1
            try:
                os.close(read_end)
                os.setgroups([])
                os.setgid(self.gid)
                os.setuid(self.uid)
                try:
                    reply = {"result": work()}
                except Exception as e:
                    reply = {"error": "%s: %s" % (type(e).__name__, e)}
                with os.fdopen(write_end, "wb") as out:
                    out.write(json.dumps(reply).encode())
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        with os.fdopen(read_end, "rb") as child:
            data = child.read()
        os.waitpid(pid, 0)
        if not data:
            raise RuntimeError("the helper running as the code's user died")
        reply = json.loads(data)
        if "error" in reply:
            raise RuntimeError(reply["error"])
        return reply["result"]


class Input:
    """The agent's stdin, read raw so that a Pump can watch it with select: whole lines, in order."""

    def __init__(self, fd):
        self.fd = fd
        self.buffer = bytearray()
        self.ended = False

    def next_line(self):
        """The next line (without its newline), blocking; None at the end of input."""
        while True:
            line = self.take_line()
            if line is not None:
                return line
            if self.ended:
                if self.buffer:
                    rest = bytes(self.buffer)
                    self.buffer.clear()
                    return rest
                return None
            self.read()

    def read(self):
        """Reads what is there (blocks if nothing is); False at the end of input."""
        try:
            chunk = os.read(self.fd, 1 << 16)
        except InterruptedError:
            return True
        if not chunk:
            self.ended = True
            return False
        self.buffer += chunk
        return True

    def take_line(self):
        end = self.buffer.find(b"\n")
        if end < 0:
            return None
        line = bytes(self.buffer[:end])
        del self.buffer[:end + 1]
        return line

    def cancels(self, target):
        """Whether a complete line in the buffer cancels request `target`; cancel lines are taken
        out of the buffer, every other line stays for the main loop."""
        kept = bytearray()
        found = False
        rest = self.buffer
        while True:
            end = rest.find(b"\n")
            if end < 0:
                kept += rest
                break
            line = bytes(rest[:end + 1])
            rest = rest[end + 1:]
            try:
                request = json.loads(line) if line.strip() else None
            except ValueError:
                request = None
            if isinstance(request, dict) and request.get("op") == "cancel":
                found = found or (target is not None and request.get("target") == target)
            else:
                kept += line
        self.buffer = kept
        return found


class Pump:
    """Feeds a child's stdin and drains its stdout/stderr until done, a deadline, a size cap, or a
    cancel line for request `request_id` on the agent's own stdin (`agent_input`)."""

    def __init__(self, proc, data, timeout_ms, output_limit, answer_ends_at_blank_line, agent_input=None, request_id=None):
        self.proc = proc
        self.agent_input = agent_input
        self.request_id = request_id
        self.data = data or b""
        self.deadline = time.monotonic() + timeout_ms / 1000.0
        self.limit = output_limit
        self.repl_mode = answer_ends_at_blank_line
        self.stdout = bytearray()
        self.stderr = bytearray()
        self.truncated = False

    def run(self):
        sel = selectors.DefaultSelector()
        streams = {self.proc.stdout.fileno(): self.stdout, self.proc.stderr.fileno(): self.stderr}
        for fd in streams:
            os.set_blocking(fd, False)
            sel.register(fd, selectors.EVENT_READ)
        stdin = self.proc.stdin.fileno()
        if self.data:
            os.set_blocking(stdin, False)
            sel.register(stdin, selectors.EVENT_WRITE)
        elif not self.repl_mode:
            self.proc.stdin.close()
        watching = self.agent_input is not None and not self.agent_input.ended
        if watching:
            if self.agent_input.cancels(self.request_id):
                sel.close()
                return "cancelled"
            sel.register(self.agent_input.fd, selectors.EVENT_READ)
        try:
            while True:
                remaining = self.deadline - time.monotonic()
                if remaining <= 0:
                    return "timeout"
                # Wake up now and then: a process that exits while a background child still holds
                # its pipes open never shows end-of-file.
                for key, _ in sel.select(min(remaining, 0.05)):
                    if watching and key.fd == self.agent_input.fd:
                        if not self.agent_input.read():
                            return "cancelled"  # the engine is gone: nobody waits for this run
                        if self.agent_input.cancels(self.request_id):
                            return "cancelled"
                        continue
                    if key.fd == stdin:
                        self.feed(sel, stdin)
                    elif self.drain(sel, key.fd, streams[key.fd]) < 0:
                        continue
                    if self.overflowing():
                        return "output_limit"
                    if self.repl_mode and answer_complete(self.stdout):
                        return "answered"
                if self.proc.poll() is not None:
                    for fd, buf in streams.items():
                        while fd_open(sel, fd) and self.drain(sel, fd, buf) > 0 and not self.overflowing():
                            pass
                    return "output_limit" if self.overflowing() else "exited"
        finally:
            sel.close()

    def feed(self, sel, fd):
        try:
            sent = os.write(fd, self.data)
        except BrokenPipeError:
            sent = len(self.data)
        self.data = self.data[sent:]
        if not self.data:
            sel.unregister(fd)

    def drain(self, sel, fd, buf):
        """Reads what is there: the number of bytes read, 0 when none is ready, -1 at the end."""
        try:
            chunk = os.read(fd, 1 << 16)
        except BlockingIOError:
            return 0
        if not chunk:
            sel.unregister(fd)
            return -1
        buf += chunk
        return len(chunk)

    def overflowing(self):
        overflow = len(self.stdout) + len(self.stderr) - self.limit
        if overflow <= 0:
            return False
        del self.stdout[max(0, len(self.stdout) - overflow):]
        overflow = len(self.stdout) + len(self.stderr) - self.limit
        if overflow > 0:
            del self.stderr[len(self.stderr) - overflow:]
        self.truncated = True
        return True


def answer_complete(buf):
    # The REPL ends each answer with an empty line, and writes no empty line inside one (JSON
    # strings never contain a raw newline): the first one ends the answer, whatever follows it.
    return buf.strip() != b"" and b"\n\n" in buf


def drain_now(fd):
    """Reads and drops what a pipe holds right now; the number of bytes."""
    os.set_blocking(fd, False)
    n = 0
    try:
        while True:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                return n
            n += len(chunk)
    except BlockingIOError:
        return n


def fd_open(sel, fd):
    try:
        sel.get_key(fd)
        return True
    except KeyError:
        return False


def text(buf):
    return bytes(buf).decode("utf-8", errors="replace")


def oom_kills():
    for path, key in (("/sys/fs/cgroup/memory/memory.oom_control", "oom_kill"),
                      ("/sys/fs/cgroup/memory.events", "oom_kill")):
        try:
            with open(path) as f:
                for line in f:
                    name, _, value = line.partition(" ")
                    if name == key:
                        return int(value)
        except OSError:
            continue
    return None


def processes_of(uid):
    pids = []
    for name in os.listdir("/proc"):
        # PID 1 is never the code's: in a pod it is the keeper, of the code's uid, that no signal sent
        # from inside the pod reaches; in a Docker container it is root's init.
        if not name.isdigit() or name == "1":
            continue
        try:
            if os.stat("/proc/" + name).st_uid != uid:
                continue
            with open("/proc/%s/stat" % name) as f:
                state = f.read().rpartition(")")[2].split()[0]
        except OSError:
            continue
        if state != "Z":  # zombies hold nothing; init reaps them
            pids.append(int(name))
    return pids


def descendants(pid):
    """Every live process under `pid` (from /proc's parent links)."""
    parents = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open("/proc/%s/stat" % name) as f:
                    parents[int(name)] = int(f.read().rpartition(")")[2].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def reap():
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


IPC_DIRS = ["/dev/shm", "/dev/mqueue"]


def clean_as_code_user(spare, directories, floors):
    """In a child running as the code's user: kill its other processes, wipe `directories`, remove
    its SysV IPC objects. What could not be removed, and the new `floors` (see remove_sysv_objects)."""
    kill_all_but(spare | {os.getpid()})
    files = []
    for d in directories:
        files += wipe(d)
    return {"files": files, "ipc": remove_sysv_objects(floors), "floors": floors}


def kill_all_but(spared):
    uid = os.getuid()
    for _ in range(200):
        others = [p for p in processes_of(uid) if p not in spared]
        if not others:
            return
        if spared == {os.getpid()}:
            try:
                # kill(-1) reaches every process this user may signal except PID 1 and ourselves:
                # background processes, double-forked daemons and new sessions included, at once.
                os.kill(-1, signal.SIGKILL)
            except OSError:
                pass
        for pid in others:  # a process born since the listing is found in the next round
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        time.sleep(0.005)


# /proc/sysvipc/<kind>: a header line, then one object per line: key, id, ..., with the owner's uid
# in the column named "uid". IPC_RMID (0) removes one; allowed to its owner, which we are.
SYSV_KINDS = (("shm", "shmctl"), ("msg", "msgctl"), ("sem", "semctl"))
IPC_RMID = 0
SYSV_SWEEP = 65536


def remove_sysv_objects(floors):
    left = []
    libc = ctypes.CDLL(None, use_errno=True)
    for kind, control in SYSV_KINDS:
        path = "/proc/sysvipc/" + kind
        try:
            with open(path) as f:
                header, *rows = f.read().splitlines()
        except OSError:
            # No such view: gVisor has none, and numbers its objects 1, 2, 3... never reusing one. A
            # probe object we make gets the next number, so everything there is lies between the floor
            # (all below it went at the last reset) and the probe: remove each by number.
            floors[kind] = remove_numbered(libc, kind, getattr(libc, control), floors.get(kind, 0))
            continue
        columns = header.split()
        for row in rows:
            fields = dict(zip(columns, row.split()))
            if fields.get("uid") != str(os.getuid()):
                continue
            ipc_id = int(fields[{"sem": "semid", "msg": "msqid"}.get(kind, "shmid")])
            arguments = (ipc_id, 0, IPC_RMID, None) if kind == "sem" else (ipc_id, IPC_RMID, None)
            if getattr(libc, control)(*arguments) != 0:
                left.append("%s %d: %s" % (kind, ipc_id, os.strerror(ctypes.get_errno())))
    return left


def remove_numbered(libc, kind, control, floor):
    """Removes the SysV objects of `kind` numbered from `floor` up; the floor for the next time."""
    make = {"shm": lambda: libc.shmget(0, 1, 0o1000 | 0o600), "msg": lambda: libc.msgget(0, 0o1000 | 0o600),
            "sem": lambda: libc.semget(0, 1, 0o1000 | 0o600)}[kind]
    probe = make()
    # None can be made when the code filled the table: then sweep a wide range once (slow, only then).
    top = probe if probe >= 0 else floor + SYSV_SWEEP
    for ipc_id in range(floor, top + 1):  # a number not in use is refused, and left alone
        control(*((ipc_id, 0, IPC_RMID, None) if kind == "sem" else (ipc_id, IPC_RMID, None)))
    return probe + 1 if probe >= 0 else floor


def write_texts(files):
    for path, content in files.items():
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(content)
    return {}


def write_file(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    return {"size": len(data)}


def read_file(path, max_bytes):
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except FileNotFoundError:
        return {"exists": False}
    with os.fdopen(fd, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        if size > max_bytes:
            return {"exists": True, "size": size}
        data = f.read(size + 1)
    return {"exists": True, "size": len(data), "data": base64.b64encode(data).decode("ascii")}


def memory_in_use():
    """The sandbox's anonymous and shared (tmpfs, /dev/shm, SysV) memory in bytes, from its cgroup;
    page cache is left out: the kernel reclaims it, and reading the toolchain fills it. None unknown."""
    for path, keys in (("/sys/fs/cgroup/memory.stat", ("anon", "shmem")),
                       ("/sys/fs/cgroup/memory/memory.stat", ("total_rss", "total_shmem"))):
        try:
            with open(path) as f:
                stats = dict(line.split() for line in f if line.strip())
            return sum(int(stats[k]) for k in keys)
        except (OSError, KeyError, ValueError):
            continue
    return None


def resident_memory(pids):
    """The resident memory of `pids` in bytes (VmRSS from /proc), None when none of them tells."""
    total, known = 0, False
    for pid in pids:
        try:
            with open("/proc/%d/status" % pid) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
                        known = True
        except (OSError, ValueError, IndexError):
            continue
    return total if known else None


RLIMITS = {"nofile": resource.RLIMIT_NOFILE, "fsize": resource.RLIMIT_FSIZE}


def enter_as_code(workdir, contained, rlimits=None):
    """In the child, as the code's user, before exec."""
    os.chdir(workdir)
    if contained:
        refuse_message_queues()
    for name, value in (rlimits or {}).items():
        # Lowering a limit needs no privilege (never above the hard limit the runtime set); soft = hard, so
        # the code cannot raise it again.
        _, hard = resource.getrlimit(RLIMITS[name])
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(RLIMITS[name], (value, value))
    # When memory runs out the kernel should take the code, not the agent (raising one's own score
    # needs no privilege).
    try:
        with open("/proc/self/oom_score_adj", "w") as f:
            f.write("1000")
    except OSError:
        pass


# POSIX message queue syscalls, by architecture (seccomp_data.arch): mq_open, mq_unlink, mq_timedsend,
# mq_timedreceive, mq_notify, mq_getsetattr. From the kernel's syscall tables
# (arch/x86/entry/syscalls/syscall_64.tbl, include/uapi/asm-generic/unistd.h).
MQ_SYSCALLS = {0xC000003E: range(240, 246),  # AUDIT_ARCH_X86_64
               0xC00000B7: range(180, 186)}  # AUDIT_ARCH_AARCH64
X32_SYSCALL_BIT = 0x40000000


def refuse_message_queues():
    """Makes every POSIX message queue call of this process and its children fail with EPERM (a
    seccomp filter, inherited across fork and exec). Reset wipes /dev/mqueue, but under gVisor there
    is no /dev/mqueue while mq_open still works, so a queue one run left could be opened by name in
    the next; Lean never uses message queues. On an architecture not listed the filter allows all."""
    import ctypes
    arch = {"x86_64": 0xC000003E, "aarch64": 0xC00000B7}.get(os.uname().machine)
    if arch is None:
        return
    ld_abs, jeq, jge, ret = 0x20, 0x15, 0x35, 0x06
    allow, eperm = 0x7FFF0000, 0x00050000 | 1
    calls = list(MQ_SYSCALLS[arch])
    # [load arch] [arch is ours? else deny: a 32-bit call (int 0x80) names the queue calls by other numbers,
    # and Lean makes none] [load nr] ([x32 call? deny]) [each mq call? deny] [allow] [deny]
    program = [(ld_abs, 0, 0, 4), (jeq, 1, 0, arch), (ret, 0, 0, eperm), (ld_abs, 0, 0, 0)]
    checks = ([(jge, X32_SYSCALL_BIT)] if arch == 0xC000003E else []) + [(jeq, nr) for nr in calls]
    for i, (op, k) in enumerate(checks):
        program.append((op, len(checks) - i, 0, k))  # true: skip the other checks and the allow, to deny
    program += [(ret, 0, 0, allow), (ret, 0, 0, eperm)]

    class SockFilter(ctypes.Structure):
        _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint)]

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(SockFilter))]

    filters = (SockFilter * len(program))(*[SockFilter(*i) for i in program])
    fprog = SockFprog(len(program), filters)
    libc = ctypes.CDLL(None, use_errno=True)
    # PR_SET_NO_NEW_PRIVS (38), then PR_SET_SECCOMP (22) with SECCOMP_MODE_FILTER (2).
    if libc.prctl(38, 1, 0, 0, 0) != 0 or libc.prctl(22, 2, ctypes.byref(fprog), 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "cannot install the seccomp filter refusing message queues")


def wipe(directory):
    def make_writable_and_retry(func, path, _exc):
        try:
            os.chmod(os.path.dirname(path), 0o700)
            os.chmod(path, 0o700)
        except OSError:
            pass
        func(path)

    for name in os.listdir(directory):
        path = os.path.join(directory, name)
        try:
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path, onerror=make_writable_and_retry)
            else:
                os.unlink(path)
        except OSError:
            pass
    return [os.path.join(directory, n) for n in os.listdir(directory)]


def harden_self():
    # A non-dumpable process cannot be ptraced or have its /proc memory read by processes of the
    # same user, so user code cannot take over the agent that will serve the next run.
    try:
        ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE = 4
    except Exception:
        pass


if __name__ == "__main__":
    harden_self()
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    Agent().serve()
