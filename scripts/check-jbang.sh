#!/usr/bin/env bash
# Checks that jbang runs lean-sandbox from the repository's jbang-catalog.json (issue 15): run it after `mvn install`.
#
# Usage: scripts/check-jbang.sh [--online] [LOCAL_REPO] [MVN_ARGS...]
#   --online    let jbang fetch what LOCAL_REPO lacks, from Maven Central only (by default jbang runs offline:
#               everything it runs comes from LOCAL_REPO, and it connects nowhere)
#   LOCAL_REPO  the local Maven repository that holds the installed lean-sandbox artifacts and their dependencies
#               (default ~/.m2/repository); jbang reads them from it, and jbang itself is fetched into it
#   MVN_ARGS    passed on to the mvn that fetches jbang, e.g. -o (offline)
#
# It fails (exit 1), saying what differs, when
#   - jbang-catalog.json has no alias lean-sandbox whose script-ref is the MCP server's coordinates at the release
#     version (the project version without -SNAPSHOT), with main io.leansandbox.mcp.LeanSandboxCli and java 17+;
#   - `jbang lean-sandbox@<catalog> --version` does not run the jar in LOCAL_REPO or does not print
#     "lean-sandbox <project version>"; or jbang installed a JDK. The catalog it runs is a temporary copy of the
#     repository's whose only change is the version: the project version, because what `mvn install` put in
#     LOCAL_REPO is that (a -SNAPSHOT), not the release the committed catalog names.
# jbang (dev.jbang:jbang-cli from Maven Central) runs with its own directories in a temporary one, the Java this
# script runs on (JAVA_HOME, else the java on PATH), no settings.xml (no mirrors) and Maven Central as its only
# remote repository. Exit 2: jbang could not be fetched (mvn's log is printed).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jbang_options=(--offline)
if [ "${1:-}" = "--online" ]; then
    jbang_options=()
    shift
fi
repo="$HOME/.m2/repository"
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
    repo="$1"
    shift
fi
repo="$(cd "$repo" && pwd)"
jbang_version=0.132.1
gson_version=2.13.2
dependency_plugin=org.apache.maven.plugins:maven-dependency-plugin:3.8.1

