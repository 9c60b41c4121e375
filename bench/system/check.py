#!/usr/bin/env python3
"""Checks after a system-harness run (bench/system/run.sh) and its markdown report, printed to stdout.

Reads from --out: journal.tsv (what Gatling's virtual users were answered), haproxy-requests.log (every
request the load balancer saw, with epoch-ms accept time, server, status and total time), faults.tsv (each
fault's start and end), db-*.tsv (rows read from PostgreSQL after the run), mail/ (every message the SMTP
recorder accepted), heap.tsv (each instance after the run). Exit status 1 when a check fails.
"""
import argparse
import concurrent.futures
import email.parser
import json
import os
import platform
import statistics
import sys
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict

RECOVERY_MS = 20_000  # after a fault is lifted, errors within this long still belong to its window

ap = argparse.ArgumentParser()
for a in ("out", "s3-dir", "lb", "gatling-html", "commit", "jvm", "java-opts", "load-before", "mail-kinds"):
    ap.add_argument("--" + a, default="")
for a in ("rate",):
    ap.add_argument("--" + a, type=float)
for a in ("base", "spike", "tail"):
    ap.add_argument("--" + a, type=int)
args = ap.parse_args()
out = args.out
failures = []


def tsv(name):
    path = os.path.join(out, name)
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def pct(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, max(0, int(round(p / 100 * len(s) + 0.5)) - 1))]


t0 = int(open(os.path.join(out, "t0")).read()) if os.path.exists(os.path.join(out, "t0")) else None

# --- requests as HAProxy saw them: REQ <epoch_ms> <server> <status> <Ta> <Tw> <method> <uri> ---
requests = []
with open(os.path.join(out, "haproxy-requests.log"), encoding="utf-8", errors="replace") as f:
    for line in f:
        p = line.split(" ", 7)
        if len(p) < 8 or not p[1].isdigit():
            continue
        uri = p[7].strip()
        path = uri.split("?")[0]
        requests.append({"t": int(p[1]), "server": p[2], "status": int(p[3]), "ms": int(p[4]) if p[4].lstrip("-").isdigit() else -1,
                         "method": p[6], "path": path})
if t0 is None and requests:
    t0 = min(r["t"] for r in requests if r["path"].startswith("/api/"))
load_end = t0 + (args.base + args.spike + args.tail) * 1000 + 30_000


def kind(r):
    path, m = r["path"], r["method"]
    if path.startswith("/api/fan/recordings/"):
        return "take complete"
    for prefix, name in (("/api/locale", "locale"), ("/api/campaign", "campaign"), ("/api/fan/recordings", "take create"),
                         ("/api/fan/subscription", "subscribe"), ("/mail/confirm", "confirm"), ("/api/fan/artwork", "artwork"),
                         ("/s/", "share page"), ("/media/", "media"), ("/health/", "health")):
        if path.startswith(prefix):
            return name
    return m + " other"


fan_requests = [r for r in requests if r["t"] <= load_end and kind(r) != "health"]
faults = [(name, int(s), int(e)) for name, s, e in tsv("faults.tsv")]
windows = []
for i, (name, s, e) in enumerate(faults):
    limit = faults[i + 1][1] if i + 1 < len(faults) else e + RECOVERY_MS
    windows.append((name, s, e, min(e + RECOVERY_MS, limit)))


def window_of(t):
    for w in windows:
        if w[1] <= t < w[3]:
            return w
    return None


phase_bounds = [("base", t0, t0 + args.base * 1000), ("spike (3x)", t0 + args.base * 1000, t0 + (args.base + args.spike) * 1000),
                ("tail", t0 + (args.base + args.spike) * 1000, load_end)]

lines = []
say = lines.append
say("# System harness report")
say("")
say(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime(t0 / 1000))}, commit {args.commit}, `bench/system/run.sh`; "
    f"{os.cpu_count()} cores shared with other work (load average {args.load_before} at the end). {args.jvm}, instance JVM flags `{args.java_opts}`.")
say("")
say("Set-up, all on 127.0.0.1: HAProxy 2.6 (round robin, health check `GET /health/ready` every 2 s, out after 2 failures, "
    "back after 2 passes; `option forwardfor`) in front of **three instances of `target/chorus.jar`** in production mode, "
    "PostgreSQL 15, Redis 7, s3proxy (filesystem store), a recording SMTP server (`smtp_recorder.py`: a message counts as "
    "received once it is on disk, before the 250). The shipped `conf/ratelimit.json` is in force. As in production behind a "
    "load balancer, every virtual user is its own client: it sends `X-Forwarded-For` with an address of its own (from "
    "198.18.0.0/15, the benchmarking range), HAProxy appends the peer it saw, and the instances run with "
    "`CHORUS_TRUSTED_PROXIES=127.0.0.1/32` so they believe HAProxy's header. Without that, all load would come from one IP and "
    "the per-IP limits would refuse it.")
