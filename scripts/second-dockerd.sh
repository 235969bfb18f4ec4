#!/usr/bin/env bash
# A second Docker daemon beside the first (own socket, data root, exec root and bridge), with gVisor's
# runsc registered, and the test images copied into it: the daemon the fault suite pauses, restarts
# and kills without touching the first one.
#   scripts/second-dockerd.sh start   # prints nothing; the daemon answers at $SOCKET
#   scripts/second-dockerd.sh stop
#   scripts/second-dockerd.sh pid     # dockerd's pid (to pause it with kill -STOP)
set -euo pipefail
ROOT=/run/lean-sandbox-docker2
SOCKET=$ROOT/docker.sock
DATA=/var/lib/lean-sandbox-docker2
PIDFILE=$ROOT/dockerd.pid
BRIDGE=lsdocker2
IMAGES=(lean-sandbox/base:bookworm lean-sandbox/standin:latest)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

running() { [ -f "$PIDFILE" ] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null; }

case "${1:-}" in
start)
    if ! running; then
        mkdir -p "$ROOT" "$DATA"
        # Its own bridge: with --bridge none it would delete docker0, which the first daemon's builds need.
        if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
            ip link add name "$BRIDGE" type bridge
            ip addr add 172.31.254.1/24 dev "$BRIDGE"
            ip link set "$BRIDGE" up
        fi
        setsid dockerd --config-file "$here/daemon.json" --host "unix://$SOCKET" --data-root "$DATA" \
            --exec-root "$ROOT/exec" --pidfile "$PIDFILE" --bridge "$BRIDGE" --iptables=false --ip-masq=false \
            >"$ROOT/dockerd.log" 2>&1 < /dev/null &
    fi
    # Also after a restart or a pause: wait until it answers, then bring its copies of the images up to date.
    for _ in $(seq 1 60); do
        DOCKER_HOST="unix://$SOCKET" docker info >/dev/null 2>&1 && break
        sleep 0.5
    done
    DOCKER_HOST="unix://$SOCKET" docker info >/dev/null 2>&1 || { cat "$ROOT/dockerd.log" >&2; exit 1; }
    for image in "${IMAGES[@]}"; do
        wanted=$(docker image inspect -f '{{.Id}}' "$image")
        have=$(DOCKER_HOST="unix://$SOCKET" docker image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)
        if [ "$wanted" != "$have" ]; then
            docker save "$image" | DOCKER_HOST="unix://$SOCKET" docker load -q >/dev/null
        fi
    done
    ;;
stop)
    if running; then
        pid=$(cat "$PIDFILE")
        kill -CONT "$pid" 2>/dev/null || true
        DOCKER_HOST="unix://$SOCKET" docker ps -aq | xargs -r env DOCKER_HOST="unix://$SOCKET" docker rm -f >/dev/null 2>&1 || true
        kill "$pid"
        for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    fi
    ;;
pid)
    cat "$PIDFILE"
    ;;
socket)
    echo "unix://$SOCKET"
    ;;
*)
    echo "usage: $0 start|stop|pid|socket" >&2
    exit 2
    ;;
esac
