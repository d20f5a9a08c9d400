#!/usr/bin/env python3
"""Generates data/day_vectors.tsv: random day-of-month / month / day-of-week rules (L, L-n, LW,
nW, dL, d#n, names, steps, lists, '?', the Vixie OR/AND rule) at midnight UTC, answered by
walking calendar days with cronref.py's independent matcher. Same columns as dst_vectors.tsv.

    python3 gen_day_vectors.py > ../data/day_vectors.tsv
"""
import datetime as dt
import random
import sys

import cronref

DOM = ["*", "?", "*/2", "*/10", "1", "15", "31", "30", "29", "L", "L-0", "L-1", "L-3", "L-30", "LW", "1W", "15W",
       "30W", "31W", "1,15", "1-7", "1-31", "10-20/5", "5/7", "L,1", "15,L", "LW,1W", "2-3,L-2", "28-31"]
DOW = ["*", "?", "*/2", "*/7", "*/3", "0", "7", "1", "mon-fri", "1-5", "fri-sun", "5-0", "sat-sun", "SUN", "5L",
       "friL", "0L", "7L", "5#3", "fri#5", "1#1,5#3", "0#5", "mon#2,wed", "1-5/2", "mon/2", "6#1", "thu#5"]
MON = ["*", "*", "*", "2", "feb", "1-6", "jan-mar", "*/3", "2/2", "feb,apr,jun", "dec", "11-12"]


def main():
    r = random.Random(31)
    rows = []
    for _ in range(400):
        dom, dow, mon = r.choice(DOM), r.choice(DOW), r.choice(MON)
        if dom == "?" and dow == "?":
            continue
        expr = "0 0 %s %s %s" % (dom, mon, dow)
        rule = cronref.Rule(expr)
        start = dt.date(r.randint(1999, 2101), r.randint(1, 12), r.randint(1, 28))
        d = start + dt.timedelta(days=1)
        got = []
        while len(got) < 8 and (d - start).days < 366 * 12:
            if rule.day_match(d):
                got.append(d)
            d += dt.timedelta(days=1)
        if not got:
            continue
        start_text = "%sT00:00:00+00:00" % start.isoformat()
        rows.append("\t".join([expr, "UTC", start_text, str(len(got)),
                               " ".join("%sT00:00:00+00:00" % g.isoformat() for g in got)]))
    sys.stdout.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
