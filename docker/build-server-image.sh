#!/usr/bin/env bash
# Builds the MCP server image (docker/Dockerfile.server): the runnable jar on a Debian JRE, tagged
# lean-sandbox/server:VERSION and lean-sandbox/server:latest, VERSION being the jar's own.
#
# Usage: docker/build-server-image.sh [--jar PATH] [--base-image IMAGE] [--tag NAME]
#   --jar PATH          the runnable jar (default: <repo>/mcp-server/target/lean-sandbox.jar, which
#                       `mvn -pl mcp-server -am package -DskipTests` makes; a release's
#                       lean-sandbox-mcp-server-VERSION-runnable.jar works the same)
#   --base-image IMAGE  the Debian bookworm base (default debian:bookworm-slim, pulled from Docker Hub;
#                       where nothing can be pulled, lean-sandbox/base:bookworm, the debootstrap base
#                       docker/build-images.sh makes, as the tests do: it has no security updates' sources)
#   --tag NAME          the image name without tag (default lean-sandbox/server)
# Needs a reachable Docker daemon and Debian's package mirror (the JRE comes from apt-get).
set -euo pipefail

# Legacy builder: the docker 28 client on the build machines has no buildx (FIELD-NOTES.md).
export DOCKER_BUILDKIT="${DOCKER_BUILDKIT:-0}"

log() { printf '[build-server-image] %s\n' "$*" >&2; }
die() { printf '[build-server-image] ERROR: %s\n' "$*" >&2; exit 1; }

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAR="$SCRIPT_DIR/../mcp-server/target/lean-sandbox.jar"
BASE_IMAGE=""
NAME="lean-sandbox/server"
while [ $# -gt 0 ]; do
    case "$1" in
        --jar) [ $# -ge 2 ] || die "--jar needs a path"; JAR="$2"; shift 2 ;;
        --base-image) [ $# -ge 2 ] || die "--base-image needs an image"; BASE_IMAGE="$2"; shift 2 ;;
        --tag) [ $# -ge 2 ] || die "--tag needs a name"; NAME="$2"; shift 2 ;;
        -h|--help) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument: $1 (try --help)" ;;
    esac
done

[ -f "$JAR" ] || die "no jar at $JAR: build it with mvn -pl mcp-server -am package -DskipTests, or pass --jar PATH"
command -v unzip >/dev/null || die "unzip not found (apt-get install -y unzip): it reads the jar's version"
VERSION="$( (unzip -p "$JAR" META-INF/MANIFEST.MF 2>/dev/null || true) | tr -d '\r' | sed -n 's/^Implementation-Version: //p')"
[ -n "$VERSION" ] || die "$JAR has no Implementation-Version in its manifest: is it lean-sandbox's runnable jar?"
command -v docker >/dev/null || die "docker client not found"
docker info >/dev/null 2>&1 || die "Docker daemon not reachable"
BASE_IMAGE="${BASE_IMAGE:-debian:bookworm-slim}"

CONTEXT="$(mktemp -d "${TMPDIR:-/tmp}/lean-sandbox-server.XXXXXX")"
trap 'rm -rf "$CONTEXT"' EXIT
cp "$JAR" "$CONTEXT/lean-sandbox.jar"
cp "$SCRIPT_DIR/Dockerfile.server" "$CONTEXT/Dockerfile"

OLD_ID="$(docker image inspect --format '{{.Id}}' "$NAME:$VERSION" 2>/dev/null || true)"
log "docker build $NAME:$VERSION on $BASE_IMAGE ..."
docker build --force-rm --build-arg "BASE_IMAGE=$BASE_IMAGE" --build-arg "VERSION=$VERSION" \
    --tag "$NAME:$VERSION" --tag "$NAME:latest" "$CONTEXT" >&2
NEW_ID="$(docker image inspect --format '{{.Id}}' "$NAME:$VERSION")"
if [ -n "$OLD_ID" ] && [ "$OLD_ID" != "$NEW_ID" ]; then
    # The previous build is now an untagged image; drop it unless something still uses it.
    docker image rm "$OLD_ID" >/dev/null 2>&1 || true
fi
# The image's own JVM answers for the jar it holds.
answer="$(docker run --rm --network none "$NAME:$VERSION" --version)"
[ "$answer" = "lean-sandbox $VERSION" ] || die "$NAME:$VERSION --version says '$answer', not 'lean-sandbox $VERSION'"
log "done: $NAME:$VERSION (also $NAME:latest)"
