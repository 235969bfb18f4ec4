#!/usr/bin/env bash
# Checks that a release build makes what Maven Central takes (issue 15): run it after `mvn install`.
#
# Usage: scripts/check-release.sh [--no-build] [MVN_ARGS...]
#   --no-build  check the release build already in the modules' target/ directories instead of making one
#   MVN_ARGS    passed on to mvn, e.g. -o (offline, once the release plugins are in the local repository) or
#               -Dmaven.repo.local=/tmp/m2
#
# The release build is `mvn -P release verify -DskipTests -Dlean.node.skip=true`: verify rather than package, so
# that the signing step runs too (and skips, without MAVEN_GPG_KEY). It fails (exit 1), naming what is missing, when
#   - a published module (every project of the reactor but the parent) lacks its jar, -sources.jar or -javadoc.jar,
#     or one of them is empty or not a zip; the javadoc jar has no index.html; the sources jar no .java file;
#   - a jar attached by build-helper's attach-artifact (the mcp-server's runnable jar) is missing, or the
#     mcp-server's has no classifier runnable, or `java -jar` on it with --version does not print
#     "lean-sandbox <project version>";
#   - the effective POM of a project (the parent included: it is published too) lacks name, description, url (the
#     same for all), a licence with name and url, a developer, or scm connection, developerConnection and url;
#   - signatures (.asc) exist although MAVEN_GPG_KEY is unset, or an artifact lacks one although it is set.
# Exit 2: the build, or Maven's effective POM, failed (mvn's log is printed).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build=true
if [ "${1:-}" = "--no-build" ]; then
    build=false
    shift
fi

