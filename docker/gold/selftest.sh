#!/usr/bin/env bash
# Runs comparator's own test projects through an image's gold-grading path, each case the way the
# engine runs it: `lean-sandbox-gold build` in one fresh container that gets only the solution and
# the config, then `lean-sandbox-gold validate` in another fresh container that gets only the
# challenge, the config and the export the first one printed. Both containers: no network,
# read-only root, uid 1000, no capabilities, the project under a noexec tmpfs /tmp (as the engine
# runs them, docker/CONTRACT.md). Each case's outcome must equal its test.json exit_code.
#
# Usage: docker/gold/selftest.sh [--image IMAGE] [CASES_DIR]
#   --image IMAGE  the image to test (default lean-sandbox:latest; the stand-in image here:
#                  lean-sandbox/standin:latest)
#   CASES_DIR      a folder of cases, each with Challenge.lean (or the challenge module's file),
#                  Solution.lean, config.json and test.json: comparator's tests/projects, e.g.
#                    git clone https://github.com/leanprover/comparator &&
#                    git -C comparator checkout 75c730e9b6ef5c2c3b334fad7c3d51fe20624c88
#                    docker/gold/selftest.sh --image lean-sandbox:latest comparator/tests/projects
#                  (default: <repo>/fixtures/comparator-tests, a copy of them). A case's
#                  own lakefile.toml is not used: lean-sandbox-gold writes the project's lakefile.
# Needs: bash, docker, tar. Exit 0 when every case matched, 1 otherwise.
set -euo pipefail

IMAGE=lean-sandbox:latest
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CASES="$SCRIPT_DIR/../../fixtures/comparator-tests"
while [ $# -gt 0 ]; do
    case "$1" in
        --image) [ $# -ge 2 ] || { echo "--image needs a value" >&2; exit 2; }; IMAGE="$2"; shift 2 ;;
        --image=*) IMAGE="${1#--image=}"; shift ;;
        -h|--help) sed -n '2,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "unknown option: $1 (try --help)" >&2; exit 2 ;;
        *) CASES="$1"; shift ;;
    esac
done
[ -d "$CASES" ] || { echo "no cases directory: $CASES" >&2; exit 2; }
docker image inspect "$IMAGE" >/dev/null 2>&1 || { echo "image not found: $IMAGE" >&2; exit 2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/lean-sandbox-gold-selftest.XXXXXX")"
cleanup() { chmod -R u+rwX "$WORK" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# The engine's run-time conditions (CONTRACT.md); DIR is created inside the container's /tmp.
DIR=/tmp/lean-sandbox-gold
RUN=(docker run --rm -i --init --network none --read-only
     --tmpfs "/tmp:rw,nosuid,nodev,noexec,size=2g,uid=1000,gid=1000"
     --user 1000:1000 --cap-drop ALL --security-opt no-new-privileges "$IMAGE")

# gold MODE INPUT_DIR: runs `lean-sandbox-gold MODE` in a fresh container on a copy of INPUT_DIR
# (sent as a tar stream on stdin, unpacked into DIR). stdout/stderr/exit status are the tool's.
gold() {
    tar -C "$2" -cf - . | "${RUN[@]}" sh -c \
        'mkdir "$1" && tar -xf - -C "$1" && exec lean-sandbox-gold "$2" "$1"' sh "$DIR" "$1"
}

expected_code() {
    tr -d ' \t\r\n' < "$1" | sed -n 's/.*"exit_code":\([0-9][0-9]*\).*/\1/p'
}

pass=0; fail=0; failed=()
for case_dir in "$CASES"/*/; do
    case_dir="${case_dir%/}"
    name="${case_dir##*/}"
    [ -f "$case_dir/test.json" ] && [ -f "$case_dir/config.json" ] || continue
    expected="$(expected_code "$case_dir/test.json")"
    [ -n "$expected" ] || { echo "$name: no exit_code in test.json" >&2; exit 2; }

    w="$WORK/$name"
    mkdir -p "$w/build" "$w/validate"
    # BUILD sandbox input: the candidate and the config, nothing else.
    cp "$case_dir/Solution.lean" "$case_dir/config.json" "$w/build/"
    # VALIDATE sandbox input: everything but the solution (and the test's own metadata).
    for entry in "$case_dir"/*; do
        case "${entry##*/}" in Solution.lean|test.json|lakefile.toml) continue ;; esac
        cp -R "$entry" "$w/validate/"
    done
    chmod -R u+rwX "$w"   # the fixtures may be read-only; the tools write beside them

    outcome=""; why=""
    brc=0; gold build "$w/build" > "$w/solution.export" 2> "$w/build.log" || brc=$?
    case "$brc" in
        0)
            cp "$w/solution.export" "$w/validate/solution.export"
            vrc=0; gold validate "$w/validate" > "$w/validate.out" 2> "$w/validate.log" || vrc=$?
            case "$vrc" in
                0) outcome=0; why="$(tail -n 1 "$w/validate.out")" ;;
                1) outcome=1; why="$(grep -m 1 '^uncaught exception' "$w/validate.log" || true)" ;;
                *) outcome="error: validate exited $vrc" ;;
            esac ;;
        1) outcome=1; why="the solution did not build" ;;   # comparator would have rejected it too
        *) outcome="error: build exited $brc" ;;
    esac

    if [ "$outcome" = "$expected" ]; then
        pass=$((pass + 1))
        printf 'PASS  %-24s expected %s, got %s  %s\n' "$name" "$expected" "$outcome" "${why:0:110}"
    else
        fail=$((fail + 1)); failed+=("$name")
        printf 'FAIL  %-24s expected %s, got %s\n' "$name" "$expected" "$outcome"
        for log in build.log validate.out validate.log; do
            [ -s "$w/$log" ] || continue
            echo "  --- $log (last 20 lines)"
            tail -n 20 "$w/$log" | sed 's/^/  /'
        done
    fi
done

total=$((pass + fail))
[ "$total" -gt 0 ] || { echo "no cases (folders with test.json and config.json) in $CASES" >&2; exit 2; }
echo "$pass of $total cases as comparator's tests expect (image $IMAGE)"
if [ "$fail" -gt 0 ]; then
    echo "failed: ${failed[*]}"
    exit 1
fi
