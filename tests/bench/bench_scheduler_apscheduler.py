#!/usr/bin/env python3
"""APScheduler 3.x side of bench_scheduler: the same job set, the same measurements.

Usage: bench_scheduler_apscheduler.py SPEC.json
SPEC: {"seconds": N, "idleSeconds": N, "warmupMs": N, "leadMs": N,
       "jobs": [{"kind": "interval", "intervalMs": I, "offsetMs": O} | {"kind": "cron", "second": "S/P"}]}
Prints one JSON object: lateness percentiles (ms) measured at submission to the executor (the
moment APScheduler dispatches a run, as Orrery's figure is taken when it dispatches), fires,
missed runs, CPU use and RSS of the busy window, and CPU use of an idle window.
"""
import json
import resource
import sys
import threading
import time
from datetime import datetime, timezone, timedelta

from apscheduler.events import EVENT_JOB_MAX_INSTANCES, EVENT_JOB_MISSED, EVENT_JOB_SUBMITTED
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
import apscheduler


def noop():
    pass


def cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def rss_bytes():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    k = min(len(sorted_values) - 1, max(0, int(round(p / 100.0 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


def main():
    spec = json.load(open(sys.argv[1]))
    seconds, idle_seconds = spec["seconds"], spec["idleSeconds"]
    warmup_ms, lead_ms = spec["warmupMs"], spec["leadMs"]
    now_ms = int(time.time() * 1000)
    base_ms = (now_ms // 1000) * 1000 + lead_ms
    window_start, window_end = base_ms + warmup_ms, base_ms + warmup_ms + seconds * 1000

    lateness, missed, maxed = [], [0], [0]
    lock = threading.Lock()

    def on_event(event):
        if event.code == EVENT_JOB_SUBMITTED:
            t = time.time() * 1000.0
            with lock:
                for run_time in event.scheduled_run_times:
                    s = run_time.timestamp() * 1000.0
                    if window_start <= s < window_end:
                        lateness.append(t - s)
        elif event.code == EVENT_JOB_MISSED:
            s = event.scheduled_run_time.timestamp() * 1000.0
            if window_start <= s < window_end:
                missed[0] += 1
        elif event.code == EVENT_JOB_MAX_INSTANCES:
            maxed[0] += 1

    sched = BackgroundScheduler(timezone=timezone.utc, executors={"default": ThreadPoolExecutor(20)},
                                job_defaults={"misfire_grace_time": 60, "coalesce": True, "max_instances": 10})
    sched.add_listener(on_event, EVENT_JOB_SUBMITTED | EVENT_JOB_MISSED | EVENT_JOB_MAX_INSTANCES)
    base = datetime.fromtimestamp(base_ms / 1000.0, tz=timezone.utc)
    end = datetime.fromtimestamp(window_end / 1000.0, tz=timezone.utc) + timedelta(seconds=5)
    for job in spec["jobs"]:
        if job["kind"] == "interval":
            trigger = IntervalTrigger(seconds=job["intervalMs"] / 1000.0,
                                      start_date=base + timedelta(milliseconds=job["offsetMs"]), end_date=end,
                                      timezone=timezone.utc)
        else:
            trigger = CronTrigger(second=job["second"], end_date=end, timezone=timezone.utc)
        sched.add_job(noop, trigger)
    sched.start()
    time.sleep(max(0.0, (window_start - time.time() * 1000) / 1000.0))
    cpu0, wall0 = cpu_seconds(), time.time()
    time.sleep(max(0.0, (window_end - time.time() * 1000) / 1000.0))
    cpu1, wall1 = cpu_seconds(), time.time()
    rss = rss_bytes()
    time.sleep(1.0)
    sched.shutdown(wait=True)

    # Idle: the same number of jobs, none due for hours.
    idle = BackgroundScheduler(timezone=timezone.utc)
    for _ in spec["jobs"]:
        idle.add_job(noop, CronTrigger(hour=(datetime.now(timezone.utc).hour + 3) % 24, minute=0, second=0,
                                       timezone=timezone.utc))
    idle.start()
    time.sleep(1.0)
    icpu0, iwall0 = cpu_seconds(), time.time()
    time.sleep(idle_seconds)
    icpu1, iwall1 = cpu_seconds(), time.time()
    idle.shutdown(wait=False)

    lateness.sort()
    print(json.dumps({
        "name": "APScheduler %s" % apscheduler.__version__,
        "fires": len(lateness),
        "missed": missed[0],
        "maxInstancesSkipped": maxed[0],
        "p50": percentile(lateness, 50), "p99": percentile(lateness, 99),
        "max": lateness[-1] if lateness else None,
        "cpuPercent": 100.0 * (cpu1 - cpu0) / (wall1 - wall0),
        "rssBytes": rss,
        "idleCpuPercent": 100.0 * (icpu1 - icpu0) / (iwall1 - iwall0),
    }))


if __name__ == "__main__":
    main()
