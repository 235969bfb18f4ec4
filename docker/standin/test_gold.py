"""Tests of the gold-grading path (docker/gold) on this host, with the stand-in comparator, lake and
lean4export (bin/) on PATH, and of those stand-ins themselves.

Run from the repository root:
    python3 -m unittest discover -s docker/standin -p 'test_*.py'

Every case of comparator's test suite (../shared/fixtures/comparator-tests, or
$LEAN_STANDIN_COMPARATOR_TESTS) goes through `lean-sandbox-gold build` in one temporary directory and
`lean-sandbox-gold validate` in another, as the engine does in two sandboxes. The verdicts are the
stand-in comparator's RECORDED outcomes of those cases: these tests check the plumbing (steps, files,
exit codes), not Lean. Standard library only.
"""

import json
import os
import shutil
import stat
import subprocess
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.path.join(HERE, "bin")
GOLD_DIR = os.path.normpath(os.path.join(HERE, "..", "gold"))
GOLD = os.path.join(GOLD_DIR, "lean-sandbox-gold")
SHIM = os.path.join(GOLD_DIR, "lean-sandbox-landrun")
TOOLCHAIN = "leanprover/lean4:v4.33.0-rc2"


def _default_cases():
    env = os.environ.get("LEAN_STANDIN_COMPARATOR_TESTS")
    if env:
        return env
    repo = os.path.dirname(os.path.dirname(HERE))
    return os.path.normpath(os.path.join(repo, "..", "shared", "fixtures", "comparator-tests"))


CASES = _default_cases()


def case_names():
    return sorted(n for n in os.listdir(CASES) if os.path.isfile(os.path.join(CASES, n, "test.json")))


def expected_exit(name):
    with open(os.path.join(CASES, name, "test.json")) as f:
        return json.load(f)["exit_code"]


def _copy(src, dst):
    """Copy a file or tree, writable (the fixtures are read-only; the tools write beside them)."""
    if not os.path.isdir(src):
        shutil.copyfile(src, dst)
        os.chmod(dst, 0o644)
        return
    shutil.copytree(src, dst)
    for dirpath, _, files in os.walk(dst):
        os.chmod(dirpath, 0o755)
        for f in files:
            os.chmod(os.path.join(dirpath, f), 0o644)


class GoldBase(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="gold-test-")
        self.root = self.tmp.name
        self.toolchain = os.path.join(self.root, "lean-toolchain")
        with open(self.toolchain, "w") as f:
            f.write(TOOLCHAIN + "\n")

    def tearDown(self):
        self.tmp.cleanup()

    def env(self, path=None, **extra):
        # /usr/bin before anything else: `#!/usr/bin/env python3` then needs no pyenv shim, and the
        # stand-ins run under `env -i` (PATH and HOME only), as landrun would run them.
        env = {k: v for k, v in os.environ.items() if not k.startswith(("LEAN_SANDBOX_GOLD", "COMPARATOR_"))}
        env.pop("ELAN_HOME", None)
        env.update(PATH=path or os.pathsep.join([BIN, GOLD_DIR, "/usr/bin", "/bin"]),
                   LEAN_SANDBOX_GOLD_TOOLCHAIN=self.toolchain,
                   LEAN_SANDBOX_GOLD_PROJECT=os.path.join(self.root, "no-project"),
                   LEAN_STANDIN_COMPARATOR_TESTS=CASES)
        env.update(extra)
        return env

    def mkdir(self, name):
        d = os.path.join(self.root, name)
        os.makedirs(d)
        return d

    def fake_landrun(self, log):
        """A landrun that logs its arguments and runs the command after `--`, unconfined."""
        fake = os.path.join(self.root, "fake-landrun")
        with open(fake, "w") as f:
            f.write('#!/bin/sh\nprintf "%%s\\n" "$*" >> %s\nwhile [ "$1" != -- ]; do shift; done\nshift\n'
                    'exec "$@"\n' % log)
        os.chmod(fake, stat.S_IRWXU)
        return fake

    def write(self, d, name, text):
        with open(os.path.join(d, name), "w", encoding="utf-8") as f:
            f.write(text)

    def gold(self, mode, d, env=None):
        return subprocess.run([GOLD, mode, d], capture_output=True, timeout=120, env=env or self.env())

    def dirs_for(self, case, tag=""):
        """(build dir, validate dir) holding what the engine sends each sandbox for `case`."""
        src = os.path.join(CASES, case)
        b, v = self.mkdir(case + tag + "-build"), self.mkdir(case + tag + "-validate")
        for name in ("Solution.lean", "config.json"):
            _copy(os.path.join(src, name), os.path.join(b, name))
        for name in os.listdir(src):
            if name not in ("Solution.lean", "test.json", "lakefile.toml"):
                _copy(os.path.join(src, name), os.path.join(v, name))
        return b, v

    def build_then_validate(self, b, v):
        built = self.gold("build", b)
        self.assertEqual(built.returncode, 0, built.stderr.decode())
        with open(os.path.join(v, "solution.export"), "wb") as f:
            f.write(built.stdout)
        return built, self.gold("validate", v)


