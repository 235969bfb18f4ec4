"""Tests of the stand-in Lean toolchain (bin/repl, bin/lean) itself.

Run from the repository root:
    python3 -m unittest discover -s docker/standin -p 'test_*.py'

Standard library only. Transcripts are taken from $LEAN_STANDIN_TRANSCRIPTS if set, else from
../shared/fixtures/repl-transcripts next to the repository (the layout of the build machines).
Directives that could hurt the host are exercised only in bounded form (small alloc, 2 forks whose
children are killed, hang killed after a short wait, background process killed).
"""

import json
import os
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
from importlib.machinery import SourceFileLoader
from importlib.util import module_from_spec, spec_from_loader
from unittest import mock

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.path.join(HERE, "bin")
REPL = os.path.join(BIN, "repl")
LEAN = os.path.join(BIN, "lean")


def _default_transcripts():
    env = os.environ.get("LEAN_STANDIN_TRANSCRIPTS")
    if env:
        return env
    repo = os.path.dirname(os.path.dirname(HERE))
    return os.path.normpath(os.path.join(repo, "..", "shared", "fixtures", "repl-transcripts"))


TRANSCRIPTS = _default_transcripts()


def _load_impl():
    sys.dont_write_bytecode = True
    loader = SourceFileLoader("lean_standin_impl_under_test", REPL)
    module = module_from_spec(spec_from_loader(loader.name, loader))
    loader.exec_module(module)
    return module


IMPL = _load_impl()


def _env(**extra):
    env = dict(os.environ)
    env["LEAN_STANDIN_TRANSCRIPTS"] = TRANSCRIPTS
    for k in ("LEAN_STANDIN_IMPORT_COST_MS", "LEAN_STANDIN_IMPORT_COSTS", "LEAN_STANDIN_STRICT_PARSE_ERRORS",
              "LEAN_STANDIN_START_MS", "LEAN_STANDIN_INIT_IMPORT_MS", "LEAN_STANDIN_COMMAND_MS"):
        env.pop(k, None)
    env["LEAN_STANDIN_COST_MODEL"] = "free"  # tests that are not about cost; CostModelTest sets its own
    env.update(extra)
    return env


def run_repl(text, timeout=30, preexec_fn=None, **env):
    """Feed `text` to the stand-in repl; returns the CompletedProcess (stdout as str)."""
    return subprocess.run([sys.executable, REPL], input=text.encode("utf-8"), capture_output=True,
                          timeout=timeout, env=_env(**env), preexec_fn=preexec_fn)


def queries(*cmds):
    """Frame commands as the REPL expects: each JSON value followed by a blank line."""
    return "".join((c if isinstance(c, str) else json.dumps(c)) + "\n\n" for c in cmds)


def answers(stdout):
    """The JSON answers in a repl output (each must be followed by a blank line)."""
    text = stdout.decode("utf-8") if isinstance(stdout, bytes) else stdout
    assert text == "" or text.endswith("\n\n"), "answer not followed by a blank line: %r" % text[-80:]
    return [json.loads(p) for p in IMPL.split_answers(text)]


def run_lean(*args, stdin=None, **env):
    return subprocess.run([sys.executable, LEAN, *args], input=stdin, capture_output=True, timeout=30,
                          env=_env(**env))


def transcript_pairs():
    for dirpath, _, files in sorted(os.walk(TRANSCRIPTS)):
        for fn in sorted(files):
            if fn.endswith(".in"):
                base = os.path.join(dirpath, fn[:-3])
                if os.path.exists(base + ".expected.out"):
                    yield base


class _Procs:
    """Kills processes a test left behind (fork / spawn-background children)."""

    def __init__(self):
        self.pids = []

    def kill_all(self):
        for pid in self.pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def _children(pid):
    path = "/proc/%d/task/%d/children" % (pid, pid)
    with open(path) as f:
        return [int(x) for x in f.read().split()]


class ReplayTest(unittest.TestCase):
    """Replay of recorded real-REPL answers: the only source of Lean semantics in tests."""

    def test_transcripts_present(self):
        self.assertTrue(os.path.isdir(TRANSCRIPTS), TRANSCRIPTS)
        self.assertGreater(len(list(transcript_pairs())), 50)

    def test_every_transcript_replays_verbatim(self):
        for base in transcript_pairs():
            with self.subTest(transcript=os.path.relpath(base, TRANSCRIPTS)):
                with open(base + ".in", encoding="utf-8") as f:
                    given = f.read()
                with open(base + ".expected.out", encoding="utf-8") as f:
                    expected = f.read()
                proc = run_repl(given)
                self.assertEqual(proc.returncode, 0, proc.stderr)
                out = proc.stdout.decode("utf-8")
                self.assertEqual(answers(out), [json.loads(a) for a in IMPL.split_answers(expected)])
                self.assertEqual(out.rstrip(), expected.rstrip())

    def test_transcripts_never_disagree_on_a_shared_prefix(self):
        # Replay picks the first matching transcript; that is only sound if all agree.
        seen = {}
        for item in IMPL.Transcripts(TRANSCRIPTS).items():
            answers_ = IMPL.Transcripts.answers(item)
            for i in range(min(len(item[3]), len(answers_))):
                key = tuple(item[3][: i + 1])
                if key in seen:
                    self.assertEqual(json.loads(seen[key][1]), json.loads(answers_[i]),
                                     "%s vs %s at %d" % (item[0], seen[key][0], i))
                else:
                    seen[key] = (item[0], answers_[i])

    def test_transcripts_never_disagree_on_a_shared_chain(self):
        # Replay picks the first transcript command with the incoming command's chain: sound only if
        # every transcript command with that chain recorded the same answer, up to the numbering.
        first = {}
        for entry in IMPL.Transcripts(TRANSCRIPTS).entries():
            if entry.key in first:
                self.assertEqual(_numbering_free(entry), _numbering_free(first[entry.key]),
                                 "%s:%d vs %s:%d" % (entry.name, entry.index, first[entry.key].name,
                                                     first[entry.key].index))
            else:
                first[entry.key] = entry
        self.assertGreater(len(IMPL.Transcripts(TRANSCRIPTS).entries()), len(first))  # there are some

    def test_every_recorded_state_is_new_or_named_by_its_command(self):
        # Renumbering relies on it: an answer never names a state its command did not name.
        for entry in IMPL.Transcripts(TRANSCRIPTS).entries():
            self.assertEqual(entry.other, [], "%s:%d" % (entry.name, entry.index))

    def test_commands_compare_as_json_values_not_text(self):
        proc = run_repl('{ "cmd":"def f := 37" }\n\n{"env":0,\n "cmd": "#check (rfl : f = 37)"}\n\n')
        got = answers(proc.stdout)
        self.assertEqual(got[1]["messages"][0]["data"], "rfl : f = f")
        self.assertEqual(got[1]["env"], 1)

    def test_a_chain_starts_at_a_recorded_command(self):
        # The second command of def_eval, sent first, names an env nobody handed out.
        proc = run_repl(queries({"cmd": "#check (rfl : f = 37)", "env": 0}))
        self.assertEqual(answers(proc.stdout), [{"message": "Unknown environment."}])
        # After an unrecorded command: its env has no recorded chain, so nothing on it is replayed;
        # a recorded first command (proof_step's) is replayed anywhere, with this process's numbers.
        proc = run_repl(queries({"cmd": "something new"}, {"cmd": "def f : Nat := by sorry"},
                                {"cmd": "#check (rfl : f = 37)", "env": 0}))
        got = answers(proc.stdout)
        self.assertEqual(got[0], {"env": 0})
        self.assertEqual(got[1]["sorries"][0]["goal"], "\u22a2 Nat")
        self.assertEqual((got[1]["env"], got[1]["sorries"][0]["proofState"]), (1, 0))
        self.assertEqual(got[2], {"env": 2})

    def test_replay_follows_the_chain_not_the_history(self):
        # def_eval = def f := 37; #check (rfl : f = 37) in its env. An unrecorded command in between
        # (on the same env) does not change what the second command runs in.
        proc = run_repl(queries({"cmd": "def f := 37"}, {"cmd": "#check f", "env": 0},
                                {"cmd": "#check (rfl : f = 37)", "env": 0},
                                {"cmd": "#check (rfl : f = 37)", "env": 1}))
        got = answers(proc.stdout)
        self.assertEqual(got[:2], [{"env": 0}, {"env": 1}])
        self.assertEqual(got[2]["messages"][0]["data"], "rfl : f = f")
        self.assertEqual(got[2]["env"], 2)
        self.assertEqual(got[3], {"env": 3})  # env 1 is the unrecorded `#check f`'s: not replayed

    def test_raw_newlines_inside_strings_are_dropped_like_the_real_repl(self):
        # invalid_line_break: the real REPL right-trims each line and concatenates.
        proc = run_repl('{"cmd": "theorem foo : 1 = 1 := by\nsorry"}\n\n')
        self.assertEqual(answers(proc.stdout)[0]["messages"][0]["data"], "Unknown identifier `bysorry`")


