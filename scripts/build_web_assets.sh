#!/usr/bin/env bash
# Bundles the web app's third-party assets (basemap + TopoJSON client) into web/vendor/.
# Run at build time only: the served app never fetches anything from the internet.
set -euo pipefail

WORLD_ATLAS_VERSION="${WORLD_ATLAS_VERSION:-2.0.2}"
TOPOJSON_CLIENT_VERSION="${TOPOJSON_CLIENT_VERSION:-3.1.0}"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
vendor="$root/src/claimscope/web/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --ignore-scripts --save-exact \
    "world-atlas@$WORLD_ATLAS_VERSION" "topojson-client@$TOPOJSON_CLIENT_VERSION" >/dev/null

mkdir -p "$vendor"
cp node_modules/world-atlas/countries-110m.json "$vendor/countries-110m.json"
cp node_modules/world-atlas/LICENSE "$vendor/world-atlas.LICENSE"
cp node_modules/topojson-client/dist/topojson-client.min.js "$vendor/topojson-client.min.js"
cp node_modules/topojson-client/LICENSE "$vendor/topojson-client.LICENSE"
{
    echo "Bundled by scripts/build_web_assets.sh; do not edit by hand."
    echo "world-atlas@$WORLD_ATLAS_VERSION (ISC; Natural Earth data, public domain): countries-110m.json"
    echo "topojson-client@$TOPOJSON_CLIENT_VERSION (ISC): topojson-client.min.js"
} > "$vendor/README.txt"
echo "wrote $(ls "$vendor" | wc -l) files to $vendor"