class GoldFixtureTest(GoldBase):

    def test_fixtures_present(self):
        self.assertGreaterEqual(len(case_names()), 13, CASES)

    def test_every_comparator_test_case(self):
        for case in case_names():
            with self.subTest(case=case):
                b, v = self.dirs_for(case)
                built, validated = self.build_then_validate(b, v)
                # build: stdout is the export, and nothing else; also left in DIR/solution.export
                with open(os.path.join(b, "solution.export"), "rb") as f:
                    self.assertEqual(built.stdout, f.read())
                self.assertTrue(built.stdout.startswith(b"-- lean-sandbox stand-in export"), built.stdout[:80])
                self.assertIn(b"\nmodule Solution\n", built.stdout)
                want = expected_exit(case)
                self.assertEqual(validated.returncode, want, validated.stderr.decode())
                if want == 0:
                    self.assertTrue(validated.stdout.endswith(b"Your solution is okay!\n"), validated.stdout[-200:])
                else:
                    self.assertIn(b"uncaught exception: stand-in comparator: rejected, as comparator did for "
                                  b"its test case ", validated.stderr)
                    self.assertNotIn(b"Your solution is okay!", validated.stdout)


class GoldContractTest(GoldBase):

    def test_unknown_solution_exits_3(self):
        b, v = self.dirs_for("simple_match")
        with open(os.path.join(b, "Solution.lean"), "a") as f:
            f.write("-- not the recorded solution any more\n")
        _, validated = self.build_then_validate(b, v)
        self.assertEqual(validated.returncode, 3, validated.stderr.decode())
        self.assertIn(b"stand-in comparator: no recorded outcome for this challenge and solution", validated.stderr)

    def test_validate_refuses_a_dir_with_the_solution_source(self):
        b, v = self.dirs_for("simple_match")
        built = self.gold("build", b)
        self.write(v, "solution.export", built.stdout.decode())
        _copy(os.path.join(b, "Solution.lean"), os.path.join(v, "Solution.lean"))
        got = self.gold("validate", v)
        self.assertEqual(got.returncode, 2)
        self.assertIn(b"refusing to validate", got.stderr)
        self.assertFalse(os.path.exists(os.path.join(v, ".lake")))  # comparator never ran
        self.assertEqual(got.stdout, b"")

    def test_solution_that_does_not_build_exits_1(self):
        b = self.mkdir("b")
        _copy(os.path.join(CASES, "simple_match", "config.json"), os.path.join(b, "config.json"))
        self.write(b, "Solution.lean", "theorem comm (n m : Nat) : n + m = m + n := by\n"
                   "--! standin: say error type mismatch\n  rfl\n")
        got = self.gold("build", b)
        self.assertEqual(got.returncode, 1, got.stderr.decode())
        self.assertEqual(got.stdout, b"")
        self.assertIn(b"Solution.lean:2:0: error: type mismatch\n", got.stderr)
        self.assertIn(b"the solution did not build", got.stderr)
        self.assertFalse(os.path.exists(os.path.join(b, "solution.export")))

    def test_challenge_that_does_not_build_is_a_setup_problem(self):
        b, v = self.dirs_for("simple_match")
        with open(os.path.join(v, "Challenge.lean"), "a") as f:
            f.write("--! standin: say error unknown identifier\n")
        built = self.gold("build", b)
        self.write(v, "solution.export", built.stdout.decode())
        got = self.gold("validate", v)
        self.assertEqual(got.returncode, 2, got.stderr.decode())
        self.assertIn(b"before it read the solution export", got.stderr)

    def test_export_for_other_constants_is_rejected(self):
        # A solution exported for another config is missing constants: a rejection, never a pass.
        b, v = self.dirs_for("simple_match")
        with open(os.path.join(b, "config.json")) as f:
            cfg = json.load(f)
        cfg["theorem_names"] = ["other"]
        self.write(b, "config.json", json.dumps(cfg))
        _, validated = self.build_then_validate(b, v)
        self.assertEqual(validated.returncode, 1, validated.stderr.decode())
        self.assertIn(b"not one of Solution for the requested constants", validated.stderr)

    def test_garbage_export_is_rejected(self):
        b, v = self.dirs_for("simple_match")
        self.write(v, "solution.export", "Your solution is okay!\n")
        got = self.gold("validate", v)
        self.assertEqual(got.returncode, 1, got.stderr.decode())
        self.assertNotIn(b"Your solution is okay!", got.stdout)

    def test_missing_tools_are_setup_problems(self):
        tools = self.mkdir("tools")
        for t in ("lean", "lake", "lean4export"):  # no comparator
            os.symlink(os.path.join(BIN, t), os.path.join(tools, t))
        b, _ = self.dirs_for("simple_match")
        got = self.gold("build", b, env=self.env(path=os.pathsep.join([tools, "/usr/bin", "/bin"])))
        self.assertEqual(got.returncode, 2)
        self.assertIn(b"comparator not found on PATH", got.stderr)

    def test_setup_problems(self):
        b, v = self.dirs_for("simple_match")
        self.assertEqual(self.gold("validate", v).returncode, 2)  # no solution.export
        os.remove(os.path.join(b, "Solution.lean"))
        self.assertEqual(self.gold("build", b).returncode, 2)  # no solution
        self.assertEqual(self.gold("build", os.path.join(self.root, "nope")).returncode, 2)
        self.assertEqual(subprocess.run([GOLD, "frob", b], capture_output=True).returncode, 2)
        d = self.mkdir("badcfg")
        self.write(d, "Solution.lean", "")
        self.write(d, "config.json", '{"challenge_module": "../x", "solution_module": "Solution"}')
        got = self.gold("build", d)
        self.assertEqual(got.returncode, 2)
        self.assertIn(b"theorem_names must be an array of strings", got.stderr)
        cfg = {"challenge_module": "Challenge.«..»", "solution_module": "Solution", "theorem_names": [],
               "permitted_axioms": [], "enable_nanoda": False}
        self.write(d, "config.json", json.dumps(cfg))
        self.assertIn(b"not a module name", self.gold("build", d).stderr)
        os.mkdir(os.path.join(d, ".lake"))
        cfg["challenge_module"] = "Challenge"
        self.write(d, "config.json", json.dumps(cfg))
        self.assertIn(b"must not contain .lake", self.gold("build", d).stderr)

    def test_project_files(self):
        b, v = self.dirs_for("numeric_namespace")
        self.build_then_validate(b, v)
        with open(os.path.join(v, "lakefile.toml")) as f:
            lakefile = f.read()
        self.assertIn('[[lean_lib]]\nname = "Challenge"\nglobs = ["Challenge.+"]\n', lakefile)
        self.assertIn('[[lean_lib]]\nname = "Solution"\n', lakefile)
        self.assertNotIn("mathlib", lakefile)
        with open(os.path.join(v, "lean-toolchain")) as f:
            self.assertEqual(f.read(), TOOLCHAIN + "\n")

    def test_mathlib_require_when_the_image_project_has_mathlib(self):
        project = self.mkdir("project")
        os.makedirs(os.path.join(project, ".lake", "packages", "mathlib"))
        self.write(project, "lakefile.toml", '[[require]]\nname = "mathlib"\n')
        b, _ = self.dirs_for("simple_match")
        got = self.gold("build", b, env=self.env(LEAN_SANDBOX_GOLD_PROJECT=project))
        self.assertEqual(got.returncode, 0, got.stderr.decode())
        with open(os.path.join(b, "lakefile.toml")) as f:
            self.assertIn('[[require]]\nname = "mathlib"\npath = "%s/.lake/packages/mathlib"\n' % project, f.read())


