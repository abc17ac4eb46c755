#!/bin/sh
# Ships the current index version of a builder's index folder to a replica's index folder
# (a local path or host:path, as rsync takes it) so that the replica swaps atomically:
#   1. the files the manifest names go first: the data file and the delta segments
#      (immutable, named after their versions); rsync writes each under a temporary name
#      and renames it once complete (--delay-updates);
#   2. manifest.json goes last, the same way: the replica's watcher only ever sees a
#      complete manifest naming complete files, verifies their checksums and swaps (a
#      replica serving the version a delta changes applies the delta to it);
#   3. data files and deltas the builder no longer has are removed from the replica.
# Usage: deploy/ship-index.sh BUILDER_INDEX_DIR REPLICA_INDEX_DIR
set -eu
src=${1:?builder index folder}
dest=${2:?replica index folder}
files=$(node -e 'const m = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log([m.dataFile, ...(m.deltas ?? []).map((d) => d.file)].join("\n"))' "$src/manifest.json")
for f in $files; do
  rsync -a --delay-updates "$src/$f" "$dest/"
done
rsync -a --delay-updates "$src/manifest.json" "$dest/"
rsync -a --delete --include 'index-*.zsi' --include 'delta-*.zsd' --exclude '*' "$src/" "$dest/"
