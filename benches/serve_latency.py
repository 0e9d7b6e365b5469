#!/usr/bin/env python3
"""Measures `salve serve`'s edit-to-reload latency: the time from writing a post until the
server sends the reload event to an open tab.

Usage: benches/serve_latency.py SITE_DIR SALVE_BINARY [POST_FILE]

SITE_DIR is a site such as one made by benches/generate_site.py (POST_FILE defaults to
posts/post-000005.md inside it). Five body edits are timed, three seconds apart so that the
background search indexing of the previous edit has settled; the post is restored afterwards.
Prints each latency and the median, in milliseconds.
"""
import os
import re
import socket
import subprocess
import sys
import threading
import time


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    root, binary = sys.argv[1], sys.argv[2]
    post = sys.argv[3] if len(sys.argv) == 4 else os.path.join(root, "posts", "post-000005.md")
    server = subprocess.Popen([binary, "serve", "--root", root, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    port = None
    for line in server.stdout:
        found = re.search(r"Serving at http://127\.0\.0\.1:(\d+)/", line)
        if found:
            port = int(found.group(1))
            break
    if port is None:
        sys.exit("the server did not start")
    threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()
    events = socket.create_connection(("127.0.0.1", port))
    events.sendall(b"GET /__salve/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    events.settimeout(120)
    original = open(post, encoding="utf-8").read()
    latencies = []
    try:
        for edit in range(5):
            time.sleep(3)
            started = time.time()
            with open(post, "w", encoding="utf-8") as f:
                f.write(original + f"\n\nEdit number {edit}.\n")
            received = b""
            while b"event: reload" not in received:
                received += events.recv(65536)
            latencies.append((time.time() - started) * 1000)
    finally:
        with open(post, "w", encoding="utf-8") as f:
            f.write(original)
        server.terminate()
    latencies.sort()
    print("body edit -> reload event, ms:", [round(x) for x in latencies], "median", round(latencies[len(latencies) // 2]))


if __name__ == "__main__":
    main()