def _numbering_free(entry):
    """An Entry's recorded answer with its state ids replaced by what they stand for (a named state:
    -1 env / -2 proofState; the k-th new one: 1000 + k), so answers compare regardless of numbering."""
    mapping = {(f, n): (-1 if f == "env" else -2) for f, n in entry.named.items()}
    for f in IMPL.STATE_FIELDS:
        for slot, n in enumerate(entry.new[f]):
            mapping[(f, n)] = 1000 + slot
    return IMPL.renumber(entry.answer, mapping)


def _shifted(cmd, shift):
    """`cmd` with the states it names moved by shift[field]."""
    cmd = dict(cmd)
    for f in IMPL.STATE_FIELDS:
        if type(cmd.get(f)) is int:
            cmd[f] += shift[f]
    return cmd


def _read_transcript(base):
    with open(base + ".in", encoding="utf-8") as f:
        cmds = [json.loads(q) for q in IMPL.split_queries(f.read())]
    with open(base + ".expected.out", encoding="utf-8") as f:
        recorded = IMPL.split_answers(f.read())
    return cmds, recorded


def _shift_answer(text, shift):
    """A recorded answer with every state id in it moved by shift[field], printed as Lean prints it."""
    answer = json.loads(text)
    ids = IMPL.answer_states(answer)
    return IMPL.lean_json_pretty(IMPL.renumber(answer, {(f, n): n + shift[f] for f, n in ids}))


class ChainReplayTest(unittest.TestCase):
    """Replay keyed on the chain of commands that made a command's env or proof state."""

    # Hands out envs 0-2 and proof state 0 (the second is proof_step's first command, replayed).
    FILLER = [{"cmd": "filler 1"}, {"cmd": "def f : Nat := by sorry"}, {"cmd": "filler 2", "env": 0}]
    SHIFT = {"env": 3, "proofState": 1}

    def test_every_transcript_replays_after_other_commands_with_shifted_ids(self):
        for base in transcript_pairs():
            with self.subTest(transcript=os.path.relpath(base, TRANSCRIPTS)):
                cmds, recorded = _read_transcript(base)
                proc = run_repl(queries(*self.FILLER, *(_shifted(c, self.SHIFT) for c in cmds)))
                self.assertEqual(proc.returncode, 0, proc.stderr)
                out = proc.stdout.decode("utf-8")
                got = IMPL.split_answers(out)[len(self.FILLER):]
                expected = [_shift_answer(a, self.SHIFT) for a in recorded]
                self.assertEqual([json.loads(a) for a in got], [json.loads(a) for a in expected])
                self.assertEqual(got, expected)  # printed as the real REPL prints (test_lean_json_pretty...)

    def test_renumbered_states_map_back(self):
        # proof_step on proof state 1 (the second `def f : Nat := by sorry`): its tactics name the
        # states replayed answers handed out, in this process's numbers.
        proc = run_repl(queries({"cmd": "def f : Nat := by sorry"}, {"cmd": "def f : Nat := by sorry"},
                                {"tactic": "apply Int.natAbs", "proofState": 1},
                                {"tactic": "have t : Nat := 42", "proofState": 1},
                                {"tactic": "exact t", "proofState": 3},
                                {"tactic": "exact t", "proofState": 2}))
        got = answers(proc.stdout)
        self.assertEqual([(a["env"], a["sorries"][0]["proofState"]) for a in got[:2]], [(0, 0), (1, 1)])
        self.assertEqual(got[2], {"proofStatus": "Incomplete: open goals remain", "proofState": 2,
                                  "goals": ["\u22a2 Int"]})
        self.assertEqual(got[3], {"proofStatus": "Incomplete: open goals remain", "proofState": 3,
                                  "goals": ["t : Nat\n\u22a2 Nat"]})
        self.assertEqual(got[4], {"proofStatus": "Completed", "proofState": 4, "goals": []})
        # `exact t` after `apply Int.natAbs` is no recorded chain: the default, not proof_step's answer.
        self.assertEqual(got[5], {"proofStatus": "Completed", "proofState": 5, "goals": []})

    def test_a_transcript_twice_in_one_process(self):
        cmds, recorded = _read_transcript(os.path.join(TRANSCRIPTS, "trace_simp"))
        shift = {"env": 6, "proofState": 3}  # what the first run hands out
        proc = run_repl(queries(*cmds, *(_shifted(c, shift) for c in cmds)))
        got = IMPL.split_answers(proc.stdout.decode("utf-8"))
        self.assertEqual(got, recorded + [_shift_answer(a, shift) for a in recorded])
        self.assertEqual(got[:len(recorded)], recorded)  # the first run: the recorded text itself

    def test_an_empty_command_makes_the_fresh_environment(self):
        # {"cmd": ""} -> env E; a command on E is the command without env (both run on Init alone).
        proc = run_repl(queries({"cmd": ""}, {"cmd": "def f : Nat := by sorry", "env": 0},
                                {"tactic": "apply Int.natAbs", "proofState": 0},
                                {"cmd": " \n\t", "env": 0}, {"cmd": "def f := 37", "env": 2},
                                {"cmd": "#check (rfl : f = 37)", "env": 3}))
        got = answers(proc.stdout)
        self.assertEqual(got[0], {"env": 0})
        self.assertEqual(got[1]["messages"][0]["data"], "declaration uses `sorry`")
        self.assertEqual((got[1]["env"], got[1]["sorries"][0]["proofState"]), (1, 0))
        self.assertEqual(got[2]["goals"], ["\u22a2 Int"])  # proof_step's second answer
        self.assertEqual(got[3], {"env": 2})  # blank, on the fresh env: fresh again
        self.assertEqual(got[4], {"env": 3})
        self.assertEqual(got[5]["messages"][0]["data"], "rfl : f = f")  # def_eval through two blanks

    def test_only_a_blank_command_makes_the_fresh_environment(self):
        proc = run_repl(queries({"cmd": "-- not blank"}, {"cmd": "def f : Nat := by sorry", "env": 0},
                                {"cmd": "def x := 1"}, {"cmd": "", "env": 2},
                                {"cmd": "def f : Nat := by sorry", "env": 3}))
        self.assertEqual(answers(proc.stdout), [{"env": k} for k in range(5)])

    def test_directives_never_match(self):
        proc = run_repl(queries({"cmd": "def f : Nat := by sorry\n--! standin: sleep 1"}))
        self.assertEqual(answers(proc.stdout)[0]["messages"][0]["data"], "standin: slept 1 ms")

    def test_renumber_changes_only_state_ids(self):
        answer = {"sorries": [{"proofState": 3, "goal": "\"proofState\": 3"}], "tactics": [{"proofState": 4}],
                  "messages": [{"env": 3, "data": "x"}], "proofState": 4, "env": 3}
        got = IMPL.renumber(answer, {("env", 3): 12, ("proofState", 3): 10, ("proofState", 4): 11})
        self.assertEqual(got, {"sorries": [{"proofState": 10, "goal": "\"proofState\": 3"}],
                               "tactics": [{"proofState": 11}], "messages": [{"env": 3, "data": "x"}],
                               "proofState": 11, "env": 12})  # an "env" below the top is no state
        self.assertEqual(list(got), list(answer))  # key order kept
        self.assertEqual(answer["env"], 3)  # a copy

    def test_lean_json_pretty_reproduces_every_recorded_answer(self):
        # The real REPL prints answers with Lean's Json.pretty; a renumbered answer is printed by this
        # model of it, which must give the recorded text of every recorded answer.
        count = 0
        for item in IMPL.Transcripts(TRANSCRIPTS).items():
            for text in IMPL.Transcripts.answers(item):
                self.assertEqual(IMPL.lean_json_pretty(json.loads(text)), text, item[0])
                count += 1
        self.assertGreater(count, 200)

    def test_lean_json_pretty_breaks_past_80_columns(self):
        # A group is flattened when it fits in width - column (Format's pushGroup: space <= w - k).
        fits = {"data": "x" * 68}  # {"data": "xxx..."} is 80 columns
        self.assertEqual(IMPL.lean_json_pretty(fits), '{"data": "%s"}' % ("x" * 68))
        self.assertEqual(IMPL.lean_json_pretty({"data": "x" * 69}), '{"data":\n "%s"}' % ("x" * 69))
        self.assertEqual(IMPL.lean_json_pretty({"b": [1, 2], "a": {"c": "t\u0001\n\t\u2200"}, "e": None}),
                         '{"b": [1, 2], "a": {"c": "t\\u0001\\n\\u0009\u2200"}, "e": null}')

    def test_chain_keys_ignore_numbering_and_key_order(self):
        refs = {("env", 7): (4, 0), ("env", 9): (4, 0), ("proofState", 2): (5, 1), ("env", 1): IMPL.FRESH}
        key = lambda cmd: IMPL.chain_key(cmd, lambda f, n: refs.get((f, n)))  # noqa: E731
        self.assertEqual(key({"cmd": "x", "env": 7}), key({"env": 9, "cmd": "x"}))
        self.assertNotEqual(key({"cmd": "x", "env": 7}), key({"cmd": "x"}))
        self.assertEqual(key({"cmd": "x", "env": 1}), key({"cmd": "x"}))  # the fresh environment
        self.assertEqual(key({"path": "F", "env": 1}), key({"path": "F"}))
        self.assertNotEqual(key({"pickleTo": "F", "env": 1}), key({"pickleTo": "F"}))  # env required there
        self.assertIsNone(key({"cmd": "x", "env": 8}))  # unknown or unrecorded
        self.assertIsNone(key({"tactic": "t", "proofState": 3}))
        self.assertNotEqual(key({"tactic": "t", "proofState": 2}), key({"tactic": "t"}))


