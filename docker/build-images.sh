#!/usr/bin/env bash
# Builds the images that can be built offline on the project's build machines:
#   lean-sandbox/base:bookworm     Debian bookworm minbase + procps + python3, made with debootstrap
#                                  and `docker import` (no registry is reachable, nothing can be
#                                  pulled). Built only when `docker image inspect` does not find it.
#   lean-sandbox/standin:latest    the stand-in toolchain image for tests (docker/standin), with the
#                                  production gold-grading scripts (docker/gold) and stand-ins of
#                                  comparator, lake and lean4export; rebuilt on every run (seconds).
# The production images (docker/Dockerfile, docker/Dockerfile.mathlib) need the internet; see
# docker/README.md.
#
# Usage: docker/build-images.sh [--transcripts DIR] [--comparator-tests DIR] [--rebuild-base]
#                               [--context-only DIR]
#   --transcripts DIR       recorded REPL transcripts baked into the stand-in image
#                           (default: <repo>/fixtures/repl-transcripts)
#   --comparator-tests DIR  comparator's test cases with their recorded outcomes, baked into the
#                           stand-in image for its stand-in comparator
#                           (default: <repo>/fixtures/comparator-tests)
#   --rebuild-base          rebuild the base image even if it exists
#   --context-only DIR      build nothing: only write the stand-in's build context (its Dockerfile
#                           at the top) into DIR, a new or empty directory, e.g. for
#                           `serve` to build an image from it (docker.build_context); no Docker needed
# Environment (all optional):
#   DEBOOTSTRAP_MIRROR          a Debian mirror URL for debootstrap
#   LEAN_SANDBOX_BASE_IMAGE     base image name    (default lean-sandbox/base:bookworm)
#   LEAN_SANDBOX_STANDIN_IMAGE  stand-in image name (default lean-sandbox/standin:latest)
# Needs: a reachable Docker daemon; root and debootstrap when the base image must be built.
set -euo pipefail

BASE_IMAGE="${LEAN_SANDBOX_BASE_IMAGE:-lean-sandbox/base:bookworm}"
STANDIN_IMAGE="${LEAN_SANDBOX_STANDIN_IMAGE:-lean-sandbox/standin:latest}"
# Legacy builder: the docker 28 client here has no buildx, so BuildKit builds fail (FIELD-NOTES.md).
export DOCKER_BUILDKIT=0

log() { printf '[build-images] %s\n' "$*" >&2; }
die() { printf '[build-images] ERROR: %s\n' "$*" >&2; exit 1; }

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(git -C "$SCRIPT_DIR" rev-parse --show-toplevel 2>/dev/null || dirname "$SCRIPT_DIR")"

TRANSCRIPTS="$REPO_ROOT/fixtures/repl-transcripts"
COMPARATOR_TESTS="$REPO_ROOT/fixtures/comparator-tests"
REBUILD_BASE=0
CONTEXT_ONLY=""
while [ $# -gt 0 ]; do
    case "$1" in
        --transcripts)
            [ $# -ge 2 ] || die "--transcripts needs a directory"
            TRANSCRIPTS="$2"; shift 2 ;;
        --transcripts=*)
            TRANSCRIPTS="${1#--transcripts=}"; shift ;;
        --comparator-tests)
            [ $# -ge 2 ] || die "--comparator-tests needs a directory"
            COMPARATOR_TESTS="$2"; shift 2 ;;
        --comparator-tests=*)
            COMPARATOR_TESTS="${1#--comparator-tests=}"; shift ;;
        --rebuild-base)
            REBUILD_BASE=1; shift ;;
        --context-only)
            [ $# -ge 2 ] || die "--context-only needs a directory"
            CONTEXT_ONLY="$2"; shift 2 ;;
        --context-only=*)
            CONTEXT_ONLY="${1#--context-only=}"; shift ;;
        -h|--help)
            sed -n '2,27p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *)
            die "unknown argument: $1 (try --help)" ;;
    esac
done

[ -d "$TRANSCRIPTS" ] || die "transcripts directory not found: $TRANSCRIPTS
  (expected the recorded REPL transcripts, e.g. <repo>/fixtures/repl-transcripts; pass --transcripts DIR)"
TRANSCRIPTS="$(cd "$TRANSCRIPTS" && pwd)"
ls "$TRANSCRIPTS"/*.expected.out >/dev/null 2>&1 \
    || die "no *.expected.out files in $TRANSCRIPTS: is this the transcripts directory?"
[ -d "$COMPARATOR_TESTS" ] || die "comparator test cases not found: $COMPARATOR_TESTS
  (expected comparator's tests/projects with test.json files, e.g. <repo>/fixtures/comparator-tests;
  pass --comparator-tests DIR)"
COMPARATOR_TESTS="$(cd "$COMPARATOR_TESTS" && pwd)"
ls "$COMPARATOR_TESTS"/*/test.json >/dev/null 2>&1 \
    || die "no */test.json in $COMPARATOR_TESTS: is this comparator's tests/projects?"