log() { printf 'check-jbang: %s\n' "$*" >&2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/check-jbang.XXXXXX")"
trap 'rm -rf "$work"' EXIT

failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

# The coordinates the catalog must name, from the POMs; and the temporary catalog with the project version.
python3 - "$here" "$work/catalog/jbang-catalog.json" >"$work/catalog-check.txt" <<'EOF' || true
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

NS = {"m": "http://maven.apache.org/POM/4.0.0"}
here, copy = Path(sys.argv[1]), Path(sys.argv[2])
parent = ET.parse(here / "pom.xml").getroot()
group = parent.findtext("m:groupId", namespaces=NS)
version = parent.findtext("m:version", namespaces=NS)
artifact = ET.parse(here / "mcp-server" / "pom.xml").getroot().findtext("m:artifactId", namespaces=NS)
release = version.removesuffix("-SNAPSHOT")
failures = 0


def fail(message):
    global failures
    failures += 1
    print(f"FAIL: {message}")


catalog = json.loads((here / "jbang-catalog.json").read_text())
alias = catalog.get("aliases", {}).get("lean-sandbox")
if alias is None:
    fail("jbang-catalog.json has no alias lean-sandbox")
    sys.exit(1)
expected = {"script-ref": f"{group}:{artifact}:{release}", "main": "io.leansandbox.mcp.LeanSandboxCli", "java": "17+"}
for key, value in expected.items():
    if alias.get(key) != value:
        fail(f"jbang-catalog.json: alias lean-sandbox has {key} {alias.get(key)!r}, not {value!r}"
             + (" (the project version without -SNAPSHOT)" if key == "script-ref" else ""))
if failures == 0:
    print(f"ok: jbang-catalog.json: lean-sandbox is {alias['script-ref']} (project version {version})")

# The copy jbang runs: the same catalog, the installed version.
alias["script-ref"] = f"{group}:{artifact}:{version}"
copy.parent.mkdir(parents=True)
copy.write_text(json.dumps(catalog, indent=2) + "\n")
(copy.parent / "version").write_text(version + "\n")
EOF
cat "$work/catalog-check.txt"
failures=$((failures + $(grep -c '^FAIL:' "$work/catalog-check.txt" || true)))
if [ ! -f "$work/catalog/version" ]; then
    echo "check-jbang: jbang-catalog.json could not be checked"
    exit 1
fi
read -r version <"$work/catalog/version"

# jbang itself, from Maven Central, with a throwaway POM (jbang-cli and its 56 dependency jars). Gson 2.13.2, not
# the 2.10.1 jbang-cli 0.132.1's POM names: with 2.10.1 every catalog reads as empty (its @JsonAdapter fields get
# Gson's reflective adapter, a bug of that Gson), and jbang moved to 2.13.2 itself (jbangdev/jbang#2395).
mkdir -p "$work/fetch"
cat >"$work/fetch/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.check-jbang</groupId>
  <artifactId>fetch-jbang</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>com.google.code.gson</groupId>
        <artifactId>gson</artifactId>
        <version>$gson_version</version>
      </dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <dependency>
      <groupId>dev.jbang</groupId>
      <artifactId>jbang-cli</artifactId>
      <version>$jbang_version</version>
    </dependency>
  </dependencies>
</project>
EOF
log "fetching jbang $jbang_version into $repo"
if ! mvn -B -f "$work/fetch/pom.xml" -Dmaven.repo.local="$repo" "$@" "$dependency_plugin:copy-dependencies" \
        -DincludeScope=runtime -DoutputDirectory="$work/jbang-lib" >"$work/fetch.log" 2>&1; then
    cat "$work/fetch.log" >&2
    log "mvn could not fetch dev.jbang:jbang-cli:$jbang_version"
    exit 2
fi

# The Java to run on: jbang takes JAVA_HOME's (17 satisfies the alias's 17+), so it installs none.
if [ -n "${JAVA_HOME:-}" ]; then
    java_home="$JAVA_HOME"
else
    java_home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
fi
mkdir -p "$work/home" "$work/tmp"
run_jbang() {
    # user.home: jbang reads no ~/.m2/settings.xml (whose mirrors could send it elsewhere) and writes nothing to ~;
    # java.io.tmpdir: nor to /tmp. JBANG_RUNTIME_SHELL=bash: like the jbang launcher script, which this replaces.
    (cd "$work" && env JAVA_HOME="$java_home" JBANG_DIR="$work/jbang" JBANG_CACHE_DIR="$work/jbang/cache" \
        JBANG_REPO="$repo" JBANG_NO_VERSION_CHECK=true JBANG_RUNTIME_SHELL=bash \
        "$java_home/bin/java" -Duser.home="$work/home" -Djava.io.tmpdir="$work/tmp" -cp "$work/jbang-lib/*" \
        dev.jbang.Main "$@")
}

# What a user types is `jbang lean-sandbox@lean-sandbox/lean-sandbox ...` (the catalog on GitHub); here the alias
# comes from the catalog file. --repos central: Maven Central, and no repository a dependency's POM names.
log "jbang ${jbang_options[*]} lean-sandbox@$work/catalog/jbang-catalog.json --version (local repository $repo)"
rc=0
command_line="$(run_jbang "${jbang_options[@]}" run --repos=central --ignore-transitive-repositories \
    "lean-sandbox@$work/catalog/jbang-catalog.json" --version 2>"$work/jbang.log")" || rc=$?
# jbang resolves and prints the command that runs the app, with exit code 255; its launcher script then executes it.
installed_jar="$repo/io/leansandbox/lean-sandbox-mcp-server/$version/lean-sandbox-mcp-server-$version.jar"
if [ "$rc" -ne 255 ]; then
    cat "$work/jbang.log" >&2
    fail "jbang exited $rc instead of handing over the command to run: $command_line"
elif [[ "$command_line" != *"$installed_jar"* ]]; then
    fail "jbang's command does not run the installed $installed_jar: $command_line"
else
    rc=0
    out="$(cd "$work" && JAVA_HOME="$java_home" eval "exec $command_line" 2>&1)" || rc=$?
    if [ "$rc" -ne 0 ] || [ "$out" != "lean-sandbox $version" ]; then
        cat "$work/jbang.log" >&2
        fail "jbang lean-sandbox@<catalog> --version exited $rc and printed '$out', not 'lean-sandbox $version'"
    else
        echo "ok: jbang lean-sandbox@<catalog> --version: $out"
    fi
fi
if [ -d "$work/jbang/cache/jdks" ] && [ -n "$(ls -A "$work/jbang/cache/jdks")" ]; then
    fail "jbang installed a JDK: $(ls "$work/jbang/cache/jdks")"
fi

if [ "$failures" -gt 0 ]; then
    echo "check-jbang: $failures problem(s)"
    exit 1
fi
echo "check-jbang: ok: jbang runs lean-sandbox $version from the catalog"