class CountersAndDefaultsTest(unittest.TestCase):
    """Defaults are NOT Lean's verdict; these tests only pin the stand-in's documented protocol."""

    def test_default_env_numbering(self):
        proc = run_repl(queries({"cmd": "a"}, {"cmd": "b", "env": 0}, {"cmd": "c"}))
        self.assertEqual(answers(proc.stdout), [{"env": 0}, {"env": 1}, {"env": 2}])

    def test_env_continues_after_replayed_answers(self):
        # trace_simp replays envs 0..3; the next default env is 4.
        proc = run_repl(queries({"cmd": "def f := 37"},
                                {"cmd": "@[simp] theorem f_def : f = 37 := by rfl", "env": 0},
                                {"cmd": "set_option trace.Meta.Tactic.simp true", "env": 1},
                                {"cmd": "example : f = 37 := by simp", "env": 2},
                                {"cmd": "new", "env": 3}))
        got = answers(proc.stdout)
        self.assertEqual([a["env"] for a in got], [0, 1, 2, 3, 4])
        self.assertNotIn("messages", got[4])

    def test_pickle_answer_does_not_rewind_the_counter(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "x.olean")
            proc = run_repl(queries({"cmd": "a"}, {"cmd": "b"}, {"pickleTo": path, "env": 0}, {"cmd": "c"}))
        self.assertEqual([a["env"] for a in answers(proc.stdout)], [0, 1, 0, 2])

    def test_unknown_environment(self):
        proc = run_repl(queries({"cmd": "a"}, {"cmd": "b", "env": 1}, {"path": "x.lean", "env": 3}))
        self.assertEqual(answers(proc.stdout), [{"env": 0}, {"message": "Unknown environment."},
                                                {"message": "Unknown environment."}])

    def test_tactic_default_and_proof_state_counter(self):
        # The first command replays proof_step (a sorry with proofState 0); the tactic is new.
        proc = run_repl(queries({"cmd": "def f : Nat := by sorry"}, {"tactic": "simp", "proofState": 0},
                                {"tactic": "simp", "proofState": 1}, {"tactic": "simp", "proofState": 5}))
        got = answers(proc.stdout)
        self.assertEqual(got[1], {"proofStatus": "Completed", "proofState": 1, "goals": []})
        self.assertEqual(got[2], {"proofStatus": "Completed", "proofState": 2, "goals": []})
        self.assertEqual(got[3], {"message": "Unknown proof state."})

    def test_unpickle_defaults(self):
        with tempfile.TemporaryDirectory() as d:
            a, b = os.path.join(d, "a.olean"), os.path.join(d, "b.olean")
            for path in (a, b):
                with open(path, "wb") as f:
                    f.write(IMPL.PICKLE_MAGIC + b"{}\n")
            proc = run_repl(queries({"unpickleEnvFrom": a}, {"unpickleProofStateFrom": b}))
        self.assertEqual(answers(proc.stdout), [{"env": 0},
                                                {"proofStatus": "Completed", "proofState": 0, "goals": []}])

    def test_pickles_are_written_and_unpickling_reads_them(self):
        # The defaults write a stand-in pickle (no Lean state), which unpickling needs: a missing or
        # foreign file is an error answer, as a file command's is. Carriers must keep its bytes.
        with tempfile.TemporaryDirectory() as d:
            ps, env, other = os.path.join(d, "ps.olean"), os.path.join(d, "env.olean"), os.path.join(d, "other.olean")
            with open(other, "w") as f:
                f.write("not a pickle\n")
            proc = run_repl(queries({"cmd": "def f : Nat := by sorry"}, {"pickleTo": ps, "proofState": 0},
                                    {"pickleTo": env, "env": 0}, {"unpickleProofStateFrom": ps},
                                    {"unpickleProofStateFrom": os.path.join(d, "missing.olean")},
                                    {"unpickleEnvFrom": other}))
            with open(ps, "rb") as f:
                self.assertTrue(f.read().startswith(IMPL.PICKLE_MAGIC))
            self.assertTrue(os.path.exists(env))
        got = answers(proc.stdout)
        self.assertEqual(got[1], {"proofStatus": "Completed", "proofState": 1, "goals": []})
        self.assertEqual(got[2], {"env": 0})
        self.assertEqual(got[3], {"proofStatus": "Completed", "proofState": 2, "goals": []})
        self.assertEqual(got[4]["message"], "No such file or directory (error code: 2)\n  file: " + os.path.join(d, "missing.olean"))
        self.assertEqual(got[5]["message"], "stand-in: %s is not a pickle the stand-in wrote" % other)

    def test_invalid_json_kills_the_repl_by_default_like_the_real_one(self):
        for env in ({}, {"LEAN_STANDIN_STRICT_PARSE_ERRORS": "1"}):
            proc = run_repl(queries({"cmd": "a"}) + "{not json\n\n" + queries({"cmd": "b"}), **env)
            self.assertEqual(proc.returncode, 1)
            self.assertEqual(answers(proc.stdout), [{"env": 0}])  # nothing after the bad query
            self.assertIn(b"uncaught exception: {\"message\": \"Could not parse JSON:", proc.stderr)

    def test_lenient_parse_errors_answer_a_message_and_continue(self):
        proc = run_repl("{not json\n\n" + queries({"cmd": "a"}), LEAN_STANDIN_STRICT_PARSE_ERRORS="0")
        got = answers(proc.stdout)
        self.assertTrue(got[0]["message"].startswith("Could not parse JSON:\n"), got[0])
        self.assertEqual(got[1], {"env": 0})
        self.assertEqual(proc.returncode, 0)

    def test_not_a_command(self):
        proc = run_repl(queries({"foo": 1}, [1, 2]))
        got = answers(proc.stdout)
        for a in got:
            self.assertTrue(a["message"].startswith("Could not parse as a valid JSON command:"), a)

    def test_comment_queries_are_skipped(self):
        proc = run_repl("# note\n\n-- note\n\n" + queries({"cmd": "a"}))
        self.assertEqual(answers(proc.stdout), [{"env": 0}])

    def test_extra_blank_line_is_an_empty_query_like_the_real_repl(self):
        # An empty query is not JSON: the real REPL dies on it, so does the stand-in by default.
        proc = run_repl('{"cmd": "a"}\n\n\n{"cmd": "b"}\n\n')
        self.assertEqual((proc.returncode, answers(proc.stdout)), (1, [{"env": 0}]))
        proc = run_repl('{"cmd": "a"}\n\n\n{"cmd": "b"}\n\n', LEAN_STANDIN_STRICT_PARSE_ERRORS="0")
        got = answers(proc.stdout)
        self.assertEqual(got[0], {"env": 0})
        self.assertTrue(got[1]["message"].startswith("Could not parse JSON"))
        self.assertEqual(got[2], {"env": 1})

    def test_last_command_without_blank_line_is_answered_at_eof(self):
        proc = run_repl('{"cmd": "a"}\n\n{"cmd": "b"}')
        self.assertEqual(answers(proc.stdout), [{"env": 0}, {"env": 1}])
        self.assertEqual(proc.returncode, 0)

    def test_empty_input_exits_cleanly(self):
        proc = run_repl("")
        self.assertEqual((proc.returncode, proc.stdout), (0, b""))

    def test_answers_are_flushed_one_by_one(self):
        p = subprocess.Popen([sys.executable, REPL], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=_env())
        try:
            for i in range(3):
                p.stdin.write(b'{"cmd": "x"}\n\n')
                p.stdin.flush()
                self.assertEqual(json.loads(p.stdout.readline()), {"env": i})
                self.assertEqual(p.stdout.readline(), b"\n")
        finally:
            p.stdin.close()
            p.wait(10)
            p.stdout.close()

    def test_missing_transcripts_dir_only_disables_replay(self):
        proc = run_repl(queries({"cmd": "def f := 37"}), LEAN_STANDIN_TRANSCRIPTS="/nonexistent/standin")
        self.assertEqual(answers(proc.stdout), [{"env": 0}])
        self.assertIn(b"replay disabled", proc.stderr)

    def test_shebang_and_modes(self):
        for path in (REPL, LEAN) + tuple(os.path.join(BIN, t) for t in ("comparator", "lake", "lean4export")):
            with open(path, "rb") as f:
                self.assertEqual(f.readline(), b"#!/usr/bin/env python3\n")
            self.assertTrue(os.access(path, os.X_OK), path)


