#!/usr/bin/env python3
"""The cost of translations: a site of N posts beside the same site with a Spanish version of
30% of its posts (benches/generate_site.py --translated 0.3), each built clean, in alternation.

Usage: benches/languages.py [--size 10000] [--runs 5] [--fraction 0.3] [--search on|off]

The English posts of the two sites are the same files; the second adds the translations and
`languages: [en, es]`, so its build makes a second home page, tag pages, feeds, search index
and sitemap alternates beside the first's. Prints each run's wall time and peak RSS
(/usr/bin/time -v), the medians and their ratio, and the median of each run's own ratio (the
two builds of a run are back to back, so it holds when the machine drifts); the target is at
most 1.4 at 30%. The sites
live in /dev/shm/salve-bench (a tmpfs), kept for the next run. Builds salve in release first.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SALVE = os.path.join(REPO, "target", "release", "salve")
BASE = "/dev/shm/salve-bench"


def site(size, fraction, search):
    name = f"lang-{size}-{'one' if not fraction else f'es{int(fraction * 100)}'}-search-{search}"
    path = os.path.join(BASE, name)
    if not os.path.isdir(path):
        args = [sys.executable, os.path.join(HERE, "generate_site.py"), str(size), path]
        if fraction:
            args += ["--translated", str(fraction)]
        subprocess.run(args, check=True)
        if search == "off":
            with open(os.path.join(path, "salve.yaml"), "a") as f:
                f.write("search: false\n")
    return path


def build(path):
    """One clean build: seconds of wall clock and peak RSS in MB."""
    shutil.rmtree(os.path.join(path, "public"), ignore_errors=True)
    started = time.monotonic()
    run = subprocess.run(["/usr/bin/time", "-v", SALVE, "build", "--root", path, "--quiet"],
                         capture_output=True, text=True, check=True)
    wall = time.monotonic() - started
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr).group(1)) / 1024
    return wall, rss


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--fraction", type=float, default=0.3)
    parser.add_argument("--search", choices=["on", "off"], default="on")
    args = parser.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    one = site(args.size, 0, args.search)
    two = site(args.size, args.fraction, args.search)
    build(one)
    build(two)
    timings = {"one language": [], "translated": []}
    for run in range(args.runs):
        for label, path in (("one language", one), ("translated", two)):
            wall, rss = build(path)
            timings[label].append((wall, rss))
            print(f"run {run + 1}  {label:13} {wall:7.3f} s  {rss:7.1f} MB", flush=True)
    medians = {label: (statistics.median(w for w, _ in runs), statistics.median(r for _, r in runs))
               for label, runs in timings.items()}
    for label, (wall, rss) in medians.items():
        print(f"median {label:13} {wall:7.3f} s  {rss:7.1f} MB")
    ratio = medians["translated"][0] / medians["one language"][0]
    memory = medians["translated"][1] / medians["one language"][1]
    # Each run's two builds ran back to back: their ratio holds when the machine's speed drifts
    # from run to run.
    paired = statistics.median(t[0] / o[0] for t, o in zip(timings["translated"], timings["one language"]))
    print(f"translated/one language: wall {ratio:.2f} (median of the runs' own ratios {paired:.2f}), "
          f"peak RSS {memory:.2f} ({args.size} posts, {int(args.fraction * 100)}% translated, "
          f"search {args.search})")


if __name__ == "__main__":
    main()