class LandrunShimTest(GoldBase):

    def shim(self, mode, *args, **extra):
        d = tempfile.mkdtemp(dir=self.root)
        state = os.path.join(d, ".lean-sandbox-gold")
        os.mkdir(state)
        env = self.env(LEAN_SANDBOX_GOLD_MODE=mode, LEAN_SANDBOX_GOLD_DIR=d, LEAN_SANDBOX_GOLD_STATE=state,
                       LEAN_SANDBOX_GOLD_CHALLENGE="Challenge.«12.34»", LEAN_SANDBOX_GOLD_SOLUTION="Solution",
                       **extra)
        return subprocess.run([SHIM] + list(args), capture_output=True, timeout=30, env=env, cwd=d), state

    def fake_lake(self):
        """A `lake` that prints its environment: what the child of landrun sees."""
        tools = self.mkdir("fake")
        p = os.path.join(tools, "lake")
        with open(p, "w") as f:
            f.write("#!/bin/sh\nexec /usr/bin/env\n")
        os.chmod(p, 0o755)
        return os.pathsep.join([tools, "/usr/bin", "/bin"])

    def test_child_gets_only_the_env_variables(self):
        got, state = self.shim("replay", "--best-effort", "--ro", "/", "-ldd", "--env", "PATH", "--env", "UNSET_X",
                               "--env", "A=1", "--rwx", "/tmp", "--", "lake", "build", "Challenge.12.34",
                               path=self.fake_lake(), SECRET="s")
        self.assertEqual(got.returncode, 0, got.stderr.decode())
        names = sorted(line.split("=", 1)[0] for line in got.stdout.decode().splitlines())
        self.assertEqual([n for n in names if n != "PWD"], ["A", "PATH"])  # sh itself sets PWD
        self.assertTrue(os.path.exists(os.path.join(state, "challenge-build.done")))  # «» ignored

    def test_record_mode_skips_the_challenge(self):
        got, state = self.shim("record", "--", "lake", "build", "Challenge.«12.34»", path=self.fake_lake())
        self.assertEqual((got.returncode, got.stdout), (0, b""))
        self.assertTrue(os.path.exists(os.path.join(state, "challenge-build.skipped")))

    def test_refuses_what_comparator_never_runs(self):
        for args in (["--", "sh", "-c", "echo hi"], ["--", "lake", "build", "Other"], ["lake", "build", "Solution"],
                     ["--", "lake", "env", "sh"]):
            with self.subTest(args=args):
                got, _ = self.shim("replay", *args)
                self.assertEqual(got.returncode, 125, got.stderr.decode())
        got = subprocess.run([SHIM, "--", "lake", "build", "Solution"], capture_output=True, env=self.env())
        self.assertEqual(got.returncode, 125)