class DirectiveTest(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="standin-test-")
        self.procs = _Procs()

    def tearDown(self):
        self.procs.kill_all()
        self.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    def one(self, src, **env):
        proc = run_repl(queries({"cmd": src}), **env)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        got = answers(proc.stdout)
        self.assertEqual(len(got), 1)
        return got[0]

    def datas(self, answer):
        return [m["data"] for m in answer["messages"]]

    def test_message_shape_and_order(self):
        src = "def x := 1\n--! standin: sleep 1\n  --!standin:exists /\n--! standin: exists /no/such/standin"
        a = self.one(src)
        self.assertEqual(a["env"], 0)
        self.assertEqual(a["messages"], [
            {"severity": "info", "pos": {"line": 2, "column": 0}, "endPos": {"line": 2, "column": 20},
             "data": "standin: slept 1 ms"},
            {"severity": "info", "pos": {"line": 3, "column": 0}, "endPos": {"line": 3, "column": 21},
             "data": "standin: / exists"},
            {"severity": "info", "pos": {"line": 4, "column": 0}, "endPos": {"line": 4, "column": 36},
             "data": "standin: /no/such/standin does not exist"},
        ])

    def test_unknown_and_malformed_directives_are_errors(self):
        a = self.one("--! standin: frobnicate 3\n--! standin: alloc lots")
        self.assertEqual([m["severity"] for m in a["messages"]], ["error", "error"])
        self.assertEqual(a["messages"][0]["data"], "standin: unknown directive frobnicate")
        self.assertTrue(a["messages"][1]["data"].startswith("standin: bad arguments for alloc"))

    def test_sleep(self):
        t = time.monotonic()
        a = self.one("--! standin: sleep 300")
        self.assertGreaterEqual(time.monotonic() - t, 0.3)
        self.assertEqual(self.datas(a), ["standin: slept 300 ms"])

    def test_alloc_small(self):
        self.assertEqual(self.datas(self.one("--! standin: alloc 8")), ["standin: allocated 8 MiB"])

    def test_touch_and_exists(self):
        p = self.path("touched")
        a = self.one("--! standin: exists %s\n--! standin: touch %s\n--! standin: exists %s" % (p, p, p))
        self.assertEqual(self.datas(a), ["standin: %s does not exist" % p, "standin: touched %s" % p,
                                         "standin: %s exists" % p])
        self.assertTrue(os.path.getsize(p) > 0)
        a = self.one("--! standin: touch %s/nodir/x" % self.tmp.name)
        self.assertIn("failed", self.datas(a)[0])

    def test_write(self):
        p = self.path("w.bin")
        self.assertEqual(self.datas(self.one("--! standin: write 3 %s" % p)), ["standin: wrote 3 MiB to %s" % p])
        self.assertEqual(os.path.getsize(p), 3 * 1024 * 1024)

    def test_write_hits_fsize_limit_as_an_error_not_a_signal(self):
        p = self.path("w.bin")

        def limit():
            resource.setrlimit(resource.RLIMIT_FSIZE, (2 * 1024 * 1024, 2 * 1024 * 1024))

        proc = run_repl(queries({"cmd": "--! standin: write 5 %s" % p}), preexec_fn=limit)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        data = answers(proc.stdout)[0]["messages"][0]["data"]
        self.assertTrue(data.startswith("standin: write failed after 2 MiB: "), data)
        self.assertIn("File too large", data)

    def test_print(self):
        proc = run_repl(queries({"cmd": "--! standin: print 2"}))
        a = answers(proc.stdout)[0]
        data = a["messages"][0]["data"]
        self.assertTrue(data.startswith("standin: printed 2 MiB\n"))
        self.assertEqual(len(data) - len("standin: printed 2 MiB\n"), 2 * 1024 * 1024)
        self.assertEqual(a["messages"][0]["severity"], "info")

    def test_several_prints_and_print_zero(self):
        proc = run_repl(queries({"cmd": "--! standin: print 1\n--! standin: print 0\n--! standin: print 2"}))
        datas = [m["data"] for m in answers(proc.stdout)[0]["messages"]]
        self.assertEqual([len(d) for d in datas], [len("standin: printed 1 MiB\n") + 1024 * 1024,
                                                   len("standin: printed 0 MiB"),
                                                   len("standin: printed 2 MiB\n") + 2 * 1024 * 1024])
        self.assertNotIn(b"STANDIN_PAYLOAD", proc.stdout)

    def test_exit(self):
        proc = run_repl(queries({"cmd": "a"}, {"cmd": "--! standin: sleep 1\n--! standin: exit 3"}, {"cmd": "b"}))
        self.assertEqual(proc.returncode, 3)
        self.assertEqual(answers(proc.stdout), [{"env": 0}])

    def test_connect(self):
        srv = socket.socket()
        srv.bind(("127.0.0.1", 0))
        srv.listen(1)
        port = srv.getsockname()[1]
        try:
            a = self.one("--! standin: connect 127.0.0.1:%d" % port)
            self.assertEqual(self.datas(a), ["standin: connected to 127.0.0.1:%d" % port])
        finally:
            srv.close()
        a = self.one("--! standin: connect 127.0.0.1:%d" % port)
        self.assertTrue(self.datas(a)[0].startswith("standin: connect to 127.0.0.1:%d failed: " % port))

    def test_fork(self):
        p = subprocess.Popen([sys.executable, REPL], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=_env())
        try:
            p.stdin.write(queries({"cmd": "--! standin: fork 2"}).encode())
            p.stdin.flush()
            line = p.stdout.readline()
            kids = _children(p.pid)
            self.procs.pids += kids
            self.assertEqual(json.loads(line)["messages"][0]["data"], "standin: forked 2 of 2 processes")
            self.assertEqual(len(kids), 2)
        finally:
            self.procs.kill_all()
            p.stdin.close()
            p.wait(10)
            p.stdout.close()

    def test_ipc_directives_make_objects_that_ipcs_lists(self):
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        a = self.one("--! standin: sysv-shm 1\n--! standin: sysv-msg\n--! standin: sysv-sem\n"
                     "--! standin: mqueue standin-test-q\n--! standin: ipcs")
        made, listing = self.datas(a)[:4], self.datas(a)[4]
        try:
            self.assertRegex(made[0], r"^standin: sysv-shm \d+: 1 MiB$")
            self.assertRegex(made[1], r"^standin: sysv-msg \d+$")
            self.assertRegex(made[2], r"^standin: sysv-sem \d+$")
            self.assertEqual(made[3], "standin: mqueue /standin-test-q")
            for kind, line in zip(("shm", "msg", "sem"), made):
                self.assertIn("sysv-%s %s" % (kind, line.split()[2].rstrip(":")), listing)
        finally:  # the kernel keeps SysV objects and queues after the process: remove them here
            libc.shmctl(int(made[0].split()[2].rstrip(":")), 0, None)
            libc.msgctl(int(made[1].split()[2]), 0, None)
            libc.semctl(int(made[2].split()[2]), 0, 0, None)
            libc.mq_unlink(b"/standin-test-q")

    def test_mq_open_finds_a_queue_by_name_and_never_makes_one(self):
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        absent, = self.datas(self.one("--! standin: mq-open standin-test-probe"))
        self.assertEqual(absent, "standin: mq-open /standin-test-probe: absent")
        try:
            made, present = self.datas(self.one("--! standin: mqueue standin-test-probe\n--! standin: mq-open standin-test-probe"))
            self.assertEqual(present, "standin: mq-open /standin-test-probe: present")
        finally:
            libc.mq_unlink(b"/standin-test-probe")

    def test_every_directive_has_a_usage_line(self):
        self.assertEqual(set(IMPL.DIRECTIVES) - set(IMPL.USAGE), set())

    def test_signal_parent(self):
        a = self.one("--! standin: signal-parent 0\n--! standin: signal-parent NOPE")
        sent, bad = self.datas(a)
        self.assertRegex(sent, r"^standin: sent signal 0 to parent \d+$")
        self.assertIn("bad arguments for signal-parent", bad)

    def test_spawn_background(self):
        a = self.one("--! standin: spawn-background")
        data = self.datas(a)[0]
        self.assertTrue(data.startswith("standin: spawned background process "), data)
        pid = int(data.rsplit(" ", 1)[1])
        self.procs.pids.append(pid)
        deadline = time.monotonic() + 5
        cmdline = b""
        while time.monotonic() < deadline and b"standin-background" not in cmdline:
            with open("/proc/%d/cmdline" % pid, "rb") as f:
                cmdline = f.read()
            time.sleep(0.02)
        self.assertIn(b"standin-background", cmdline)
        # Double fork + setsid: a new session (led by the vanished middle child), not ours.
        self.assertNotEqual(os.getsid(pid), os.getsid(0))
        self.assertNotEqual(os.getsid(pid), pid)

    def test_ps(self):
        # Its own line, found by pid: other stand-ins (other users' tests) may be running too.
        p = subprocess.Popen([sys.executable, REPL], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=_env())
        out, _ = p.communicate(queries({"cmd": "--! standin: ps"}).encode(), timeout=30)
        data = self.datas(answers(out)[0])[0]
        lines = data.split("\n")
        self.assertTrue(lines[0].startswith("standin: ps: "))
        mine = [ln for ln in lines[1:] if ln.split(" ", 1)[0] == str(p.pid)]
        self.assertEqual(len(mine), 1, data[:500])
        pid, uid, cmdline = mine[0].split(" ", 2)
        self.assertEqual(int(uid), os.getuid())
        self.assertIn("bin/repl", cmdline)

    def test_hang_never_answers(self):
        p = subprocess.Popen([sys.executable, REPL], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=_env())
        try:
            p.stdin.write(queries({"cmd": "--! standin: hang"}).encode())
            p.stdin.flush()
            with self.assertRaises(subprocess.TimeoutExpired):
                p.wait(0.7)
        finally:
            p.kill()
            p.wait(10)
            p.stdin.close()
            p.stdout.close()
        self.assertEqual(p.stdout.closed, True)

    def test_directive_in_tactic(self):
        proc = run_repl(queries({"cmd": "def f : Nat := by sorry"},
                                {"tactic": "skip\n--! standin: exists /", "proofState": 0}))
        got = answers(proc.stdout)[1]
        self.assertEqual(got["messages"][0]["data"], "standin: / exists")
        self.assertEqual(got["messages"][0]["pos"], {"line": 2, "column": 0})
        self.assertEqual(got["proofState"], 1)

    def test_directive_in_path_file(self):
        p = self.path("f.lean")
        with open(p, "w") as f:
            f.write("theorem t : True := trivial\n--! standin: exists /\n")
        proc = run_repl(queries({"path": p}, {"path": self.path("missing.lean")}))
        got = answers(proc.stdout)
        self.assertEqual(got[0]["messages"][0]["data"], "standin: / exists")
        self.assertEqual(got[0]["env"], 0)
        self.assertIn("message", got[1])

    def test_fork_stops_at_first_failure(self):
        eagain = OSError(11, "Resource temporarily unavailable")
        with mock.patch.object(IMPL.os, "fork", side_effect=[2 ** 22 + 1, eagain]):
            reports = IMPL.run_directives([(1, "fork", ["3"])])
        self.assertEqual(reports[0][1].text, "forked 1 of 3 processes: [Errno 11] Resource temporarily unavailable")

    def test_os_errors_are_reported_not_raised(self):
        eagain = OSError(11, "Resource temporarily unavailable")
        with mock.patch.object(IMPL.os, "fork", side_effect=eagain):
            reports = IMPL.run_directives([(1, "spawn-background", []), (2, "exists", ["/"])])
        self.assertEqual([r.text for _, r in reports],
                         ["spawn-background failed: [Errno 11] Resource temporarily unavailable", "/ exists"])

    def test_directives_disable_replay(self):
        a = self.one("def f := 37\n--! standin: sleep 1")
        self.assertEqual(self.datas(a), ["standin: slept 1 ms"])

    def test_say_reports_lean_words_at_its_line(self):
        a = self.one("theorem t : True := sorry\n--! standin: say warning declaration uses 'sorry'\n"
                     "--! standin: say error type  mismatch\n--! standin: say info hello")
        self.assertEqual(a["messages"], [
            {"severity": "warning", "pos": {"line": 2, "column": 0}, "endPos": {"line": 2, "column": 49},
             "data": "declaration uses 'sorry'"},
            {"severity": "error", "pos": {"line": 3, "column": 0}, "endPos": {"line": 3, "column": 37},
             "data": "type  mismatch"},  # the rest of the line, spacing kept
            {"severity": "info", "pos": {"line": 4, "column": 0}, "endPos": {"line": 4, "column": 27},
             "data": "hello"},
        ])

    def test_say_bad_arguments(self):
        a = self.one("--! standin: say loud x\n--! standin: say warning\n--! standin: say")
        self.assertEqual([m["severity"] for m in a["messages"]], ["error"] * 3)
        for m in a["messages"]:
            self.assertTrue(m["data"].startswith("standin: bad arguments for say: "), m["data"])

    def test_forge_writes_to_fd1_before_the_answer(self):
        forged = '{"env": 0}\n\n'
        src = "--! standin: forge %s" % json.dumps(forged)
        proc = run_repl(queries({"cmd": "a"}, {"cmd": src}))
        out = proc.stdout.decode()
        first, rest = out.split("\n\n", 1)
        self.assertEqual(json.loads(first), {"env": 0})
        self.assertTrue(rest.startswith(forged), rest)
        real = answers(rest[len(forged):])
        self.assertEqual(real, [{"messages": [{"severity": "info", "pos": {"line": 1, "column": 0},
                                               "endPos": {"line": 1, "column": len(src)},
                                               "data": "standin: forged 12 bytes"}], "env": 1}])

    def test_forge_counts_utf8_bytes(self):
        proc = run_repl(queries({"cmd": "--! standin: forge \"\\u2200x\""}))
        self.assertTrue(proc.stdout.startswith("\u2200x".encode("utf-8")))
        self.assertEqual(answers(proc.stdout[4:])[0]["messages"][0]["data"], "standin: forged 4 bytes")

    def test_forge_bad_arguments(self):
        a = self.one('--! standin: forge nope\n--! standin: forge 42\n--! standin: forge "a" "b"\n'
                     '--! standin: forge-later "x"\n--! standin: forge-later -1 "x"\n--! standin: forge-later 5 x')
        self.assertEqual([m["severity"] for m in a["messages"]], ["error"] * 6)
        self.assertTrue(all("bad arguments for forge" in d for d in self.datas(a)), self.datas(a))

    def test_forge_later_writes_after_the_answer(self):
        forged = '{"env": 99}\n\n'
        p = subprocess.Popen([sys.executable, REPL], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=_env())
        try:
            t = time.monotonic()
            p.stdin.write(queries({"cmd": "--! standin: forge-later 400 %s" % json.dumps(forged)}).encode())
            p.stdin.flush()
            line = p.stdout.readline()
            self.assertLess(time.monotonic() - t, 0.4)  # the repl answered at once
            self.assertEqual(json.loads(line)["messages"][0]["data"], "standin: will forge 13 bytes after 400 ms")
            self.assertEqual(p.stdout.readline(), b"\n")
            p.stdin.close()  # the repl exits; the writer still holds stdout
            self.assertEqual(p.wait(10), 0)
            self.assertEqual(p.stdout.read(), forged.encode())  # EOF once the writer is done
            self.assertGreaterEqual(time.monotonic() - t, 0.4)
        finally:
            p.kill()
            p.wait(10)
            p.stdout.close()


