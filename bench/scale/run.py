#!/usr/bin/env python3
"""newswatch's scale benchmark (issue 8): a farm of feeds on loopback, polled twice.

For each size N (default 1,000 and 10,000 feeds of 20 items, spread over 500 hosts):
  cycle 1: every feed is new; one item in ten is within max_age (2 days), so ~2 articles per feed
           are fetched, extracted, matched, quote-mined and stored; the rest are recorded as seen.
  cycle 2: the same feeds again: 70% answer 304, 20% carry one new item, 10% fail (500, 404,
           429 with Retry-After, or a connection that never answers until the 10 s timeout).
Each cycle is one `newswatch once` process on a fresh store (cycle 2 reuses cycle 1's store), timed
wall-clock with its peak RSS (from wait4). The farm reports when it last answered a healthy
request, which shows whether the hanging feeds held the healthy ones up.

The reference, rss2email 3.14 from PyPI, polls the same farm of --r2e-feeds feeds in the same run
(cycle 1 with --no-send, which records entries as seen; cycle 2 sends the new items to
/bin/true as its sendmail). It does not fetch article pages at all, so it does less work.

With --crash K (and --crash-feeds N), it instead kills `newswatch once` with SIGKILL K times at
random moments during a busy first cycle over N feeds, restarting it each time, lets a last run
finish, and checks the store against a run that was never interrupted: the same entries,
articles, matches and quotes, nothing pending, no article stored twice.

Usage: python3 bench/scale/run.py [--sizes 1000,10000] [--r2e-feeds 1000] [--hosts 500]
                                  [--timeout 10s] [--no-r2e] [--no-build]
       python3 bench/scale/run.py --crash 20 [--crash-feeds 10000] [--seed 1]
Needs: DATASET (default ../shared/datasets/article-extraction-benchmark) for the article pages.
For investigations: NW_WRAP="heaptrack -o /tmp/ht" (or perf, /usr/bin/time) wraps each newswatch
run; NW_DAEMON_EXTRA="max_concurrent_fetches = 64" adds [daemon] lines (";"-separated); KEEP=1
keeps each run's directory (config, logs, store); --only-cycle-1 skips the second cycle.
"""

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGET = ROOT / "target"
FARM_BIN = TARGET / "farm" / "release" / "newswatch-farm"
NW_BIN = TARGET / "release" / "newswatch"
VENV = TARGET / "r2e-venv"

TOPICS = """
[[topic]]
name = "Hostage negotiations"
query = '(hostage* OR captive* OR abduct* OR kidnap*) NEAR/20 (negotiat* OR talks OR deal OR release* OR swap OR exchange OR mediat*) -"hostage to fortune"'

[[topic]]
name = "Ceasefire"
query = 'ceasefire OR truce OR armistice OR "cessation of hostilities" OR (halt* NEAR/3 (fighting OR hostilities))'
"""


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def build(no_build):
    if no_build:
        return
    log("building newswatch (release) and the farm")
    subprocess.run(["cargo", "build", "--release", "--bin", "newswatch"], cwd=ROOT, check=True)
    subprocess.run(
        ["cargo", "build", "--release", "--manifest-path", "bench/farm/Cargo.toml",
         "--target-dir", str(TARGET / "farm")],
        cwd=ROOT, check=True)


def host(h):
    return f"127.0.{1 + h // 250}.{1 + h % 250}"


class Farm:
    def __init__(self, pages, feeds, hosts, cycle, now, port=0):
        self.dir = tempfile.mkdtemp(prefix="farm-")
        port_file = os.path.join(self.dir, "port.json")
        self.out = open(os.path.join(self.dir, "stats.json"), "w+")
        self.proc = subprocess.Popen(
            [str(FARM_BIN), "--pages", pages, "--feeds", str(feeds), "--hosts", str(hosts),
             "--cycle", str(cycle), "--now", str(now), "--port", str(port),
             "--port-file", port_file],
            stdout=self.out)
        for _ in range(200):
            if os.path.exists(port_file) and os.path.getsize(port_file) > 0:
                break
            if self.proc.poll() is not None:
                raise SystemExit(f"the farm exited with {self.proc.returncode}")
            time.sleep(0.05)
        self.port = json.load(open(port_file))["port"]

    def url(self, i, hosts):
        return f"http://{host(i % hosts)}:{self.port}/feeds/{i}.xml"

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)
        self.out.seek(0)
        stats = json.loads(self.out.read())
        self.out.close()
        shutil.rmtree(self.dir, ignore_errors=True)
        return stats


