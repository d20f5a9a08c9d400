#!/usr/bin/env python3
"""Independent reference for Orrery's cron rules (specs/scheduling.md §1.4-1.6, §2.6).

Deliberately naive and written separately from the C++ code: its own parser, per-day matching
and a brute-force walk over real instants (one step per minute, or per second for 6-field
rules) that applies the §2.6 DST rule literally, using Python's zoneinfo. Used to generate
tests/engine/scheduler/data/dst_vectors.tsv (see gen_vectors.py).
"""
import calendar
import datetime as dt
from zoneinfo import ZoneInfo

MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
RANGES = [(0, 59), (0, 59), (0, 23), (1, 31), (1, 12), (0, 7)]
MACROS = {"@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
          "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *"}


def val(tok, idx):
    t = tok.lower()
    if idx == 4 and t in MONTHS:
        return MONTHS.index(t) + 1
    if idx == 5 and t in DAYS:
        return DAYS.index(t)
    if not t.isdigit():
        raise ValueError(tok)
    v = int(t)
    lo, hi = RANGES[idx]
    if v < lo or v > hi:
        raise ValueError(tok)
    return v


class Rule:
    def __init__(self, text):
        text = text.strip()
        self.hourly = text.lower() == "@hourly"
        if text.startswith("@"):
            text = MACROS[text.lower()]
        f = text.split()
        if len(f) == 5:
            f = ["0"] + f
        assert len(f) == 6
        self.f = f
        self.wildcard = self.hourly or f[1].startswith("*") or f[2].startswith("*")
        self.dom_star = f[3].startswith("*") or f[3] == "?"
        self.dow_star = f[5].startswith("*") or f[5] == "?"
        self.sets = [self.plain(f[i], i) for i in range(3)] + [None, self.plain(f[4], 4), None]
        self.dom_items = f[3].split(",")
        self.dow_items = f[5].split(",")

    def plain(self, field, idx):
        out = set()
        lo0, hi0 = RANGES[idx]
        for item in field.split(","):
            step = 1
            stepped = "/" in item
            if stepped:
                item, s = item.split("/")
                step = int(s)
            if item in ("*", "?"):
                lo, hi = lo0, hi0
            elif "-" in item:
                a, b = item.split("-")
                lo, hi = val(a, idx), val(b, idx)
                if idx == 5 and hi == 0 and lo > 0:
                    hi = 7
            else:
                lo = val(item, idx)
                hi = hi0 if stepped else lo
            out.update(range(lo, hi + 1, step))
        if idx == 5:
            out = {v % 7 for v in out}
        return out

    def dom_match(self, d):
        dim = calendar.monthrange(d.year, d.month)[1]
        for it in self.dom_items:
            u = it.upper()
            if u == "?" or u.startswith("*"):
                if d.day in self.plain(it, 3):
                    return True
            elif u == "L":
                if d.day == dim:
                    return True
            elif u.startswith("L-"):
                if d.day == dim - int(u[2:]):
                    return True
            elif u == "LW":
                last = dt.date(d.year, d.month, dim)
                wd = (last.weekday() + 1) % 7
                lw = dim - 1 if wd == 6 else dim - 2 if wd == 0 else dim
                if d.day == lw:
                    return True
            elif u.endswith("W"):
                n = int(u[:-1])
                if n > dim:
                    continue
                wd = (dt.date(d.year, d.month, n).weekday() + 1) % 7
                t = n
                if wd == 6:
                    t = 3 if n == 1 else n - 1
                elif wd == 0:
                    t = n - 2 if n == dim else n + 1
                if d.day == t:
                    return True
            else:
                if d.day in self.plain(it, 3):
                    return True
        return False

    def dow_match(self, d):
        dim = calendar.monthrange(d.year, d.month)[1]
        wd = (d.weekday() + 1) % 7
        for it in self.dow_items:
            u = it.upper()
            if "#" in u:
                a, n = u.split("#")
                if val(a, 5) % 7 == wd and (d.day - 1) // 7 + 1 == int(n):
                    return True
            elif len(u) > 1 and u.endswith("L") and "-" not in u and "/" not in u:
                if val(u[:-1], 5) % 7 == wd and d.day + 7 > dim:
                    return True
            else:
                if wd in self.plain(it, 5):
                    return True
        return False

    def day_match(self, d):
        if d.month not in self.sets[4]:
            return False
        a, b = self.dom_match(d), self.dow_match(d)
        if self.dom_star or self.dow_star:
            return a and b
        return a or b

    def match(self, w):
        return (w.second in self.sets[0] and w.minute in self.sets[1] and w.hour in self.sets[2]
                and self.day_match(w.date()))


def fire_times(rule, zone, after_ts, count, horizon_s):
    """Brute force: walk real instants after after_ts and apply §2.6 literally."""
    z = ZoneInfo(zone)
    step = 1 if rule.f[0] not in ("0",) else 60
    t = (int(after_ts) // step + 1) * step
    end = after_ts + horizon_s
    out = []
    utc = dt.timezone.utc
    while t <= end and len(out) < count:
        inst = dt.datetime.fromtimestamp(t, utc).astimezone(z)
        w = inst.replace(tzinfo=None)
        fire = False
        if rule.wildcard:
            fire = rule.match(w)
        else:
            if rule.match(w):
                first = w.replace(tzinfo=z, fold=0).timestamp()
                fire = int(first) == t
            before = dt.datetime.fromtimestamp(t - 1, utc).astimezone(z)
            off_b = before.utcoffset().total_seconds()
            off_a = inst.utcoffset().total_seconds()
            if off_a > off_b:  # t is the transition instant after a gap
                gw = dt.datetime.fromtimestamp(t + off_b, utc).replace(tzinfo=None)
                gend = dt.datetime.fromtimestamp(t + off_a, utc).replace(tzinfo=None)
                while gw < gend and not fire:
                    fire = rule.match(gw)
                    gw += dt.timedelta(seconds=step)
        if fire:
            out.append(t)
        t += step
    return out


def iso(ts, zone):
    return dt.datetime.fromtimestamp(ts, ZoneInfo(zone)).isoformat()