class ProbeTest(unittest.TestCase):
    """`#print axioms NAME` and `#print "STRING"` lines, as the engine's grading probe sends them."""

    def run_cmds(self, *srcs):
        """Each command in the environment of the one before (which answers env i-1 here: no replay)."""
        proc = run_repl(queries(*({"cmd": s, "env": i - 1} if i else {"cmd": s} for i, s in enumerate(srcs))))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return answers(proc.stdout)

    @staticmethod
    def info(line, end, data):
        return {"severity": "info", "pos": {"line": line, "column": 0}, "endPos": {"line": line, "column": end},
                "data": data}

    def test_probe_lines_are_answered_at_their_lines(self):
        decl = ("--! standin: axioms foo propext,Quot.sound\n--! standin: axioms bar'\n"
                "--! standin: axioms «x.y».z Classical.choice")
        probe = ("theorem lean_sandbox_example_L3 : True := trivial\n\n"
                 "#print axioms foo\n#print axioms bar'\n#print axioms undeclared\n#print axioms «x.y».z\n"
                 '#print "lean-sandbox-probe 1234"')
        got = self.run_cmds(decl, probe)[1]
        self.assertEqual(got["messages"], [
            self.info(3, 17, "'foo' depends on axioms: [propext, Quot.sound]"),
            self.info(4, 18, "'bar'' does not depend on any axioms"),
            # line 5: undeclared, no answer (real Lean: unknown constant, or the real axioms)
            self.info(6, 21, "'«x.y».z' depends on axioms: [Classical.choice]"),
            self.info(7, 6, "lean-sandbox-probe 1234"),  # logInfoAt tk: the `#print` token
        ])

    def test_directive_reports_and_answers_are_ordered_by_line(self):
        got = self.run_cmds('#print "a"\n--! standin: axioms t\n#print axioms t\n--! standin: say warning w')[0]
        self.assertEqual([(m["pos"]["line"], m["data"]) for m in got["messages"]],
                         [(1, "a"), (2, "standin: axioms of t: none"), (3, "'t' does not depend on any axioms"),
                          (4, "w")])

    def test_string_escapes(self):
        got = self.run_cmds('#print "q\\"x\\" b\\\\s n\\n t\\t"\n#print "bad \\u0041"\n #print "indented"\n'
                            '#print "two" "strings"\n#print "")')[0]
        self.assertEqual(got["messages"], [self.info(1, 6, 'q"x" b\\s n\n t\t')])

    def test_single_print_axioms_command_as_before(self):
        got = self.run_cmds("--! standin: axioms t A", "#print axioms t", "  #print  axioms t  \n", "#print axioms u")
        self.assertEqual(got[1]["messages"], [self.info(1, 15, "'t' depends on axioms: [A]")])
        self.assertEqual(got[2]["messages"], [self.info(1, 20, "'t' depends on axioms: [A]")])
        self.assertEqual(got[3], {"env": 3})  # undeclared: no message

    def test_declarations_live_in_the_environment_they_were_made_in(self):
        # A reused REPL answers many callers: one caller's declaration must not answer another's probe.
        proc = run_repl(queries({"cmd": "--! standin: axioms t A"}, {"cmd": "#print axioms t", "env": 0},
                                {"cmd": "#print axioms t"}, {"cmd": "def x := 1"}, {"cmd": "#print axioms t", "env": 3}))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        got = answers(proc.stdout)
        self.assertEqual(got[1]["messages"], [self.info(1, 15, "'t' depends on axioms: [A]")])
        self.assertNotIn("messages", got[2])  # a fresh environment: t was never declared there
        self.assertNotIn("messages", got[4])  # nor in another chain

    def test_declarations_live_in_one_process_only(self):
        self.assertEqual(self.run_cmds("#print axioms t\n#print \"n\"")[0]["messages"], [self.info(2, 6, "n")])


