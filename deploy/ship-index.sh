#!/bin/sh
# Ships the current index version of a builder's index folder to a replica's index folder
# (a local path or host:path, as rsync takes it) so that the replica swaps atomically:
#   1. the data file (immutable, named after its version) goes first; rsync writes it under
#      a temporary name and renames it once complete (--delay-updates);
#   2. manifest.json goes last, the same way: the replica's watcher only ever sees a
#      complete manifest naming a complete data file, verifies its checksum and swaps;
#   3. data files the builder no longer has are removed from the replica (the previous
#      version is already out of use: the manifest names the new one).
# Usage: deploy/ship-index.sh BUILDER_INDEX_DIR REPLICA_INDEX_DIR
set -eu
src=${1:?builder index folder}
dest=${2:?replica index folder}
data=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).dataFile)' "$src/manifest.json")
rsync -a --delay-updates "$src/$data" "$dest/"
rsync -a --delay-updates "$src/manifest.json" "$dest/"
rsync -a --delete --include 'index-*.zsi' --exclude '*' "$src/" "$dest/"