# The stand-in's build context: its Dockerfile, its tools, the gold scripts, the recorded data.
write_standin_context() {
    local dir="$1"
    mkdir -p "$dir/bin" "$dir/gold"
    cp "$SCRIPT_DIR/standin/Dockerfile" "$SCRIPT_DIR/standin/README.md" "$dir/"
    for tool in repl lean comparator lake lean4export; do
        cp "$SCRIPT_DIR/standin/bin/$tool" "$dir/bin/"
    done
    cp "$SCRIPT_DIR/gold/lean-sandbox-gold" "$SCRIPT_DIR/gold/lean-sandbox-landrun" "$dir/gold/"
    chmod 0755 "$dir"/bin/* "$dir"/gold/*
    cp -R "$TRANSCRIPTS" "$dir/transcripts"
    cp -R "$COMPARATOR_TESTS" "$dir/comparator-tests"
    chmod -R u+rwX,go+rX "$dir/transcripts" "$dir/comparator-tests"
}

if [ -n "$CONTEXT_ONLY" ]; then
    mkdir -p "$CONTEXT_ONLY"
    [ -z "$(ls -A "$CONTEXT_ONLY")" ] || die "--context-only: $CONTEXT_ONLY is not empty"
    write_standin_context "$CONTEXT_ONLY"
    log "stand-in build context written to $CONTEXT_ONLY (base image: $BASE_IMAGE, build arg BASE_IMAGE)"
    exit 0
fi

command -v docker >/dev/null || die "docker client not found"
docker info >/dev/null 2>&1 || die "Docker daemon not reachable (start it: dockerd >/tmp/dockerd.log 2>&1 &)"

# Every temporary directory goes into TMP_DIRS and is removed on exit, whatever happens.
TMP_DIRS=()
cleanup() {
    local d
    for d in "${TMP_DIRS[@]+"${TMP_DIRS[@]}"}"; do
        # The copied transcripts are read-only; make them removable first.
        chmod -R u+rwX "$d" 2>/dev/null || true
        rm -rf "$d"
    done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

build_base() {
    command -v debootstrap >/dev/null || die "debootstrap not found (apt-get install -y debootstrap)"
    [ "$(id -u)" -eq 0 ] || die "building $BASE_IMAGE needs root (debootstrap)"
    local work rootfs
    work="$(mktemp -d "${TMPDIR:-/tmp}/lean-sandbox-base.XXXXXX")"
    TMP_DIRS+=("$work")
    rootfs="$work/rootfs"
    log "debootstrap bookworm (minbase + procps, python3) into $rootfs ..."
    # procps: ps/kill/pkill for inspecting and resetting sandboxes; python3: the engine's agent.
    debootstrap --variant=minbase --include=procps,python3 bookworm "$rootfs" ${DEBOOTSTRAP_MIRROR:-} >&2
    # Downloaded .debs and package lists are dead weight in an image (~90 MB).
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    log "docker import -> $BASE_IMAGE ..."
    # An imported image has no config: give it the PATH and locale a pulled Debian image has.
    tar -C "$rootfs" -c . | docker import \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'ENV LANG=C.UTF-8' \
        --change 'CMD ["/bin/bash"]' \
        --message "debootstrap --variant=minbase --include=procps,python3 bookworm" \
        - "$BASE_IMAGE" >&2
    rm -rf "$work"
}

if [ "$REBUILD_BASE" -eq 1 ] || ! docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
    build_base
else
    log "base image $BASE_IMAGE present; not rebuilding (use --rebuild-base to force)"
fi

# --- stand-in image, from a minimal temporary context (no tests, no caches) ---
CONTEXT="$(mktemp -d "${TMPDIR:-/tmp}/lean-sandbox-standin.XXXXXX")"
TMP_DIRS+=("$CONTEXT")
write_standin_context "$CONTEXT"

OLD_ID="$(docker image inspect --format '{{.Id}}' "$STANDIN_IMAGE" 2>/dev/null || true)"
log "docker build $STANDIN_IMAGE (transcripts: $TRANSCRIPTS, comparator tests: $COMPARATOR_TESTS) ..."
docker build --force-rm --build-arg "BASE_IMAGE=$BASE_IMAGE" --tag "$STANDIN_IMAGE" "$CONTEXT" >&2
NEW_ID="$(docker image inspect --format '{{.Id}}' "$STANDIN_IMAGE")"
if [ -n "$OLD_ID" ] && [ "$OLD_ID" != "$NEW_ID" ]; then
    # The previous build is now an untagged image; drop it unless something still uses it.
    docker image rm "$OLD_ID" >/dev/null 2>&1 || true
fi

log "checking $STANDIN_IMAGE ..."
# The contract (docker/CONTRACT.md), including the gold-grading executables.
docker run --rm --network none "$STANDIN_IMAGE" sh -c \
    'test "$(id -u):$(id -g)" = 1000:1000 && test -x /usr/bin/python3 && command -v repl >/dev/null && lean --version &&
     for t in lean-sandbox-gold lean-sandbox-landrun comparator lake lean4export; do
         command -v "$t" >/dev/null || { echo "$t not on PATH" >&2; exit 1; }
     done && test -s /usr/local/share/lean-sandbox/lean-toolchain' >&2 \
    || die "$STANDIN_IMAGE does not honour docker/CONTRACT.md"
log "done: $BASE_IMAGE, $STANDIN_IMAGE"