class ImportCostTest(unittest.TestCase):

    def timed(self, cmds, **env):
        t = time.monotonic()
        proc = run_repl(queries(*cmds), **env)
        return time.monotonic() - t, answers(proc.stdout)

    def test_header_parser(self):
        f = IMPL.import_header_modules
        self.assertEqual(f("import Mathlib\nopen Real"), ["Mathlib"])
        self.assertEqual(f("-- c\n/- a /- nested -/ b -/\n\nimport A.B\nimport C\ntheorem x : True := trivial"),
                         ["A.B", "C"])
        self.assertEqual(f("module\n\npublic import A\nmeta import B\nimport all C\n"), ["A", "B", "C"])
        self.assertEqual(f("def x := 1\nimport A"), [])
        self.assertEqual(f("importA"), [])
        self.assertEqual(f(""), [])

    def test_cost_table(self):
        old = dict(os.environ)
        try:
            os.environ.pop("LEAN_STANDIN_IMPORT_COST_MS", None)
            os.environ["LEAN_STANDIN_IMPORT_COSTS"] = "Mathlib=2000,Std=50,Mathlib.Tactic=10"
            f = IMPL.import_cost_ms
            self.assertEqual(f(["Mathlib"], None), 2000)
            self.assertEqual(f(["Mathlib.Data.Real.Basic", "Std.Data", "Lean", "MathlibX"], None), 2050)
            self.assertEqual(f(["Mathlib.Tactic.Ring"], None), 10)
            self.assertEqual(f(["Mathlib"], 7), 7)
            os.environ["LEAN_STANDIN_IMPORT_COST_MS"] = "123"
            self.assertEqual(f(["Mathlib"], None), 123)
        finally:
            os.environ.clear()
            os.environ.update(old)

    def test_flat_cost_applies_to_header_commands_only(self):
        dt, got = self.timed([{"cmd": "import Foo\ndef x := 1"}], LEAN_STANDIN_IMPORT_COST_MS="400")
        self.assertGreaterEqual(dt, 0.4)
        self.assertEqual(got, [{"env": 0}])
        dt, _ = self.timed([{"cmd": "def x := 1"}] * 3, LEAN_STANDIN_IMPORT_COST_MS="400")
        self.assertLess(dt, 0.4)

    def test_table_cost_also_slows_replayed_answers(self):
        dt, got = self.timed([{"cmd": "import Mathlib\nopen BigOperators\nopen Real\nopen Nat"}],
                             LEAN_STANDIN_IMPORT_COSTS="Mathlib=300")
        self.assertGreaterEqual(dt, 0.3)
        self.assertEqual(got, [{"env": 0}])

    def test_directive_cost_wins(self):
        dt, got = self.timed([{"cmd": "import Foo\n--! standin: import-cost 300"}],
                             LEAN_STANDIN_IMPORT_COST_MS="5000")
        self.assertGreaterEqual(dt, 0.3)
        self.assertLess(dt, 4.0)
        self.assertEqual(got, [{"env": 0}])  # import-cost reports nothing


