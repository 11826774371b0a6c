#!/usr/bin/env bash
# Benchmark: `plan check`, `overdue`, `agencies`, `export --format csv` and one `update`
# on synthetic plans of 1,000, 10,000 and 100,000 tasks (10 updates each), against the
# floor (read + serde/toml parse of the same files) and, at 10,000 tasks, Taskwarrior's
# `task overdue` on the same tasks. Prints a Markdown table of medians over repeated runs.
#
#   bench/run.sh                 # all sizes, 5 runs each
#   SIZES="1000 10000" RUNS=3 bench/run.sh
#
# Needs: cargo, python3 and GNU time (installed with apt-get when missing and run as
# root); installs taskwarrior with apt-get when
# run as root and it is missing (skip with NO_TASKWARRIOR=1).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"1000 10000 100000"}
RUNS=${RUNS:-5}
UPDATES=${UPDATES:-10}
WORK=${WORK:-$(mktemp -d /tmp/plan-bench.XXXXXX)}
AS_OF=2026-12-31

if [ ! -x /usr/bin/time ] && [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq time >/dev/null
fi
cargo build --release --quiet --bin plan --example generate --example floor
PLAN=$PWD/target/release/plan
FLOOR=$PWD/target/release/examples/floor
GENERATE=$PWD/target/release/examples/generate

# measure NAME DIR CMD...: RUNS runs; prints "NAME median_seconds max_peak_kb". "{run}"
# in an argument becomes the run's number (an update repeated word for word is refused as
# a duplicate), and a run that fails stops the benchmark rather than time a refusal.
measure() {
    local name=$1 dir=$2; shift 2
    (cd "$dir" && python3 - "$name" "$RUNS" "$@" <<'PY'
import os, statistics, subprocess, sys, time
name, runs, cmd = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
times, peaks = [], []
for run in range(runs):
    # GNU time reports the peak memory of the command alone (a child of this Python
    # process would count Python's own pages too).
    args = [a.replace("{run}", str(run)) for a in cmd]
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    times.append(time.perf_counter() - start)
    if done.returncode != 0 and name != "taskwarrior":
        sys.exit(f"{name}: {' '.join(args)} failed:\n{done.stderr}")
    peaks.append(int(done.stderr.strip().splitlines()[-1]))
print(name, statistics.median(times), max(peaks))
PY
    )
}

mkdir -p "$WORK"
RESULTS=$WORK/results.txt
: > "$RESULTS"
for n in $SIZES; do
    dir=$WORK/plan-$n
    [ -d "$dir/plan" ] || "$GENERATE" --tasks "$n" --updates "$UPDATES" --out "$dir" >/dev/null
    bytes=$(du -sb --exclude=.cache --exclude=.lock "$dir/plan" | cut -f1)
    blocks=$(du -sk --exclude=.cache --exclude=.lock "$dir/plan" | cut -f1)
    echo "size $n $bytes $blocks" >> "$RESULTS"
    measure floor "$dir" "$FLOOR" "$dir/plan" | sed "s/^/$n /" >> "$RESULTS"
    # Files changed in the last two seconds are not cached; then one run builds the cache.
    sleep 2.1
    (cd "$dir" && "$PLAN" check --as-of $AS_OF >/dev/null)
    for cmd in check "check --no-cache" overdue "overdue --no-cache" agencies "export --format csv"; do
        # shellcheck disable=SC2086
        measure "$(echo "$cmd" | sed 's/ --format csv//; s/ /_/g')" "$dir" "$PLAN" $cmd --as-of $AS_OF | sed "s/^/$n /" >> "$RESULTS"
    done
    first=$(cd "$dir/plan/tasks" && set -- *.toml && echo "$1")
    task=${first%.toml}
    agency=$(sed -n 's/^by = "\(.*\)"$/\1/p' "$dir/plan/tasks/$first" | sed -n 1p)
    # The task file is put back as it was, so that every run of the benchmark appends to
    # the same file rather than to one grown by the runs before.
    cp -p "$dir/plan/tasks/$first" "$WORK/task-before-update.toml"
    measure update "$dir" "$PLAN" update "$task" --by "$agency" --status in-progress --note "Lần đo {run}" --as-of $AS_OF | sed "s/^/$n /" >> "$RESULTS"
    cp -p "$WORK/task-before-update.toml" "$dir/plan/tasks/$first"
    echo "cache $n $(stat -c %s "$dir/plan/.cache")" >> "$RESULTS"
done

# Taskwarrior on the same 10,000 tasks (when measured).
if [ -d "$WORK/plan-10000" ] && [ -z "${NO_TASKWARRIOR:-}" ]; then
    if ! command -v task >/dev/null && [ "$(id -u)" = 0 ]; then
        { apt-get update -qq && apt-get install -y -qq taskwarrior; } >/dev/null 2>&1 || true
    fi
    if command -v task >/dev/null; then
        tw=$WORK/taskwarrior
        mkdir -p "$tw/data"
        printf 'data.location=%s\nconfirmation=off\nverbose=nothing\nhooks=off\ngc=off\n' "$tw/data" > "$tw/taskrc"
        if [ ! -s "$tw/data/pending.data" ]; then
            (cd "$WORK/plan-10000" && "$PLAN" export --format json --as-of $AS_OF) | python3 -c '
import json, sys
for row in json.load(sys.stdin):
    task = {"description": row["title"][:200], "project": "NQ57." + row["group"], "status": "pending",
            "entry": "20250201T000000Z", "tags": [row["id"]]}
    if row["due"]:
        task["due"] = row["due"].replace("-", "") + "T000000Z"
    print(json.dumps(task, ensure_ascii=False))' > "$tw/import.json"
            TASKRC=$tw/taskrc task import "$tw/import.json" >/dev/null 2>&1
        fi
        TASKRC=$tw/taskrc measure taskwarrior "$WORK/plan-10000" task rc.report.overdue.filter='status:pending and +OVERDUE' overdue | sed "s/^/10000 /" >> "$RESULTS"
    fi
fi

python3 - "$RESULTS" <<'PY'
import sys, collections
sizes, caches, rows = {}, {}, collections.defaultdict(dict)
for line in open(sys.argv[1]):
    parts = line.split()
    if parts[0] == "size":
        sizes[int(parts[1])] = (int(parts[2]), int(parts[3]) * 1024)
    elif parts[0] == "cache":
        caches[int(parts[1])] = int(parts[2])
    else:
        rows[int(parts[0])][parts[1]] = (float(parts[2]), int(parts[3]) * 1024)
print("| tasks | command | median wall time | × floor | peak memory | × plan size (bytes / on disk) |")
print("| ---: | --- | ---: | ---: | ---: | ---: |")
for n in sorted(rows):
    floor = rows[n]["floor"][0]
    size, disk = sizes[n]
    for name, (t, rss) in rows[n].items():
        ratio = "" if name in ("update", "taskwarrior") else f"{t / floor:.2f}"
        label = {"export": "export --format csv", "taskwarrior": "Taskwarrior `task overdue`", "floor": "floor (read + parse)"}.get(name, name.replace("_", " "))
        print(f"| {n:,} | {label} | {t * 1000:.1f} ms | {ratio} | {rss / 2**20:.1f} MiB | {rss / size:.2f} / {rss / disk:.2f} |")
if "taskwarrior" in rows.get(10000, {}):
    tw = rows[10000]["taskwarrior"][0]
    print(f"\nAt 10,000 tasks Taskwarrior's `task overdue` takes {tw / rows[10000]['overdue'][0]:.2f}× the time of `plan overdue` "
          f"({tw / rows[10000]['overdue_--no-cache'][0]:.2f}× with `--no-cache`).")
for n, (size, disk) in sorted(sizes.items()):
    cache = f"; plan/.cache {caches[n] / 2**20:.0f} MiB" if n in caches else ""
    print(f"- {n:,} tasks: {size / 2**20:.0f} MiB of files ({disk / 2**20:.0f} MiB on disk){cache}")
PY
echo "(data in $WORK)" >&2
