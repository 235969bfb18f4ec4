#!/usr/bin/env bash
# Checks that a user of the JUnit engine gets a clean test classpath (issue 13): run it after `mvn install`.
#
# Usage: scripts/check-user-classpath.sh [PROJECT_DIR] [MVN_ARGS...]
#   PROJECT_DIR  a Maven project that uses io.leansandbox:lean-sandbox-junit-engine as a test dependency
#                (default: examples/lean-proofs of this repository)
#   MVN_ARGS     passed on to mvn, e.g. -o (offline) or -Dmaven.repo.local=/tmp/m2
#
# It fails (exit 1), naming each offender, when
#   - the project's test classpath (mvn dependency:tree -Dscope=test) holds a library the engine embeds:
#     docker-java, Guava, Jackson, SnakeYAML, BouncyCastle, httpclient5/httpcore5, JNA, commons-*, or the
#     unshaded lean-sandbox-engine itself;
#   - the lean-sandbox-junit-engine jar that Maven resolves for it holds a class, or a resource outside
#     META-INF, that is not under io/leansandbox/ (for a multi-release jar's META-INF/versions/N/ entries,
#     under META-INF/versions/N/io/leansandbox/): an embedded library that was not relocated.
# Exit 2: the project could not be resolved (mvn's log is printed).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
project="$here/examples/lean-proofs"
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
    project="$1"
    shift
fi
if [ ! -f "$project/pom.xml" ]; then
    echo "check-user-classpath: no pom.xml in $project" >&2
    exit 2
fi

dependency_plugin=org.apache.maven.plugins:maven-dependency-plugin:3.8.1
work="$(mktemp -d "${TMPDIR:-/tmp}/check-user-classpath.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# One run: the test-scope tree (what a user's tests see) and the resolved files (to find the engine's jar).
if ! mvn -B -f "$project/pom.xml" "$@" \
        "$dependency_plugin:tree" "$dependency_plugin:build-classpath" \
        -Dscope=test -DoutputFile="$work/tree.txt" \
        -Dmdep.includeScope=test -Dmdep.outputFile="$work/classpath.txt" >"$work/mvn.log" 2>&1; then
    cat "$work/mvn.log" >&2
    echo "check-user-classpath: mvn could not resolve $project" >&2
    exit 2
fi

failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

echo "== test classpath of $project (dependency:tree -Dscope=test)"
cat "$work/tree.txt"

# groupId:artifactId patterns (extended regex) = the name reported for each.
forbidden=(
    '^com\.github\.docker-java: = docker-java'
    '^com\.google\.guava: = Guava'
    '^com\.fasterxml\.jackson(\.[a-z0-9.]+)?: = Jackson'
    '^org\.yaml:snakeyaml: = SnakeYAML'
    '^org\.bouncycastle: = BouncyCastle'
    '^org\.apache\.httpcomponents(\.[a-z0-9.]+)?: = httpclient5/httpcore5 (Apache HttpComponents)'
    '^net\.java\.dev\.jna: = JNA'
    '^(commons-[a-z]+|org\.apache\.commons): = Apache Commons (commons-*)'
    '^io\.leansandbox:lean-sandbox-engine: = the unshaded lean-sandbox engine'
)
# Each tree line is "<indent>groupId:artifactId:type[:classifier]:version:scope"; the root line has no indent.
coordinates="$(sed -E 's/^[| +\\-]*//' "$work/tree.txt" | tail -n +2)"
for entry in "${forbidden[@]}"; do
    pattern="${entry%% = *}"
    name="${entry#* = }"
    while IFS= read -r artifact; do
        [ -n "$artifact" ] && fail "$name on the test classpath: $artifact"
    done < <(grep -E "$pattern" <<<"$coordinates" || true)
done

jar="$(tr ':' '\n' <"$work/classpath.txt" | grep -E '/lean-sandbox-junit-engine-[^/]*\.jar$' | head -n 1 || true)"
if [ -z "$jar" ] || [ ! -f "$jar" ]; then
    fail "no lean-sandbox-junit-engine jar on the test classpath of $project"
else
    if command -v unzip >/dev/null 2>&1; then
        unzip -Z1 "$jar" >"$work/entries.txt"
    else
        jar tf "$jar" >"$work/entries.txt"
    fi
    echo
    echo "== $jar ($(wc -c <"$jar") bytes): packages of its classes (io/leansandbox/junit/shaded/* by library root)"
    grep -E '\.class$' "$work/entries.txt" \
        | sed -E 's#^META-INF/versions/[0-9]+/##; s#/[^/]*$##' \
        | awk -F/ '{ k = ($0 ~ /^io\/leansandbox\/junit\/shaded\/engine(\/|$)/) ? 5 : ($0 ~ /^io\/leansandbox\/junit\/shaded\//) ? 6 : 3
                    d = $1; for (i = 2; i <= k && i <= NF; i++) d = d "/" $i; print d }' \
        | sort | uniq -c | awk '{printf "  %6d classes  %s\n", $1, $2}'
    # Files (not directories) outside where the relocated code lives, grouped by their first two packages (a
    # library embedded unrelocated is a line, not thousands).
    awk '!/\/$/ && !/^io\/leansandbox\// && !/^META-INF\/versions\/[0-9]+\/io\/leansandbox\// &&
         (!/^META-INF\// || /^META-INF\/versions\/[0-9]+\/.*\.class$/)' "$work/entries.txt" \
        >"$work/unrelocated.txt" || true
    while read -r count dir example; do
        fail "$count unrelocated $(case "$example" in *.class) echo classes ;; *) echo resources ;; esac) in the jar under $dir/ (e.g. $example)"
    done < <(awk -F/ '{ k = ($1 == "META-INF") ? 5 : 2; d = $1; for (i = 2; i <= k && i < NF; i++) d = d "/" $i
                        if (NF == 1) d = "."; n[d]++; if (!(d in e)) e[d] = $0 }
                      END { for (d in n) print n[d], d, e[d] }' "$work/unrelocated.txt" | sort -k2)
fi

echo
if [ "$failures" -gt 0 ]; then
    echo "check-user-classpath: $failures problem(s): the engine's libraries reach the user's test classpath"
    exit 1
fi
echo "check-user-classpath: clean: the test classpath has none of the engine's libraries, and the jar relocates all it embeds"