class CostModelTest(unittest.TestCase):
    """The cost model: sleeps that make the stand-in cost what the real REPL costs (README)."""

    LEAN = {"model": "lean", "start_ms": 100, "init_import_ms": 150, "command_ms": 20,
            "import_ms": {"Mathlib": 1240}, "flat_import_ms": None}  # the README's published figures

    def printed(self, **env):
        proc = subprocess.run([sys.executable, REPL, "--cost-model"], capture_output=True, timeout=30,
                              env=_env(**env))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout.count(b"\n"), 1)  # one JSON object on one line
        return json.loads(proc.stdout)

    def timed(self, cmds, **env):
        t = time.monotonic()
        proc = run_repl(queries(*cmds), **env)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return time.monotonic() - t, answers(proc.stdout)

    def test_lean_is_the_default_with_the_documented_figures(self):
        env = _env()
        del env["LEAN_STANDIN_COST_MODEL"]
        proc = subprocess.run([sys.executable, REPL, "--cost-model"], capture_output=True, timeout=30, env=env)
        self.assertEqual((proc.returncode, json.loads(proc.stdout)), (0, self.LEAN))
        self.assertEqual(self.printed(LEAN_STANDIN_COST_MODEL="lean"), self.LEAN)

    def test_free_costs_nothing(self):
        self.assertEqual(self.printed(), {"model": "free", "start_ms": 0, "init_import_ms": 0, "command_ms": 0,
                                          "import_ms": {}, "flat_import_ms": None})

    def test_variables_override_parts_of_the_model(self):
        got = self.printed(LEAN_STANDIN_COST_MODEL="lean", LEAN_STANDIN_COMMAND_MS="5", LEAN_STANDIN_START_MS="0",
                           LEAN_STANDIN_INIT_IMPORT_MS="7", LEAN_STANDIN_IMPORT_COSTS="Std=50,Mathlib=9",
                           LEAN_STANDIN_IMPORT_COST_MS="11")
        self.assertEqual(got, {"model": "lean", "start_ms": 0, "init_import_ms": 7, "command_ms": 5,
                               "import_ms": {"Std": 50, "Mathlib": 9}, "flat_import_ms": 11})

    def test_unknown_model_is_refused(self):
        proc = run_repl(queries({"cmd": "a"}), LEAN_STANDIN_COST_MODEL="cheap")
        self.assertEqual((proc.returncode, proc.stdout), (2, b""))
        self.assertIn(b"unknown LEAN_STANDIN_COST_MODEL 'cheap'", proc.stderr)

    # Upper bounds leave ~1 s for starting Python on a loaded 2-core machine; each is below what the
    # run would take if the cost were paid where it must not be.

    def test_start_cost_is_paid_once(self):
        dt, got = self.timed([{"cmd": "a"}] + [{"cmd": "b", "env": 0}] * 3, LEAN_STANDIN_START_MS="400")
        self.assertGreaterEqual(dt, 0.4)
        self.assertLess(dt, 1.4)  # per command: 1.6 s
        self.assertEqual([a["env"] for a in got], [0, 1, 2, 3])

    def test_init_import_is_paid_by_commands_without_env_only(self):
        dt, _ = self.timed([{"cmd": "a"}, {"cmd": "b"}], LEAN_STANDIN_INIT_IMPORT_MS="400")
        self.assertGreaterEqual(dt, 0.8)
        # A header-less check on a reused REPL: one blank command pays Init, then no command does.
        dt, got = self.timed([{"cmd": ""}, {"cmd": "def f : Nat := by sorry", "env": 0},
                              {"cmd": "def f := 37", "env": 0}, {"cmd": "x", "env": 1}],
                             LEAN_STANDIN_INIT_IMPORT_MS="400")
        self.assertGreaterEqual(dt, 0.4)
        self.assertLess(dt, 1.4)  # per command: 1.6 s
        self.assertEqual(got[1]["sorries"][0]["goal"], "\u22a2 Nat")  # replayed, as without env

    def test_command_cost_is_paid_by_commands_that_are_not_blank(self):
        dt, _ = self.timed([{"cmd": "a"}, {"cmd": "b", "env": 0}], LEAN_STANDIN_COMMAND_MS="400")
        self.assertGreaterEqual(dt, 0.8)
        dt, got = self.timed([{"cmd": ""}, {"cmd": " \n"}, {"cmd": "def f : Nat := by sorry"},
                              {"tactic": "apply Int.natAbs", "proofState": 0}, {"cmd": "x", "env": 9}],
                             LEAN_STANDIN_COMMAND_MS="400")
        self.assertGreaterEqual(dt, 0.4)  # only the def: blanks, tactics and protocol errors are free
        self.assertLess(dt, 1.4)
        self.assertEqual(got[4], {"message": "Unknown environment."})

    def test_imports_are_paid_only_without_env(self):
        # With "env" the real REPL processes no header (an import there is an error, not an import).
        dt, _ = self.timed([{"cmd": "a"}] + [{"cmd": "import Foo", "env": 0}] * 4, LEAN_STANDIN_IMPORT_COST_MS="400")
        self.assertLess(dt, 1.4)
        dt, _ = self.timed([{"cmd": "import Foo"}], LEAN_STANDIN_IMPORT_COST_MS="400")
        self.assertGreaterEqual(dt, 0.4)

    def test_lean_model_charges_the_mathlib_import(self):
        # The documented default table, without any variable: Init 150 + Mathlib 1240 ms.
        dt, got = self.timed([{"cmd": "import Mathlib"}], LEAN_STANDIN_COST_MODEL="lean",
                             LEAN_STANDIN_START_MS="0", LEAN_STANDIN_COMMAND_MS="0")
        self.assertGreaterEqual(dt, 1.39)
        self.assertEqual(got[0]["env"], 0)

    def test_costs_are_sleeps(self):
        t, cpu = time.monotonic(), resource.getrusage(resource.RUSAGE_CHILDREN)
        run_repl(queries({"cmd": "a"}), LEAN_STANDIN_COMMAND_MS="700")
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.assertGreaterEqual(time.monotonic() - t, 0.7)
        self.assertLess(used.ru_utime + used.ru_stime - cpu.ru_utime - cpu.ru_stime, 0.5)

    def test_lean_mode_pays_explicit_import_costs_only(self):
        # `lean FILE` (and `lake build`, which runs it) keeps its old costs whatever the model.
        with mock.patch.dict(os.environ, {"LEAN_STANDIN_COST_MODEL": "lean"}), \
                mock.patch.object(IMPL.time, "sleep") as sleep:
            for k in ("LEAN_STANDIN_IMPORT_COSTS", "LEAN_STANDIN_IMPORT_COST_MS"):
                os.environ.pop(k, None)
            IMPL.simulate_import_cost("import Mathlib\n", [])
            self.assertEqual(sleep.call_args_list, [])
            os.environ["LEAN_STANDIN_IMPORT_COSTS"] = "Mathlib=30"
            IMPL.simulate_import_cost("import Mathlib\n", [])
            self.assertEqual(sleep.call_args_list, [mock.call(0.03)])


