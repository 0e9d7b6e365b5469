#!/usr/bin/env python3
"""Measures `salve serve`'s edit-to-reload latency: the time from writing a file until the
server sends the reload event to an open tab.

Usage: benches/serve_latency.py SITE_DIR SALVE_BINARY [EDITS]

SITE_DIR is a site such as one made by benches/generate_site.py. Three kinds of edit are timed,
EDITS times each (default 5), two seconds apart:
  body      a sentence appended to posts/post-000005.md
  title     that post's title changed
  template  a site template override (templates/partials/head.html, the theme's hook for
            extra head tags) changed; every page is rendered again, no Markdown is read
Prints each latency and the median per kind, in milliseconds, and the server's own account of
the last rebuild of each kind. When the site has search on, a body edit is also timed until
the search index served has it (the index is rebuilt in the background after the reload, from
the kept records of the unchanged posts): "edit -> index". Every file is restored afterwards.
"""
import json
import urllib.request
import os
import re
import socket
import subprocess
import sys
import threading
import time

POST = os.path.join("posts", "post-000005.md")
TEMPLATE = os.path.join("templates", "partials", "head.html")


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    root, binary = sys.argv[1], sys.argv[2]
    edits = int(sys.argv[3]) if len(sys.argv) == 4 else 5
    post = os.path.join(root, POST)
    template = os.path.join(root, TEMPLATE)
    original = read(post)
    template_existed = os.path.exists(template)
    template_original = read(template) if template_existed else ""
    os.makedirs(os.path.dirname(template), exist_ok=True)
    write(template, template_original)
    server = subprocess.Popen([binary, "serve", "--root", root, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    log = []
    try:
        port = None
        for line in server.stdout:
            found = re.search(r"Serving at http://127\.0\.0\.1:(\d+)/", line)
            if found:
                port = int(found.group(1))
                break
        if port is None:
            sys.exit("the server did not start")
        threading.Thread(target=lambda: [log.append(line.strip()) for line in server.stdout], daemon=True).start()
        events = socket.create_connection(("127.0.0.1", port))
        events.sendall(b"GET /__salve/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        events.settimeout(120)
        kinds = {
            "body": lambda n: write(post, original + f"\n\nEdit number {n}.\n"),
            "title": lambda n: write(post, re.sub(r'^title: .*$', f'title: "Edited title {n}"', original, count=1, flags=re.M)),
            "template": lambda n: write(template, template_original + f"<!-- edit {n} -->\n"),
        }
        for kind, apply in kinds.items():
            latencies, indexed = [], []
            for n in range(edits):
                time.sleep(2)
                drain(events)
                index_before = search_index(port)
                started = time.time()
                apply(n)
                received = b""
                while b"event: reload" not in received:
                    received += events.recv(65536)
                latencies.append((time.time() - started) * 1000)
                if kind == "body" and index_before is not None:
                    while search_index(port) == index_before:
                        time.sleep(0.005)
                    indexed.append((time.time() - started) * 1000)
            time.sleep(0.5)
            if indexed:
                indexed.sort()
                print(f"{kind:8} edit -> index, ms: {[round(x) for x in indexed]} median {round(indexed[len(indexed) // 2])}")
            built = [line for line in log if line.startswith("Built")]
            latencies.sort()
            print(f"{kind:8} edit -> reload event, ms: {[round(x) for x in latencies]} median {round(latencies[len(latencies) // 2])}")
            if built:
                print(f"         server: {built[-1]}")
            write(post, original)
            write(template, template_original)
    finally:
        server.terminate()
        server.wait()
        write(post, original)
        if template_existed:
            write(template, template_original)
        else:
            os.remove(template)
            for folder in (os.path.dirname(template), os.path.dirname(os.path.dirname(template))):
                if not os.listdir(folder):
                    os.rmdir(folder)


def search_index(port):
    """The name of the search index's metadata file the server serves now; None without search."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/pagefind/pagefind-entry.json", timeout=5) as response:
            entry = json.load(response)
    except OSError:
        return None
    return [language["hash"] for language in entry["languages"].values()]


def drain(events):
    """Drops reload events already sent (for the restore after the previous kind of edit)."""
    events.settimeout(0.05)
    try:
        while events.recv(65536):
            pass
    except socket.timeout:
        pass
    events.settimeout(120)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
