#!/usr/bin/env bash
# `make bench-footprint` (on demand, not a test): this app beside a minimal Tauri window with the same
# Tauri version, plugins and dependencies (bench/footprint/minimal), both built in release here, in this
# run. Measures, under Xvfb: seconds until the window is mapped and the RSS of the app and its WebKit
# processes 5 s after start (median of FOOTPRINT_RUNS runs each, default 5, alternating the two apps), and
# the stripped binary and .deb sizes. Targets: at most 1.3x the minimal window on start time and RSS, 2x on
# sizes. Prints the figures, the ratios and which targets are met (exit 1 when one is missed); the same
# table goes to target/footprint/report.txt. FOOTPRINT_REUSE=1 measures the last run's builds again.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
out=$root/target/footprint
runs=${FOOTPRINT_RUNS:-5}
tauri=$root/ui/node_modules/.bin/tauri
mkdir -p "$out"

[ -x "$tauri" ] || { echo "The Tauri CLI is missing (ui/node_modules/.bin/tauri): run \`make deps-ui\`." >&2; exit 2; }
for tool in xvfb-run xwininfo strip dbus-run-session; do
	command -v $tool >/dev/null || { echo "$tool is missing: \`make deps-system deps-package\` installs it." >&2; exit 2; }
done

# The newest .deb the bundler wrote since `stamp`, whose name starts with `prefix`.
new_deb() {
	local stamp=$1 prefix=$2
	find "$root/target/release/bundle/deb" -maxdepth 1 -name "$prefix*.deb" -newer "$stamp" -printf '%T@ %p\n' \
		| sort -rn | head -1 | cut -d' ' -f2-
}

if [ "${FOOTPRINT_REUSE:-0}" = 1 ] && [ -f "$out/app.deb" ] && [ -f "$out/minimal.deb" ]; then
	echo "== FOOTPRINT_REUSE=1: measuring the builds of the last run (target/footprint/) =="
else
	echo "== building this app (release + .deb) =="
	npm --prefix ui run build
	stamp=$out/.app-stamp; touch "$stamp"
	# beforeBuildCommand is emptied: the CLI would run it inside ui/, and the UI is built just above.
	TAURI_APP_PATH=$root TAURI_FRONTEND_PATH=$root/ui \
		"$tauri" build --ci --bundles deb --config '{"build":{"beforeBuildCommand":""}}'
	app_deb=$(new_deb "$stamp" "MSI")
	[ -n "$app_deb" ] || { echo "the app's .deb was not written" >&2; exit 1; }
	cp "$root/target/release/msi-actions-setup" "$out/app.bin"
	cp "$app_deb" "$out/app.deb"

	echo "== building the minimal window (release + .deb) =="
	# A staged copy: its [dependencies] and [build-dependencies] are the app's (and its Cargo.lock the app's), so
	# every dependency is compiled with the same versions and features and reused from the app's release build.
	# At the same depth below the root as bench/footprint/minimal, so its icon paths hold.
	stage=$out/minimal
	rm -rf "$stage"; mkdir -p "$stage"
	cp -r bench/footprint/minimal/. "$stage/"
	awk '/^\[/ { skip = ($0 == "[dependencies]" || $0 == "[build-dependencies]") } !skip' \
		bench/footprint/minimal/Cargo.toml >"$stage/Cargo.toml"
	awk '/^\[/ { keep = ($0 == "[dependencies]" || $0 == "[build-dependencies]") } keep' Cargo.toml >>"$stage/Cargo.toml"
	cp Cargo.lock "$stage/Cargo.lock"
	stamp=$out/.minimal-stamp; touch "$stamp"
	CARGO_TARGET_DIR=$root/target TAURI_APP_PATH=$stage TAURI_FRONTEND_PATH=$stage \
		"$tauri" build --ci --bundles deb
	minimal_deb=$(new_deb "$stamp" "footprint-minimal")
	[ -n "$minimal_deb" ] || { echo "the minimal window's .deb was not written" >&2; exit 1; }
	cp "$root/target/release/footprint-minimal" "$out/minimal.bin"
	cp "$minimal_deb" "$out/minimal.deb"
fi

strip -o "$out/app.stripped" "$out/app.bin"
strip -o "$out/minimal.stripped" "$out/minimal.bin"

echo "== starting each $runs times under Xvfb (fresh data folder, private keyring) =="
# Each start in its own D-Bus session with its own unlocked keyring, as `make run HEADLESS=1` starts the app.
: >"$out/app.runs"; : >"$out/minimal.runs"
xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
	set -euo pipefail
	for i in $(seq "$1"); do
		for who in app minimal; do
			if [ $who = app ]; then bin=$2/app.bin title="MSI Actions Setup"; else bin=$2/minimal.bin title="Footprint Minimal"; fi
			line=$(LANG=C.UTF-8 LC_ALL=C.UTF-8 scripts/with-keyring bench/footprint/measure-once.sh "$bin" "$title" \
				| sed -n "s/^result: //p")
			[ -n "$line" ] || { echo "run $i $who: no measurement" >&2; exit 1; }
			echo "$line" >>"$2/$who.runs"
			echo "run $i $who: $line (s, KiB)"
		done
	done
' _ "$runs" "$out"

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
size() { stat -c %s "$1"; }

app_start=$(cut -d' ' -f1 "$out/app.runs" | median)
min_start=$(cut -d' ' -f1 "$out/minimal.runs" | median)
app_rss=$(cut -d' ' -f2 "$out/app.runs" | median)
min_rss=$(cut -d' ' -f2 "$out/minimal.runs" | median)

{
	echo "== footprint: this app vs a minimal Tauri window (same Tauri, plugins, dependencies; release) =="
	printf '%-28s %14s %14s %7s %7s  %s\n' "measure" "this app" "minimal" "ratio" "target" "met"
	missed=0
	# Ratios from the raw figures; the shown ones are rounded. `scale` turns raw into the unit shown.
	row() {
		local name=$1 app=$2 minimal=$3 target=$4 unit=$5 scale=$6 ratio met
		ratio=$(awk -v a="$app" -v m="$minimal" 'BEGIN { printf "%.2f", a / m }')
		met=$(awk -v a="$app" -v m="$minimal" -v t="$target" 'BEGIN { print (a <= t * m) ? "yes" : "NO" }')
		[ "$met" = yes ] || missed=1
		printf '%-28s %14s %14s %6sx %6sx  %s\n' "$name" \
			"$(awk -v v="$app" -v s="$scale" 'BEGIN { printf "%.2f", v / s }') $unit" \
			"$(awk -v v="$minimal" -v s="$scale" 'BEGIN { printf "%.2f", v / s }') $unit" "$ratio" "$target" "$met"
	}
	row "start to window mapped" "$app_start" "$min_start" 1.3 s 1
	row "RSS 5 s after start" "$app_rss" "$min_rss" 1.3 MiB 1024
	row "binary (stripped)" "$(size "$out/app.stripped")" "$(size "$out/minimal.stripped")" 2 MiB 1048576
	row "package (.deb)" "$(size "$out/app.deb")" "$(size "$out/minimal.deb")" 2 MiB 1048576
	echo "(start and RSS: median of $runs starts each; RSS sums VmRSS of the app and every process below it)"
	echo "missed=$missed"
} | tee "$out/report.txt" | grep -v '^missed='
grep -q '^missed=0$' "$out/report.txt"