class LeanModeTest(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="standin-test-")

    def tearDown(self):
        self.tmp.cleanup()

    def file(self, text, name="Main.lean"):
        p = os.path.join(self.tmp.name, name)
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)
        return p

    def first_cmd(self, transcript):
        with open(os.path.join(TRANSCRIPTS, transcript + ".in"), encoding="utf-8") as f:
            return json.loads(IMPL.split_queries(f.read())[0])["cmd"]

    def test_version(self):
        proc = run_lean("--version")
        self.assertEqual(proc.returncode, 0)
        self.assertEqual(proc.stdout.decode(), "Lean (version %s, stand-in toolchain)\n" % IMPL.LEAN_VERSION)

    def test_default_is_silent_success(self):
        proc = run_lean(self.file("def main : IO Unit := pure ()\n"))
        self.assertEqual((proc.returncode, proc.stdout), (0, b""))

    def test_replayed_errors(self):
        p = self.file(self.first_cmd("incomplete") + "\n\n")
        proc = run_lean(p)
        self.assertEqual(proc.returncode, 1)
        self.assertEqual(proc.stdout.decode(), "%s:1:15: error: unsolved goals\n\u22a2 Nat\n" % p)

    def test_replayed_warning_and_info(self):
        p = self.file(self.first_cmd("options"))
        proc = run_lean("--run", p, "arg1")
        self.assertEqual(proc.returncode, 0)
        self.assertTrue(proc.stdout.decode().startswith("constructor List.cons.{u}"))  # info: data only
        p = self.file(self.first_cmd("proof_step"))
        proc = run_lean(p)
        self.assertEqual(proc.returncode, 0)
        self.assertEqual(proc.stdout.decode(), "%s:1:4: warning: declaration uses `sorry`\n" % p)

    def test_directives(self):
        marker = os.path.join(self.tmp.name, "m")
        p = self.file("def main : IO Unit := pure ()\n--! standin: touch %s\n--! standin: exists %s\n" % (marker, marker))
        proc = run_lean("--run", p)
        self.assertEqual(proc.returncode, 0)
        self.assertEqual(proc.stdout.decode(), "standin: touched %s\nstandin: %s exists\n" % (marker, marker))

    def test_print_and_exit(self):
        p = self.file("--! standin: print 1\n--! standin: exit 7\n--! standin: exists /\n")
        proc = run_lean("--run", p)
        self.assertEqual(proc.returncode, 7)
        self.assertEqual(len(proc.stdout), 1024 * 1024 + len("standin: printed 1 MiB\n"))

    def test_say_prints_like_lean(self):
        p = self.file("theorem t : True := sorry\n--! standin: say warning declaration uses 'sorry'\n"
                      "--! standin: say info hi there\n")
        proc = run_lean(p)
        self.assertEqual(proc.returncode, 0)
        self.assertEqual(proc.stdout.decode(), "%s:2:0: warning: declaration uses 'sorry'\nhi there\n" % p)
        p = self.file("--! standin: sleep 1\n--! standin: say error type mismatch\n")
        proc = run_lean(p)
        self.assertEqual(proc.returncode, 1)
        self.assertEqual(proc.stdout.decode(), "standin: slept 1 ms\n%s:2:0: error: type mismatch\n" % p)

    def test_forge_in_lean(self):
        proc = run_lean("--stdin", stdin=b'--! standin: forge "forged\\n"\n')
        self.assertEqual((proc.returncode, proc.stdout), (0, b"forged\nstandin: forged 7 bytes\n"))

    def test_unknown_directive_fails(self):
        proc = run_lean(self.file("--! standin: nope\n"))
        self.assertEqual((proc.returncode, proc.stdout.decode()), (1, "standin: unknown directive nope\n"))

    def test_stdin(self):
        proc = run_lean("--stdin", stdin=b"--! standin: exists /\n")
        self.assertEqual((proc.returncode, proc.stdout), (0, b"standin: / exists\n"))

    def test_errors(self):
        self.assertEqual(run_lean(os.path.join(self.tmp.name, "missing.lean")).returncode, 1)
        self.assertEqual(run_lean("--frobnicate", self.file("")).returncode, 1)
        self.assertEqual(run_lean().returncode, 1)
        self.assertEqual(run_lean("-DmaxHeartbeats=100", self.file("")).returncode, 0)

    def test_import_cost(self):
        t = time.monotonic()
        proc = run_lean(self.file("import Mathlib\n"), LEAN_STANDIN_IMPORT_COSTS="Mathlib=300")
        self.assertGreaterEqual(time.monotonic() - t, 0.3)
        self.assertEqual(proc.returncode, 0)


if __name__ == "__main__":
    unittest.main()