class StandinToolsTest(GoldBase):

    def run_in(self, d, *cmd, **extra):
        return subprocess.run(list(cmd), capture_output=True, timeout=60, cwd=d, env=self.env(**extra))

    def test_lean4export_format(self):
        d = self.mkdir("p")
        os.makedirs(os.path.join(d, "A", "1.5"))
        self.write(os.path.join(d, "A", "1.5"), "x.lean", "theorem t : True := trivial\n")
        got = self.run_in(d, os.path.join(BIN, "lean4export"), "A.«1.5».x", "--", "t", "propext")
        self.assertEqual(got.returncode, 0, got.stderr)
        import hashlib
        sha = hashlib.sha256(b"theorem t : True := trivial\n").hexdigest()
        self.assertEqual(got.stdout.decode(), "-- lean-sandbox stand-in export (not Lean's format)\n"
                         "module A.«1.5».x\nsource-sha256 %s\nnames t propext\n" % sha)
        self.assertEqual(self.run_in(d, os.path.join(BIN, "lean4export"), "Missing", "--").returncode, 1)

    def test_lake(self):
        d = self.mkdir("p")
        lake = os.path.join(BIN, "lake")
        self.write(d, "M.lean", "def x := 1\n")
        self.assertEqual(self.run_in(d, lake, "build", "M").returncode, 1)  # no lakefile
        self.write(d, "lakefile.toml", 'name = "p"\n')
        got = self.run_in(d, lake, "build", "M")
        self.assertEqual(got.returncode, 0, got.stderr)
        got = self.run_in(d, lake, "build", "N")
        self.assertEqual(got.returncode, 1)
        self.assertIn(b"unknown target `N`", got.stderr)
        got = self.run_in(d, lake, "env", "sh", "-c", "echo $0-$1", "a", "b")
        self.assertEqual((got.returncode, got.stdout), (0, b"a-b\n"))

    def test_comparator_runs_comparators_steps_in_order(self):
        d = self.mkdir("p")
        for name in ("Challenge.lean", "Solution.lean", "config.json"):
            _copy(os.path.join(CASES, "def_hole", name), os.path.join(d, name))
        self.write(d, "lakefile.toml", 'name = "p"\n')
        log = os.path.join(self.root, "landrun.log")
        got = self.run_in(d, os.path.join(BIN, "comparator"), "config.json", COMPARATOR_LANDRUN=self.fake_landrun(log))
        self.assertEqual(got.returncode, 0, got.stderr.decode())
        self.assertTrue(got.stdout.endswith(b"Your solution is okay!\n"))
        with open(log) as f:
            calls = f.read().splitlines()
        prefix = os.path.dirname(os.path.dirname(os.path.realpath(os.path.join(BIN, "lean"))))
        git = shutil.which("git", path="/usr/bin:/bin")
        flags = "--best-effort --ro / --rw /dev -ldd -add-exec"
        names = ("foo propext Quot.sound Classical.choice Nat.add Nat.sub Nat.mul Nat.pow Nat.gcd Nat.div Nat.mod "
                 "Nat.beq Nat.ble Nat.land Nat.lor Nat.xor Nat.shiftLeft Nat.shiftRight String.ofList Char.ofNat "
                 "List eagerReduce n")
        build = ("%s --env PATH --env HOME --env LEAN_ABORT_ON_PANIC --ro %s --rwx %s/.lake --rox %s%s -- lake build "
                 % (flags, d, d, prefix, " --rox " + git if git else ""))
        export = ("%s --env PATH --env HOME --env LEAN_PATH --env LEAN_ABORT_ON_PANIC --ro %s --ro %s/.lake --rox %s "
                  "-- lean4export " % (flags, d, d, prefix))
        self.assertEqual(calls, [build + "Challenge", export + "Challenge -- " + names,
                                 build + "Solution", export + "Solution -- " + names])

    def test_comparator_child_failure(self):
        d = self.mkdir("p")
        _copy(os.path.join(CASES, "simple_match", "config.json"), os.path.join(d, "config.json"))
        self.write(d, "lakefile.toml", 'name = "p"\n')  # no Challenge.lean: `lake build` fails
        fake = self.fake_landrun(os.path.join(self.root, "landrun.log"))
        got = self.run_in(d, os.path.join(BIN, "comparator"), "config.json", COMPARATOR_LANDRUN=fake)
        self.assertEqual(got.returncode, 1)
        self.assertTrue(got.stderr.endswith(b"uncaught exception: Child exited with 1\n"), got.stderr)
        got = self.run_in(d, os.path.join(BIN, "comparator"))
        self.assertEqual((got.returncode, got.stderr),
                         (1, b"uncaught exception: Expected config file path as first argument.\n"))


if __name__ == "__main__":
    unittest.main()