def timed(cmd, **kw):
    """Runs cmd; returns (wall seconds, peak RSS MB, start unix ms, returncode)."""
    start_ms = time.time() * 1000
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, **kw)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024, start_ms, proc.returncode


def newswatch_config(state, farm, n, hosts, timeout):
    lines = [
        "[daemon]",
        f'state_dir = "{state}"',
        "allow_private_networks = true   # the farm is on loopback",
        f'timeout = "{timeout}"',
        'max_age = "2d"',
    ] + [l for l in os.environ.get("NW_DAEMON_EXTRA", "").split(";") if l] + [
        "",
    ]
    for i in range(n):
        lines += ["[[feed]]", f'url = "{farm.url(i, hosts)}"', f'name = "farm {i}"', ""]
    return "\n".join(lines) + TOPICS


def counts(state):
    db = sqlite3.connect(os.path.join(state, "newswatch.db"))
    try:
        entries = db.execute("SELECT count(*) FROM entries").fetchone()[0]
        articles = db.execute("SELECT count(*) FROM articles").fetchone()[0]
        by_status = dict(db.execute("SELECT state, count(*) FROM entries GROUP BY state"))
        return entries, articles, by_status
    finally:
        db.close()


def run_newswatch(pages, n, hosts, timeout, cycles=(1, 2)):
    work = tempfile.mkdtemp(prefix=f"scale-{n}-")
    state = os.path.join(work, "state")
    now = int(time.time())
    rows = []
    farm = Farm(pages, n, hosts, 1, now)
    port = farm.port
    cfg = os.path.join(work, "newswatch.toml")
    Path(cfg).write_text(newswatch_config(state, farm, n, hosts, timeout))
    before = 0
    for cycle in cycles:
        if cycle == 2:
            farm = Farm(pages, n, hosts, 2, now, port)
        log(f"newswatch: {n} feeds, cycle {cycle}")
        with open(os.path.join(work, f"cycle{cycle}.log"), "w") as err, \
             open(os.path.join(work, f"cycle{cycle}.out"), "w") as out:
            wrap = os.environ.get("NW_WRAP", "").split()  # e.g. a profiler
            wall, rss, start_ms, rc = timed(wrap + [str(NW_BIN), "--config", cfg, "once"],
                                            stdout=out, stderr=err)
        stats = farm.stop()
        if rc != 0:
            raise SystemExit(f"newswatch once exited with {rc}; see {work}")
        entries, articles, by_status = counts(state)
        new_articles = articles - before
        before = articles
        healthy = (stats["last_healthy_ms"] - start_ms) / 1000 if stats["last_healthy_ms"] else 0
        rows.append({
            "tool": "newswatch", "feeds": n, "cycle": cycle, "wall_s": round(wall, 2),
            "feeds_per_s": round(n / wall, 1), "articles": new_articles,
            "articles_per_s": round(new_articles / wall, 1), "peak_rss_mb": round(rss, 1),
            "healthy_done_s": round(healthy, 2), "entries": entries, "entry_status": by_status,
            "farm": stats, "summary": Path(os.path.join(work, f"cycle{cycle}.out")).read_text().strip(),
        })
        log(json.dumps(rows[-1]))
    if os.environ.get("KEEP"):
        log("kept", work)
    else:
        shutil.rmtree(work, ignore_errors=True)
    return rows


