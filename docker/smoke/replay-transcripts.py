#!/usr/bin/env python3
"""Replays recorded transcripts of the real Lean REPL straight against `repl` and compares each answer
with the recorded one as parsed JSON (key order and layout do not matter, every value does).

    python3 replay-transcripts.py [--repl CMD] [--timeout SECONDS] DIR

DIR holds NAME.in (commands, separated by blank lines) beside NAME.expected.out (the REPL's answers),
searched recursively; an .in without an .expected.out is left out. Each transcript runs on a fresh
`repl` process, so environment and proof state ids count from 0 as they did when it was recorded.
Prints one line per transcript, `NAME: match` or `NAME: DIFFERS: ...` (the first answer that differs),
then a summary. Exit status 0 when every transcript matches, 1 when one differs or none was found,
2 for bad usage. Python 3 standard library only: it runs at image build time (docker/Dockerfile).
"""
import argparse
import json
import os
import re
import subprocess
import sys

MAX_SHOWN = 160


def blocks(text):
    """The REPL's framing: JSON values separated by blank lines."""
    return [b.strip() for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if b.strip()]


def show(value):
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "...(%d chars)" % len(text)


def first_difference(want, got, at=""):
    """Where two unequal JSON values first differ (keys in sorted order), as a JSON Pointer and both values."""
    if isinstance(want, dict) and isinstance(got, dict):
        for key in sorted(set(want) | set(got)):
            here = at + "/" + key.replace("~", "~0").replace("/", "~1")
            if key not in want:
                return "at %s: expected no such field, got %s" % (here, show(got[key]))
            if key not in got:
                return "at %s: expected %s, got no such field" % (here, show(want[key]))
            if want[key] != got[key]:
                return first_difference(want[key], got[key], here)
    if isinstance(want, list) and isinstance(got, list):
        for i, (x, y) in enumerate(zip(want, got)):
            if x != y:
                return first_difference(x, y, "%s/%d" % (at, i))
        if len(want) != len(got):
            return "at %s: expected %d element(s), got %d" % (at or "/", len(want), len(got))
    return "at %s: expected %s, got %s" % (at or "/", show(want), show(got))


def transcripts(root):
    found = []

    def unreadable(error):
        raise error  # a directory the user cannot read must not look like one without transcripts

    for directory, _, files in os.walk(root, onerror=unreadable):
        for name in files:
            if name.endswith(".in"):
                path = os.path.join(directory, name)
                expected = path[:-len(".in")] + ".expected.out"
                if os.path.isfile(expected):
                    found.append((os.path.relpath(path, root)[:-len(".in")], path, expected))
    return sorted(found)


def replay(repl, path, expected_path, timeout):
    """None when every answer matches; else what differs first."""
    with open(path, encoding="utf-8") as f:
        # Queries starting with # or -- get no answer from the REPL: they are left out here too.
        commands = [b for b in blocks(f.read()) if not b.startswith("#") and not b.startswith("--")]
    with open(expected_path, encoding="utf-8") as f:
        expected = [json.loads(b) for b in blocks(f.read())]
    # Each command followed by exactly one blank line: an extra blank line is an (invalid) empty query.
    stdin = "".join(c + "\n\n" for c in commands)
    try:
        run = subprocess.run(repl, input=stdin, capture_output=True, text=True, encoding="utf-8", timeout=timeout)
    except subprocess.TimeoutExpired:
        return "no answer within %d s" % timeout
    except OSError as e:
        return "cannot run %s: %s" % (" ".join(repl), e)
    answers = blocks(run.stdout)
    for i, want in enumerate(expected):
        which = "answer %d of %d" % (i + 1, len(expected))
        if i >= len(answers):
            tail = run.stderr.strip().splitlines()[-1:] or ["(nothing on stderr)"]
            return "%s: no answer, repl exited with %d: %s" % (which, run.returncode, tail[0][:300])
        try:
            got = json.loads(answers[i])
        except ValueError:
            return "%s: not JSON: %s" % (which, answers[i][:MAX_SHOWN])
        if got != want:
            return "%s: %s" % (which, first_difference(want, got))
    if len(answers) > len(expected):
        return "%d answer(s) more than recorded, the first: %s" % (len(answers) - len(expected), answers[len(expected)][:MAX_SHOWN])
    return None


def main(argv):
    parser = argparse.ArgumentParser(description="Replay recorded Lean REPL transcripts against repl.")
    parser.add_argument("--repl", default="repl", help="the REPL command (default: repl on PATH); split on spaces")
    parser.add_argument("--timeout", type=int, default=300, help="seconds per transcript (default: 300)")
    parser.add_argument("dir", help="directory of NAME.in / NAME.expected.out pairs")
    args = parser.parse_args(argv)
    if not os.path.isdir(args.dir):
        parser.error("no such directory: " + args.dir)
    try:
        cases = transcripts(args.dir)
    except OSError as e:
        print("replay-transcripts: cannot read %s: %s" % (args.dir, e), file=sys.stderr)
        return 2
    if not cases:
        print("replay-transcripts: no transcript with a recorded answer in " + args.dir, file=sys.stderr)
        return 1
    differ = 0
    for name, path, expected in cases:
        difference = replay(args.repl.split(), path, expected, args.timeout)
        print("%s: %s" % (name, "match" if difference is None else "DIFFERS: " + difference), flush=True)
        differ += difference is not None
    print("replay-transcripts: %d match, %d differ (of %d)" % (len(cases) - differ, differ, len(cases)), flush=True)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
