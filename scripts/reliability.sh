#!/usr/bin/env bash
# Writes docs/RELIABILITY.md: runs every module's tests, each reliability suite recording what it
# observed under target/reliability/<suite>.json, then assembles the document from those rows
# (io.leansandbox.mcp.bench.ReliabilityReport, mcp-server's test sources).
#
# Needs what the tests need: Java 17, Maven, a Docker daemon and the test images
# (bash docker/build-images.sh); it starts the second daemon itself (scripts/second-dockerd.sh).
# Extra arguments go to the first mvn, e.g. -o to stay offline.
#
# A failing test does not stop the run: every module's suites must get to write their rows, and a
# check that did not hold shows in the document as held "no". The exit code is mvn's (1 when the
# build itself broke), else 0.
set -euo pipefail
cd "$(dirname "$0")/.."

rm -rf target/reliability
# The fault tests pause and restart a daemon of their own; the hostile-code rows come under each runtime.
bash scripts/second-dockerd.sh start
runtimes=runc
if grep -q 'Runtimes:.*runsc' <<<"$(docker info 2>/dev/null)"; then
    runtimes=runc,runsc
else
    echo "reliability: this dockerd has no runsc (start it with --config-file scripts/daemon.json): runc only" >&2
fi
status=0
mvn -B install -Dmaven.test.failure.ignore=true -Dlean.test.runtimes="$runtimes" "$@" || status=$?

# The plugin's version pinned: without one, an offline Maven resolves the prefix "dependency" to 2.8,
# whose own dependencies are not in the local repository.
mvn -B -q "$@" -pl mcp-server org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/cp.txt
java -cp "$(cat mcp-server/target/cp.txt):mcp-server/target/test-classes" \
    io.leansandbox.mcp.bench.ReliabilityReport target/reliability docs/RELIABILITY.md
exit "$status"