def store_facts(state):
    db = sqlite3.connect(os.path.join(state, "newswatch.db"))
    try:
        one = lambda sql: db.execute(sql).fetchone()[0]
        return {
            "entries": one("SELECT count(*) FROM entries"),
            "pending": one("SELECT count(*) FROM entries WHERE state = 'pending'"),
            "articles": one("SELECT count(*) FROM articles"),
            "distinct_article_urls": one("SELECT count(DISTINCT url) FROM articles"),
            "matches": one("SELECT count(*) FROM matches"),
            "quotes": one("SELECT count(*) FROM quotes"),
        }
    finally:
        db.close()


def run_crash(pages, n, hosts, timeout, kills, seed):
    """SIGKILL during a busy first cycle, many times; then compare with an uninterrupted run."""
    import random
    rng = random.Random(seed)
    now = int(time.time())
    results = {}
    for mode in ("clean", "killed"):
        work = tempfile.mkdtemp(prefix=f"crash-{mode}-")
        state = os.path.join(work, "state")
        farm = Farm(pages, n, hosts, 1, now)
        cfg = os.path.join(work, "newswatch.toml")
        Path(cfg).write_text(newswatch_config(state, farm, n, hosts, timeout))
        cmd = [str(NW_BIN), "--config", cfg, "once"]
        moments = []
        if mode == "killed":
            for k in range(kills):
                # Anywhere in a cycle: while feeds are being registered, polled, or articles
                # fetched, analysed and stored.
                at = rng.uniform(0.05, 6.0)
                proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                time.sleep(at)
                proc.kill()
                proc.wait()
                f = store_facts(state) if os.path.exists(os.path.join(state, "newswatch.db")) else {}
                moments.append({"after_s": round(at, 2), "articles_so_far": f.get("articles", 0)})
                log(f"kill {k + 1}/{kills} after {at:.2f}s: {f}")
        with open(os.path.join(work, "final.log"), "w") as err:
            rc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=err).returncode
        farm.stop()
        if rc != 0:
            raise SystemExit(f"the final {mode} run exited with {rc}; see {work}")
        results[mode] = store_facts(state)
        results[mode + "_kills"] = moments
        shutil.rmtree(work, ignore_errors=True)
    clean, killed = results["clean"], results["killed"]
    ok = (clean == killed and killed["pending"] == 0
          and killed["articles"] == killed["distinct_article_urls"] == 2 * n)
    print(f"crash test: {kills} SIGKILLs during a first cycle over {n:,} feeds")
    print(f"kill moments (s after start): {[m['after_s'] for m in results['killed_kills']]}")
    print(f"articles stored when killed: {[m['articles_so_far'] for m in results['killed_kills']]}")
    print(f"uninterrupted: {clean}")
    print(f"killed {kills}x:   {killed}")
    print("PASS: nothing lost, nothing twice" if ok else "FAIL")
    return ok


def ensure_r2e():
    r2e = VENV / "bin" / "r2e"
    if not r2e.exists():
        log("installing rss2email 3.14 into", VENV)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin" / "pip"), "install", "-q", "rss2email==3.14"], check=True)
    return r2e


