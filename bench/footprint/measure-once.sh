#!/usr/bin/env bash
# One start of one app, for bench/footprint/run.sh (inside Xvfb and scripts/with-keyring): starts BINARY on a
# fresh data folder, waits until a window whose title starts with TITLE is mapped, and prints
# "result: <seconds until mapped> <KiB of RSS of the app and its child processes SAMPLE_AFTER s after start>"
# (prefixed: the D-Bus session around it prints to the same stdout).
# The title is matched by prefix because the app's page adds the environment to it once it has loaded.
set -euo pipefail
bin=$1 title=$2
sample_after=${SAMPLE_AFTER:-5}
data=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$data" "$log"' EXIT

now_ns() { date +%s%N; }

# Every process below $1, $1 included: ppid from /proc/*/stat (field 4, read after the last ')' because
# a command name may hold spaces and parentheses).
tree_pids() {
	local root=$1 changed=1 pid stat rest ppid
	local -A in_tree=(["$root"]=1)
	while [ $changed = 1 ]; do
		changed=0
		for stat in /proc/[0-9]*/stat; do
			pid=${stat#/proc/}; pid=${pid%/stat}
			[ -n "${in_tree[$pid]:-}" ] && continue
			rest=$(cat "$stat" 2>/dev/null) || continue
			rest=${rest##*) }
			read -r _ ppid _ <<<"$rest"
			if [ -n "${in_tree[$ppid]:-}" ]; then in_tree[$pid]=1; changed=1; fi
		done
	done
	echo "${!in_tree[@]}"
}

tree_rss_kib() {
	local total=0 pid kib
	for pid in $(tree_pids "$1"); do
		kib=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
		total=$((total + ${kib:-0}))
	done
	echo $total
}

start=$(now_ns)
MSI_SETUP_DATA_DIR=$data "$bin" >"$log" 2>&1 &
app=$!

mapped=""
deadline=$((start + 60 * 1000000000))
while [ -z "$mapped" ]; do
	if ! kill -0 $app 2>/dev/null; then
		echo "$bin exited before its window was mapped:" >&2; cat "$log" >&2; exit 1
	fi
	for id in $(xwininfo -root -tree 2>/dev/null | awk -v t="\"$title" 'index($0, t) { print $1 }'); do
		if xwininfo -id "$id" 2>/dev/null | grep -q 'Map State: IsViewable'; then mapped=$(now_ns); break; fi
	done
	if [ -z "$mapped" ]; then
		[ "$(now_ns)" -lt $deadline ] || { echo "$bin: no window \"$title…\" mapped within 60 s" >&2; exit 1; }
		sleep 0.01
	fi
done

wait_ns=$((start + sample_after * 1000000000 - $(now_ns)))
[ $wait_ns -gt 0 ] && sleep "$(awk -v n=$wait_ns 'BEGIN { printf "%.3f", n / 1e9 }')"
rss=$(tree_rss_kib $app)
pids=$(tree_pids $app)

kill $pids 2>/dev/null || true
wait $app 2>/dev/null || true
awk -v s="$start" -v m="$mapped" -v r="$rss" 'BEGIN { printf "result: %.3f %d\n", (m - s) / 1e9, r }'