log() { printf 'check-release: %s\n' "$*" >&2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/check-release.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# Each module's target/ and the parent's: where the jars and their signatures (.asc) are written.
target_dirs() {
    local dir
    for dir in "$here/target" "$here"/*/target; do
        [ -d "$dir" ] && printf '%s\n' "$dir"
    done
    return 0
}

if $build; then
    # Signatures of an earlier signed build would look like this build's.
    while IFS= read -r dir; do
        find "$dir" -maxdepth 2 -name '*.asc' -delete
    done < <(target_dirs)
    log "release build: mvn -B $* -P release verify -DskipTests -Dlean.node.skip=true"
    start=$SECONDS
    if ! mvn -B -f "$here/pom.xml" "$@" -P release verify -DskipTests -Dlean.node.skip=true \
            >"$work/build.log" 2>&1; then
        cat "$work/build.log" >&2
        log "the release build failed"
        exit 2
    fi
    log "release build took $((SECONDS - start)) s"
fi

# One effective POM per project of the reactor, all in one file (<projects>); with the release profile, so that
# build-helper's attached artifacts are in it.
if ! mvn -B -f "$here/pom.xml" "$@" -P release org.apache.maven.plugins:maven-help-plugin:effective-pom \
        -Doutput="$work/effective-pom.xml" >"$work/help.log" 2>&1; then
    cat "$work/help.log" >&2
    log "mvn help:effective-pom failed"
    exit 2
fi

# Checks the POMs and the jars; prints ok and FAIL lines, and to $work/runnable the runnable jar and the project
# version.
python_rc=0
python3 - "$work/effective-pom.xml" "$work/runnable" >"$work/checks.txt" <<'EOF' || python_rc=$?
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

NS = {"m": "http://maven.apache.org/POM/4.0.0"}
effective, runnable_out = sys.argv[1], sys.argv[2]
failures = 0


def fail(message):
    global failures
    failures += 1
    print(f"FAIL: {message}")


def text(element, path):
    value = element.findtext(path, namespaces=NS)
    return value.strip() if value else ""


root = ET.parse(effective).getroot()
projects = root.findall("m:project", NS) if root.tag.endswith("projects") else [root]
urls = {}
runnable = None
parent_version = None
for project in projects:
    aid = text(project, "m:artifactId")
    version = text(project, "m:version")
    packaging = text(project, "m:packaging") or "jar"
    if packaging == "pom" and parent_version is None:
        parent_version = version

    # What Central requires of every POM it takes.
    for field in ("name", "description", "url"):
        if not text(project, f"m:{field}"):
            fail(f"{aid}: the POM has no {field}")
    # Maven appends the artifactId to these unless the parent says not to: the same for all, or a page that is not.
    urls[aid] = " ".join(text(project, f"m:{f}") for f in ("url", "scm/m:url", "scm/m:connection",
                                                           "scm/m:developerConnection"))
    licences = project.findall("m:licenses/m:license", NS)
    if not any(text(l, "m:name") and text(l, "m:url") for l in licences):
        fail(f"{aid}: the POM has no licence with name and url")
    if not project.findall("m:developers/m:developer", NS):
        fail(f"{aid}: the POM has no developer")
    for field in ("connection", "developerConnection", "url"):
        if not text(project, f"m:scm/m:{field}"):
            fail(f"{aid}: the POM has no scm {field}")
    if packaging == "pom":
        continue

    # The published jars: the main one, its sources and its javadoc.
    target = Path(text(project, "m:build/m:directory"))
    final_name = text(project, "m:build/m:finalName")
    jars = {"jar": target / f"{final_name}.jar",
            "sources jar": target / f"{final_name}-sources.jar",
            "javadoc jar": target / f"{final_name}-javadoc.jar"}
    attached = {}
    for plugin in project.findall("m:build/m:plugins/m:plugin", NS):
        if text(plugin, "m:artifactId") != "build-helper-maven-plugin":
            continue
        for goal_execution in plugin.findall("m:executions/m:execution", NS):
            goals = [g.text for g in goal_execution.findall("m:goals/m:goal", NS)]
            if "attach-artifact" not in goals:
                continue
            for artifact in goal_execution.findall("m:configuration/m:artifacts/m:artifact", NS):
                classifier = text(artifact, "m:classifier")
                attached[classifier] = Path(text(artifact, "m:file"))
                jars[f"{classifier} jar (attached)"] = attached[classifier]
    if aid == "lean-sandbox-mcp-server":
        if "runnable" not in attached:
            fail(f"{aid}: no jar attached with classifier runnable (build-helper attach-artifact, profile release)")
        else:
            runnable = attached["runnable"]

    for kind, path in jars.items():
        if not path.is_file() or path.stat().st_size == 0:
            fail(f"{aid}: {kind} {path} is missing or empty")
            continue
        try:
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
                bad = archive.testzip()
        except zipfile.BadZipFile as e:
            fail(f"{aid}: {kind} {path} is not a zip file ({e})")
            continue
        if bad is not None:
            fail(f"{aid}: {kind} {path} has a corrupt entry {bad}")
        if not names:
            fail(f"{aid}: {kind} {path} has no entries")
        if kind == "javadoc jar" and "index.html" not in names:
            fail(f"{aid}: javadoc jar {path} has no index.html")
        if kind == "sources jar" and not any(n.endswith(".java") for n in names):
            fail(f"{aid}: sources jar {path} has no .java file")
        print(f"ok: {aid}: {kind} {path.name} ({path.stat().st_size} bytes, {len(names)} entries)")

if len(set(urls.values())) > 1:
    fail("the projects' url and scm urls differ (Maven appends the artifactId unless the parent says not to): "
         + "; ".join(f"{a}: {u}" for a, u in urls.items()))
else:
    print(f"ok: {len(projects)} POMs: name, description, licence, developer, scm; urls {next(iter(urls.values()), '')}")
with open(runnable_out, "w") as out:
    out.write(f"{runnable or ''}\n{parent_version or ''}\n")
sys.exit(1 if failures else 0)
EOF
cat "$work/checks.txt"
failures="$(grep -c '^FAIL:' "$work/checks.txt" || true)"
if [ "$python_rc" -ne 0 ] && [ "$failures" -eq 0 ]; then
    log "the POM and jar checks did not run to the end (python3 exit $python_rc)"
    exit 2
fi
{ read -r runnable; read -r version; } <"$work/runnable"

fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

# The runnable jar starts and knows its version (from the manifest the shade plugin writes).
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if [ -n "$runnable" ] && [ -f "$runnable" ]; then
    if ! out="$("$java" -jar "$runnable" --version 2>&1)"; then
        fail "java -jar $runnable --version failed: $out"
    elif [ "$out" != "lean-sandbox $version" ]; then
        fail "java -jar $runnable --version printed '$out', not 'lean-sandbox $version'"
    else
        echo "ok: java -jar $(basename "$runnable") --version: $out"
    fi
fi

# Signing: off without a key (CI has none), and then nothing may look signed; with a key, every jar is signed.
# maven-gpg-plugin writes them to target/gpg (its ascDirectory), older versions beside the file.
signatures="$(while IFS= read -r dir; do find "$dir" -maxdepth 2 -name '*.asc'; done < <(target_dirs))"
if [ -z "${MAVEN_GPG_KEY:-}" ]; then
    if [ -n "$signatures" ]; then
        fail "signatures although MAVEN_GPG_KEY is unset (signing must be off without a key): $(tr '\n' ' ' <<<"$signatures")"
    else
        echo "ok: no signatures (MAVEN_GPG_KEY is unset)"
    fi
else
    while IFS= read -r dir; do
        while IFS= read -r jar; do
            [ -f "$jar.asc" ] || [ -f "$(dirname "$jar")/gpg/$(basename "$jar").asc" ] \
                || fail "MAVEN_GPG_KEY is set but $jar has no signature (.asc beside it or in gpg/)"
        done < <(find "$dir" -maxdepth 1 -name '*.jar' ! -name 'original-*')
    done < <(target_dirs)
fi

if [ "$failures" -gt 0 ]; then
    echo "check-release: $failures problem(s): the release build is not what Maven Central takes"
    exit 1
fi
echo "check-release: ok: every module has its jar, sources and javadoc, the POMs carry Central's metadata," \
    "signing is $([ -n "${MAVEN_GPG_KEY:-}" ] && echo on || echo off)"