def run_r2e(pages, n, hosts, timeout_s):
    r2e = str(ensure_r2e())
    work = tempfile.mkdtemp(prefix="r2e-")
    cfg, data = os.path.join(work, "r2e.cfg"), os.path.join(work, "r2e.json")
    now = int(time.time())
    farm = Farm(pages, n, hosts, 1, now)
    port = farm.port
    opml = os.path.join(work, "feeds.opml")
    body = "".join(f'<outline type="rss" text="farm{i}" xmlUrl="{farm.url(i, hosts)}"/>'
                   for i in range(n))
    Path(opml).write_text(f'<?xml version="1.0"?><opml version="1.0"><body>{body}</body></opml>')
    base = [r2e, "-c", cfg, "-d", data]
    # `r2e new` writes the configuration (and refuses an existing one); then set ours in it.
    subprocess.run(base + ["new", "analyst@example.org"], check=True, capture_output=True)
    import configparser
    conf = configparser.ConfigParser(interpolation=None)
    conf.read(cfg)
    conf["DEFAULT"].update({"from": "r2e@example.org", "feed-timeout": str(timeout_s),
                            "email-protocol": "sendmail", "sendmail": "/bin/true"})
    with open(cfg, "w") as f:
        conf.write(f)
    subprocess.run(base + ["opmlimport", opml], check=True, capture_output=True)
    rows = []
    for cycle in (1, 2):
        if cycle == 2:
            farm = Farm(pages, n, hosts, 2, now, port)
        log(f"rss2email: {n} feeds, cycle {cycle}")
        cmd = base + (["run", "--no-send"] if cycle == 1 else ["run"])
        with open(os.path.join(work, f"cycle{cycle}.log"), "w") as err:
            wall, rss, start_ms, rc = timed(cmd, stdout=subprocess.DEVNULL, stderr=err)
        stats = farm.stop()
        healthy = (stats["last_healthy_ms"] - start_ms) / 1000 if stats["last_healthy_ms"] else 0
        rows.append({
            "tool": "rss2email 3.14", "feeds": n, "cycle": cycle, "wall_s": round(wall, 2),
            "feeds_per_s": round(n / wall, 1), "articles": 0, "articles_per_s": 0,
            "peak_rss_mb": round(rss, 1), "healthy_done_s": round(healthy, 2), "exit": rc,
            "farm": stats,
        })
        log(json.dumps(rows[-1]))
    shutil.rmtree(work, ignore_errors=True)
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--r2e-feeds", type=int, default=1000)
    ap.add_argument("--hosts", type=int, default=500)
    ap.add_argument("--timeout", default="10s")
    ap.add_argument("--no-r2e", action="store_true")
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--only-cycle-1", action="store_true", help="skip cycle 2 (for quick experiments)")
    ap.add_argument("--json", help="also write the rows to this file")
    ap.add_argument("--crash", type=int, default=0, help="run the crash test with this many kills")
    ap.add_argument("--crash-feeds", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    dataset = os.environ.get("DATASET", str(ROOT.parent / "shared/datasets/article-extraction-benchmark"))
    pages = os.path.join(dataset, "html")
    if not os.path.isdir(pages):
        raise SystemExit(f"no article pages at {pages}: set DATASET to the article-extraction benchmark")
    build(a.no_build)
    if a.crash:
        sys.exit(0 if run_crash(pages, a.crash_feeds, a.hosts, a.timeout, a.crash, a.seed) else 1)
    rows = []
    for n in [int(s) for s in a.sizes.split(",") if s]:
        rows += run_newswatch(pages, n, a.hosts, a.timeout, (1,) if a.only_cycle_1 else (1, 2))
    if not a.no_r2e:
        rows += run_r2e(pages, a.r2e_feeds, a.hosts, int(a.timeout.rstrip("s")))
    if a.json:
        Path(a.json).write_text(json.dumps(rows, indent=1))
    print("| tool | feeds | cycle | wall s | feeds/s | articles | articles/s | peak RSS MB | last healthy answer s |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        print(f"| {r['tool']} | {r['feeds']:,} | {r['cycle']} | {r['wall_s']} | {r['feeds_per_s']} | "
              f"{r['articles']:,} | {r['articles_per_s']} | {r['peak_rss_mb']} | {r['healthy_done_s']} |")
    nw = {(r["feeds"], r["cycle"]): r for r in rows if r["tool"] == "newswatch"}
    for r in rows:
        if r["tool"] != "newswatch" and (r["feeds"], r["cycle"]) in nw:
            ours = nw[(r["feeds"], r["cycle"])]
            print(f"\ncycle {r['cycle']} at {r['feeds']:,} feeds: newswatch {r['wall_s'] / ours['wall_s']:.1f}x "
                  f"rss2email's feeds/s (and it also fetched and analysed {ours['articles']:,} articles)")


if __name__ == "__main__":
    main()