say("")
say(f"Load (Gatling {'open model'}, [HTML report]({os.path.relpath(args.gatling_html, 'target/system') if args.gatling_html else ''})): "
    f"new fans arrive at **{args.rate:g}/s** for {args.base} s, at **{3 * args.rate:g}/s** for {args.spike} s (3x spike), then "
    f"{args.rate:g}/s for {args.tail} s. Each fan: `GET /api/locale` → `GET /api/campaign` → `POST /api/fan/recordings` → "
    "`PUT` the take to storage (presigned URL, straight to s3proxy as a browser does) → `POST .../complete` → "
    "`POST /api/fan/subscription` → waits (up to 60 s, looking every 250 ms) for the mail with the confirm link in the SMTP "
    "recorder's folder and `POST`s that link as the page's button does (`POST /mail/confirm`; a fan whose mail does not come "
    "goes on unconfirmed) → `POST /api/fan/artwork` → `GET` the share page → `GET` the cover image. A request that fails ends "
    "that fan's journey.")
say("")

# --- phases ---
say("## Throughput and latency outside fault windows")
say("")
say("| phase | fan requests | req/s | 2xx | 4xx | 5xx | p50 ms | p99 ms | max ms |")
say("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
outside_all = []
for name, a, b in phase_bounds:
    rs = [r for r in fan_requests if a <= r["t"] < b]
    clean = [r for r in rs if window_of(r["t"]) is None]
    outside_all += clean
    ms = [r["ms"] for r in clean if r["ms"] >= 0]
    c = Counter(r["status"] // 100 for r in clean)
    dur = max(1, (b - a) / 1000)
    say(f"| {name} (outside windows) | {len(clean)} | {len(rs) / dur:.1f} | {c[2]} | {c[4]} | {c[5]} | {pct(ms, 50)} | {pct(ms, 99)} | {max(ms) if ms else '-'} |")
say("")
say("Per request outside fault windows (all phases):")
say("")
say("| request | count | non-2xx | p50 ms | p99 ms |")
say("| --- | ---: | ---: | ---: | ---: |")
by_kind = defaultdict(list)
for r in outside_all:
    by_kind[kind(r)].append(r)
for k in ("locale", "campaign", "take create", "take complete", "subscribe", "confirm", "artwork", "share page", "media"):
    rs = by_kind.get(k, [])
    ms = [r["ms"] for r in rs if r["ms"] >= 0]
    say(f"| {k} | {len(rs)} | {sum(1 for r in rs if r['status'] >= 300)} | {pct(ms, 50)} | {pct(ms, 99)} |")
say("")

# --- fault windows ---
outside_5xx = [r for r in fan_requests if r["status"] >= 500 and window_of(r["t"]) is None]
say("## Faults")
say("")
say(f"A window runs from the fault's start to {RECOVERY_MS // 1000} s after it was lifted (or to the next fault). "
    "*Recovered after* is the time from lifting the fault to the last 5xx of its window (0 = none after it was lifted). "
    "*Slowest* is the longest answer to a request that arrived in the window.")
say("")
say("| t (s) | fault | lasted s | requests | 5xx | of which 500 | 503 from the app | 503 from HAProxy (no server up) | 502/504 | slowest ms | recovered after s |")
say("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for name, s, e, until in windows:
    rs = [r for r in fan_requests if s <= r["t"] < until]
    bad = [r for r in rs if r["status"] >= 500]
    st = Counter(r["status"] for r in bad)
    last_bad = max((r["t"] for r in bad), default=None)
    rec = max(0, (last_bad - e)) / 1000 if last_bad else 0
    slow = max((r["ms"] for r in rs), default=0)
    nosrv = sum(1 for r in bad if r["server"] == "<NOSRV>")
    say(f"| {(s - t0) / 1000:.0f} | {name} | {(e - s) / 1000:.1f} | {len(rs)} | {len(bad)} | {st[500]} | {st[503] - nosrv} | {nosrv} | "
        f"{st[502] + st[504]} | {slow} | {rec:.1f} |")
say("")
if outside_5xx:
    failures.append(f"{len(outside_5xx)} 5xx answers outside fault windows")
    say(f"**5xx outside fault windows: {len(outside_5xx)}** (first: "
        + ", ".join(f"{(r['t'] - t0) / 1000:.1f}s {r['status']} {r['method']} {r['path']}" for r in outside_5xx[:5]) + ")")
else:
    say("5xx outside fault windows: **0**.")
say("")
say("5xx by request and status during the windows:")
say("")
wbad = Counter((kind(r), r["status"]) for r in fan_requests if r["status"] >= 500 and window_of(r["t"]))
say(", ".join(f"{k} {s}: {n}" for (k, s), n in sorted(wbad.items())) or "none")
say("")

# --- data checks ---
say("## Checks")
say("")
journal = tsv("journal.tsv")
subscribed = {row[2]: row[3] for row in journal if row[0] == "subscribed"}
confirmed = [row[2] for row in journal if row[0] == "confirmed"]
mail_waits = [int(row[3]) for row in journal if row[0] == "confirm-mail"]
mail_missing = [(int(row[1]), row[2], int(row[3])) for row in journal if row[0] == "confirm-mail-missing"]
completed = [row[2] for row in journal if row[0] == "completed"]
artworks = [(row[2], row[3]) for row in journal if row[0] == "artwork"]
db_subs = Counter(row[0] for row in tsv("db-subscriptions.tsv"))
outbox = [row for row in tsv("db-outbox.tsv")]
# The mail that carries the confirm link: its own kind 'confirm' where the app has it (a claim mails a neutral
# confirmation, the welcome follows the click), else the welcome itself (older builds: one mail did both).
app_kinds = set(args.mail_kinds.split()) or {row[0] for row in outbox}
confirm_kind = "confirm" if "confirm" in app_kinds else "welcome"
rows_by_kind = defaultdict(lambda: defaultdict(list))  # kind -> address (lower case) -> [(message id, status)]
for kind_, mail, mid, status, attempts in outbox:
    rows_by_kind[kind_][mail.lower()].append((mid.strip().strip("<>"), status))
confirm_rows, welcome_rows = rows_by_kind[confirm_kind], rows_by_kind["welcome"]
recordings = {row[0]: (row[1], row[2]) for row in tsv("db-recordings.tsv")}


def check(name, ok, detail):
    say(f"- {'PASS' if ok else '**FAIL**'} {name}: {detail}")
    if not ok:
        failures.append(name)


def eg(items):
    return f"; e.g. {items[:3]}" if items else ""


missing_sub = [m for m in subscribed if db_subs.get(m, 0) != 1]
missing_outbox = [m for m in subscribed if len(confirm_rows.get(m.lower(), [])) != 1]
check("subscriptions", not missing_sub and not missing_outbox,
      f"{len(subscribed)} answered 2xx; in the database exactly once: {len(subscribed) - len(missing_sub)}; "
      f"with exactly one `{confirm_kind}` outbox row (the mail with the confirm link): {len(subscribed) - len(missing_outbox)}"
      + eg(missing_sub + missing_outbox))

parser = email.parser.BytesParser()
received = defaultdict(Counter)  # recipient (lower case) -> Counter of Message-IDs received
mail_dir = os.path.join(out, "mail")
files = sorted(f for f in os.listdir(mail_dir) if f.endswith(".eml")) if os.path.isdir(mail_dir) else []
for name in files:
    with open(os.path.join(mail_dir, name), "rb") as f:
        msg = parser.parse(f, headersonly=True)
    received[str(msg.get("To", "")).strip().strip("<>").lower()][str(msg.get("Message-ID", "")).strip().strip("<>")] += 1


def delivery(addresses, rows):
    """The addresses whose one outbox row of `rows` was not received, and the outbox states of those rows."""
    missing, states = [], Counter()
    for m in addresses:
        own = rows.get(m.lower(), [])
        states.update(s for _, s in own)
        if not own or not any(received[m.lower()][mid] for mid, _ in own):
            missing.append(m)
    return missing, states


not_received, confirm_states = delivery(subscribed, confirm_rows)
outside = [m for t, m, waited in mail_missing if window_of(t - waited) is None and window_of(t) is None]
check(f"{confirm_kind} mail (confirm link) received", not not_received,
      f"{len(subscribed)} subscriptions; their `{confirm_kind}` mail received: {len(subscribed) - len(not_received)} "
      f"(outbox states: {dict(confirm_states)}); fans who found the link in their mail: {len(mail_waits)}, after p50 "
      f"{pct(mail_waits, 50)} ms, p99 {pct(mail_waits, 99)} ms, max {max(mail_waits, default='-')} ms; gave up waiting "
      f"(60 s) and went on unconfirmed: {len(mail_missing)} (of whom {len(outside)} neither began nor ended waiting in a fault window)"
      + eg(not_received))

confirmed_set = {m.lower() for m in confirmed}
no_welcome_row = [m for m in confirmed if len(welcome_rows.get(m.lower(), [])) != 1]
welcome_missing, welcome_states = delivery([m for m in confirmed if m not in no_welcome_row], welcome_rows)
unasked = [m for m in welcome_rows if m not in confirmed_set] if confirm_kind != "welcome" else []
check("welcome mail after confirming", not no_welcome_row and not welcome_missing,
      f"{len(confirmed)} confirmed (`POST /mail/confirm` answered 200); with exactly one `welcome` outbox row: "
      f"{len(confirmed) - len(no_welcome_row)}; that welcome received: {len(confirmed) - len(no_welcome_row) - len(welcome_missing)} "
      f"(outbox states: {dict(welcome_states)})"
      + (f"; welcome rows of addresses not confirmed in the journal (a confirm whose answer was lost): {len(unasked)}"
         if confirm_kind != "welcome" else "; this build's welcome is itself the confirmation mail")
      + eg(no_welcome_row + welcome_missing))

known = defaultdict(set)  # recipient -> every Message-ID the outbox holds for it, any kind
for kind_, mail, mid, status, attempts in outbox:
    known[mail.lower()].add(mid.strip().strip("<>"))
dups = sum(n - 1 for ids in received.values() for n in ids.values() if n > 1)
foreign = [(to, mid) for to, ids in received.items() for mid in ids if mid not in known.get(to, set())]
check("no mail duplicated or unknown", not foreign,
      f"{len(files)} messages received ({', '.join(f'{k}: {sum(len(v) for v in rows_by_kind[k].values())}' for k in sorted(rows_by_kind))} "
      f"outbox rows); copies of a message already received: {dups} (same Message-ID: a crash between send and mark); "
      f"received with a Message-ID no outbox row of its address has: {len(foreign)}" + eg(foreign))

missing_take = []
for rid in completed:
    key, status = recordings.get(rid, (None, None))
    if status != "complete" or not key or not os.path.isfile(os.path.join(args.s3_dir, key)):
        missing_take.append(rid)
check("completed takes in storage", not missing_take,
      f"{len(completed)} completed; in the database as complete and in storage: {len(completed) - len(missing_take)}"
      + (f"; e.g. {missing_take[:3]}" if missing_take else ""))


def fetch(job):
    i, url = job
    # each check is its own client, like a friend opening a shared link
    req = urllib.request.Request(url, headers={"X-Forwarded-For": f"198.19.{(i >> 8) & 255}.{i & 255}", "Accept": "*/*"})
    try:
        with urllib.request.urlopen(req, timeout=15) as resp:
            resp.read()
            return resp.status
    except urllib.error.HTTPError as e:
        return e.code
    except Exception as e:  # a refused or timed-out check is a failed check, reported with the others
        return str(e)


urls = [u for pair in artworks for u in pair]
with concurrent.futures.ThreadPoolExecutor(8) as pool:
    results = list(pool.map(fetch, enumerate(urls)))
bad_urls = [(u, r) for u, r in zip(urls, results) if r != 200]
check("artwork and share URLs resolve", not bad_urls,
      f"{len(artworks)} artworks handed out; {len(urls)} URLs (share page + cover) fetched after the run, 200: "
      f"{len(urls) - len(bad_urls)}" + (f"; e.g. {bad_urls[:3]}" if bad_urls else ""))
check("no 5xx outside fault windows", not outside_5xx, f"{len(outside_5xx)}")
say("")

# --- heap ---
say("## Instances after the run")
say("")
say("| instance | up s | heap used MB | heap after full GC MB | heap max MB | RSS MB |")
say("| --- | ---: | ---: | ---: | ---: | ---: |")
now = time.time() * 1000
for name, pid, used, live, mx, rss, started in tsv("heap.tsv"):
    mb = lambda v: f"{int(v) / 1048576:.0f}" if v and v.isdigit() else "-"
    say(f"| {name} | {(now - int(started)) / 1000:.0f} | {mb(used)} | {mb(live)} | {mb(mx)} | {mb(rss)} |")
say("")
cpu = sum(float(row[1]) for row in tsv("cpu.tsv"))
served = sum(1 for r in fan_requests if r["status"] < 400)
journeys = len(artworks)
if cpu and journeys:
    say(f"CPU used by the three instances over the run (user + system, each process's total; the start-up of every "
        f"process included): **{cpu:.0f} s** for {served} answered fan requests and {journeys} whole journeys: "
        f"**{1000 * cpu / journeys:.0f} ms of CPU per journey** ({1000 * cpu / served:.1f} ms per request), the input of "
        "docs/capacity.md.")
    say("")
events = [l.strip() for l in open(os.path.join(out, "haproxy-events.log"), encoding="utf-8", errors="replace")
          if "is DOWN" in l or "is UP" in l] if os.path.exists(os.path.join(out, "haproxy-events.log")) else []
say("HAProxy health-check transitions: " + ("; ".join(e.split(" reason")[0].replace("[WARNING]", "").strip() for e in events[:20]) or "none"))
say("")
say("## Verdict")
say("")
say("All checks passed." if not failures else "Failed: " + "; ".join(failures) + ".")
print("\n".join(lines))
sys.exit(1 if failures else 0)
