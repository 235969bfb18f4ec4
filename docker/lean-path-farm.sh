#!/bin/sh
# Builds the Mathlib image's LEAN_PATH directory (docker/Dockerfile.mathlib): one directory FARM holding
# a symbolic link to every top-level entry (Mathlib.olean, Mathlib/, Batteries/, ...) of every package
# library directory in LEAN_PATH, the colon-separated list `lake env printenv LEAN_PATH` prints. The
# toolchain's own library (SYSROOT and below) is left out: Lean adds it itself.
#
#   lean-path-farm.sh FARM SYSROOT LEAN_PATH
#
# Why a farm: `repl` and `lean` find .olean files only through LEAN_PATH (they read no lakefile), and
# the package set behind `import Mathlib` changes between Mathlib releases, so a LEAN_PATH written out
# in the Dockerfile would go stale at every MATHLIB_REV bump; one fixed directory does not.
#
# A name found in two package directories is a clash: Lean would take the first directory on LEAN_PATH
# that has the module, the farm can hold only one, so the image would silently resolve differently
# from `lake env`. The script refuses it, naming both, and exits 1; it never replaces a link (no -f).
# Exit 2: bad arguments or FARM not empty. Tested on fake directories by LeanPathFarmScriptTest (engine).
set -eu

if [ "$#" -ne 3 ] || [ -z "$1" ] || [ -z "$2" ]; then
    echo "usage: lean-path-farm.sh FARM SYSROOT LEAN_PATH" >&2
    exit 2
fi
farm=$1
sysroot=${2%/}
lean_path=$3

mkdir -p "$farm"
if [ -n "$(ls -A "$farm")" ]; then
    echo "lean-path-farm: $farm is not empty" >&2
    exit 2
fi

linked=0
# Split LEAN_PATH at colons only (paths may hold spaces); no globbing of the directory names.
old_ifs=$IFS
IFS=:
set -f
# shellcheck disable=SC2086
set -- $lean_path
set +f
IFS=$old_ifs
for dir in "$@"; do
    case "$dir" in
        "") continue ;;
        "$sysroot" | "$sysroot"/*) continue ;;
    esac
    # Lake lists the root package's own build directory too, which has no library here.
    [ -d "$dir" ] || continue
    for entry in "$dir"/*; do
        [ -e "$entry" ] || [ -L "$entry" ] || continue # an empty directory: the pattern itself
        name=${entry##*/}
        if [ -e "$farm/$name" ] || [ -L "$farm/$name" ]; then
            echo "lean-path-farm: $name of $dir clashes with $name already linked from $(readlink "$farm/$name")" >&2
            exit 1
        fi
        ln -s "$entry" "$farm/$name"
        linked=$((linked + 1))
    done
done
echo "lean-path-farm: $linked entries linked into $farm"
