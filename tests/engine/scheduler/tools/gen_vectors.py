#!/usr/bin/env python3
"""Generates data/dst_vectors.tsv: random cron rules around DST transitions in several zones,
answered by the brute-force reference in cronref.py. Columns: EXPR, ZONE, START, N, EXPECTED
(N ISO 8601 date-times separated by single spaces). Deterministic (fixed seed).

    python3 gen_vectors.py > ../data/dst_vectors.tsv
"""
import datetime as dt
import random
import sys
from zoneinfo import ZoneInfo

import cronref

ZONES = {
    "America/New_York": [2024, 2038], "Europe/Berlin": [2024, 2039], "Australia/Lord_Howe": [2024, 2038],
    "America/Sao_Paulo": [2018], "Pacific/Chatham": [2024], "America/St_Johns": [2024],
    "Asia/Kolkata": [2024], "Asia/Kathmandu": [2024], "UTC": [2024], "Europe/London": [2023],
}


def transitions(zone, year):
    z = ZoneInfo(zone)
    t = int(dt.datetime(year, 1, 1, tzinfo=dt.timezone.utc).timestamp())
    end = int(dt.datetime(year + 1, 1, 1, tzinfo=dt.timezone.utc).timestamp())
    off = lambda ts: dt.datetime.fromtimestamp(ts, z).utcoffset()
    out = []
    while t < end:
        if off(t) != off(t + 3600):
            lo, hi = t, t + 3600
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if off(mid) == off(lo):
                    lo = mid
                else:
                    hi = mid
            out.append(hi)
        t += 3600
    return out or [int(dt.datetime(year, 6, 1, tzinfo=dt.timezone.utc).timestamp())]


def pick(r, *choices):
    return r.choice(choices)


def gen_expr(r, month):
    if r.random() < 0.05:
        return pick(r, "@daily", "@hourly", "@midnight", "@weekly")
    minute = pick(r, "*", "*/15", "*/20", "0", "30", "45", "0,30", "15-45/15", "5/20", "0-59/10", "*/7", "10-12",
                  "59", "1,31,59")
    hour = pick(r, "*", "*/2", "0", "1", "2", "3", "1-3", "0,2", "2/3", "1-2", "*/3", "0-23/4", "23", "12")
    dom = pick(r, "*", "*", "*", "?", "*/2", "L", "L-1", "LW", "15W", "1-15", "1,15,L", "2-31", "30W", "L-30")
    mon = pick(r, "*", "*", "*", str(month), cronref.MONTHS[month - 1].upper(), "%d-%d" % (max(1, month - 1), month),
               "*/2", "1/3")
    dow = pick(r, "*", "*", "*", "?", "1-5", "mon-fri", "sun", "0", "7", "fri-sun", "5L", "0#1", "sun#2", "*/2",
               "sat,sun", "2#1,4#2", "SunL")
    if dom == "?" and dow == "?":
        dow = "*"
    fields = [minute, hour, dom, mon, dow]
    if r.random() < 0.08:
        fields.insert(0, pick(r, "0", "30", "*/20", "0,59"))
    return " ".join(fields)


def main():
    r = random.Random(20240310)
    rows = []
    for zone, years in ZONES.items():
        for year in years:
            for tr in transitions(zone, year):
                for _ in range(18):
                    expr = gen_expr(r, dt.datetime.fromtimestamp(tr, ZoneInfo(zone)).month)
                    rule = cronref.Rule(expr)
                    start = tr + r.randint(-30 * 3600, 6 * 3600) + r.choice([0, 0, r.randint(0, 59)])
                    six = len(expr.split()) == 6
                    horizon = (2 if six else 10) * 86400
                    n = 6
                    got = cronref.fire_times(rule, zone, start, n, horizon)
                    if not got:
                        continue
                    if r.random() < 0.3:
                        # a wall time without offset (fold=0 reading), checked by the reference too
                        local = dt.datetime.fromtimestamp(start, ZoneInfo(zone)).replace(tzinfo=None)
                        back = int(local.replace(tzinfo=ZoneInfo(zone), fold=0).timestamp())
                        if back != start:
                            got = cronref.fire_times(rule, zone, back, n, horizon)
                            if not got:
                                continue
                        start_text = local.isoformat()
                    else:
                        start_text = dt.datetime.fromtimestamp(start, ZoneInfo(zone)).isoformat()
                    rows.append("\t".join([expr, zone, start_text, str(len(got)),
                                           " ".join(cronref.iso(t, zone) for t in got)]))
    sys.stdout.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
