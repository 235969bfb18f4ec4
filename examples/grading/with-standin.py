#!/usr/bin/env python3
"""Prepares and checks examples/grading for the stand-in toolchain (tests only; see README.md).

  with-standin.py merge CANDIDATES DIRECTIVES OUT   appends each candidate's stand-in directives
                                                   (`--! standin: ...` comment lines) to its Lean
  with-standin.py check DIRECTIVES VERDICTS SUMMARY every verdict is the one DIRECTIVES expects, and
                                                   the summary counts them, solves and scores as they say

The stand-in does not elaborate Lean: the directives tell it what Lean would answer. They live in
their own file so the candidates stay the Lean a user would grade on the real image.
"""
import json
import sys


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def merge(candidates, directives, out):
    by_key = {(d["problem"], d["attempt"]): d["directives"] for d in read_jsonl(directives)}
    with open(out, "w", encoding="utf-8") as f:
        for c in read_jsonl(candidates):
            lines = by_key.get((c["problem"], c["attempt"]), [])
            if "proof" in c:  # inside the tactic block, indented like it
                c["proof"] = c["proof"].rstrip("\n") + "".join("\n  --! standin: " + d for d in lines)
            else:  # after the file's last line, which ends with a newline
                c["code"] = c["code"] + "".join("--! standin: " + d + "\n" for d in lines)
            f.write(json.dumps(c, ensure_ascii=False) + "\n")


def summary_problems(expected, summary_path):
    """What the summary should say, from the expected verdicts, against what it says."""
    with open(summary_path, encoding="utf-8") as f:
        summary = json.load(f)
    wrong = []
    counts = {}
    for verdict in expected.values():
        counts[verdict] = counts.get(verdict, 0) + 1
    for verdict, n in summary["verdicts"].items():
        if n != counts.get(verdict, 0):
            wrong.append("summary counts %d %s, expected %d" % (n, verdict, counts.get(verdict, 0)))
    problems = {p for p, _ in expected}
    solved = {p for (p, _), v in expected.items() if v == "valid"}
    if summary["candidates"] != len(expected) or summary["problems"] != len(problems):
        wrong.append("summary has %s candidates and %s problems, expected %d and %d"
                     % (summary["candidates"], summary["problems"], len(expected), len(problems)))
    if summary["problems_solved"] != len(solved):
        wrong.append("summary solves %s problems, expected %d" % (summary["problems_solved"], len(solved)))
    # pass@1 per problem is the share of valid attempts (the unbiased estimator at k = 1)
    for p in summary["per_problem"]:
        attempts = [v for (q, _), v in expected.items() if q == p["problem"]]
        want = sum(v == "valid" for v in attempts) / len(attempts)
        if abs(p["pass_at_k"]["1"] - want) > 1e-9:
            wrong.append("pass@1 of %s is %s, expected %s" % (p["problem"], p["pass_at_k"]["1"], want))
    return wrong


def check(directives, verdicts, summary):
    rows = read_jsonl(directives)
    expected = {(d["problem"], d["attempt"]): d["expected"] for d in rows}
    trust = {(d["problem"], d["attempt"]): d["trust"] for d in rows}
    got = {(v["problem"], v["attempt"]): v for v in read_jsonl(verdicts)}
    wrong = []
    for key, verdict in expected.items():
        line = got.get(key)
        if line is None or line["verdict"] != verdict or line["trust"] != trust[key]:
            wrong.append("%s#%s: expected %s at trust %s, got %s" % (
                key[0], key[1], verdict, trust[key],
                "nothing" if line is None else "%s at %s (%s)" % (line["verdict"], line["trust"], line["explanation"])))
    if len(got) != len(expected):
        wrong.append("%d verdict lines for %d candidates" % (len(got), len(expected)))
    wrong += summary_problems(expected, summary)
    for w in wrong:
        print("FAIL " + w, file=sys.stderr)
    if not wrong:
        print("every one of the %d verdicts is the expected one, and so is the summary" % len(expected), file=sys.stderr)
    return 1 if wrong else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["merge"] and len(sys.argv) == 5:
        merge(*sys.argv[2:])
    elif sys.argv[1:2] == ["check"] and len(sys.argv) == 5:
        sys.exit(check(*sys.argv[2:]))
    else:
        sys.exit(__doc__)
