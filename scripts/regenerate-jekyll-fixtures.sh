#!/bin/sh
# Rebuilds test/fixtures/jekyll/expected/NAME.json from test/fixtures/jekyll/sites/NAME with
# the real Jekyll, through ../shared/jekyll's hook (plugin/dump.rb): what Jekyll 4.3
# published from each site (URL, date, categories, tags, title, visible text). These sites
# cover what the six in ../shared/jekyll do not: other file types, dates as bloggers write
# them, `_data`, nested settings, Liquid filters, GFM task lists, math, Chirpy's forms,
# kramdown's Markdown corners, front matter Jekyll does not see, the posts collection's permalink,
# posts under collections_dir, include_relative, other collections' documents (the second
# hook, test/fixtures/jekyll/plugin/documents.rb, adds them to the answer), posts that list
# the site's posts (site.posts, site.tags, page.next, another post's content), a post and a
# document listing a collection's documents (site.<label>, filtered by path, sorted by front matter).
#
#   sh scripts/regenerate-jekyll-fixtures.sh           rewrite expected/*.json
#   sh scripts/regenerate-jekyll-fixtures.sh --check   rebuild and compare; exit 1 on a difference
#
# Needs Debian's jekyll (4.3.1) and Nokogiri: apt-get install jekyll ruby-nokogiri
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
fixtures="$here/test/fixtures/jekyll"
plugin="$here/../shared/jekyll/plugin"
check=0
if [ "${1:-}" = "--check" ]; then check=1; fi
command -v jekyll >/dev/null 2>&1 || { echo "jekyll not found (Debian: apt-get install jekyll ruby-nokogiri)" >&2; exit 2; }
[ -f "$plugin/dump.rb" ] || { echo "no $plugin/dump.rb (../shared/jekyll)" >&2; exit 2; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT INT TERM
status=0
for src in "$fixtures"/sites/*/; do
  name=$(basename "$src")
  if [ $check -eq 1 ]; then out="$scratch/$name.json"; else out="$fixtures/expected/$name.json"; fi
  TZ=UTC FIXTURE_DUMP="$out" jekyll build --quiet --disable-disk-cache \
    --source "$src" --destination "$scratch/site-$name" --plugins "$plugin,$fixtures/plugin"
  if [ $check -eq 1 ] && ! cmp -s "$out" "$fixtures/expected/$name.json"; then
    echo "$name: differs from expected/$name.json" >&2
    status=1
  else
    echo "$name: $(grep -c '"path":' "$out") files"
  fi
done
exit $status
