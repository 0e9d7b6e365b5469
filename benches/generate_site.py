#!/usr/bin/env python3
"""Writes a deterministic clinic-blog site of N posts, for benchmarks.

Usage: benches/generate_site.py N OUTPUT_DIR [--pages M] [--translated FRACTION]

The same N always gives the same files. Posts have realistic front matter (title, a date over
several years, 1 to 4 tags from a pool of 60, about 5% featured, a description, an author, a
medical reviewer and a review date)
and bodies of 600 to 1,500 words with headings, lists, links to other posts, emphasis,
blockquotes, and now and then a table, footnotes or fenced code.

With --pages M it also writes M pages in pages/ (the site's own pages: an About page, the
notices in the footer, services in folders of ten, some in the header's menu, some medically
reviewed), each 200 to 600 words linking to a post.

With --translated FRACTION (0.3 for 30%) the site is in English and Spanish (`languages: [en,
es]`), and that fraction of the posts, spread evenly, has a Spanish version beside it
(`post-000007.es.md`) with its own title, slug, tags and body of Spanish words. The English
posts are the same files as without the option, so the two sites differ only by the
translations.
"""
import os
import random
import sys

TOPICS = [
    "back pain", "neck pain", "sciatica", "migraine", "arthritis", "fibromyalgia", "CRPS",
    "neuropathy", "shingles pain", "knee pain", "hip pain", "shoulder pain", "tendinitis",
    "sleep", "stress", "exercise", "nutrition", "posture", "ketamine", "nerve blocks",
    "injections", "physical therapy", "medications", "opioid safety", "acupuncture", "yoga",
    "spinal stenosis", "disc herniation", "whiplash", "plantar fasciitis", "carpal tunnel",
    "headache", "pelvic pain", "cancer pain", "post-surgical pain", "sports injuries",
    "osteoporosis", "gout", "lupus", "multiple sclerosis", "phantom limb pain",
    "trigeminal neuralgia", "TMJ", "endometriosis", "IBS", "chronic fatigue", "mental health",
    "mindfulness", "heat and ice", "massage", "bracing", "ergonomics", "weight", "smoking",
    "aging", "pregnancy", "children", "first visit", "insurance", "telehealth",
]
WORDS = (
    "pain patients doctor treatment nerve muscle joint spine relief therapy exercise sleep "
    "inflammation injection medicine gentle daily routine swelling stiffness movement posture "
    "care team plan visit symptoms healing recovery comfort balance strength stretch walking "
    "evidence study research options risks benefits questions answers clinic appointment "
    "the a of and to in for with on is can may help your you our often many some most"
).split()
PEOPLE = {
    "dwhitfield": ("Dana Whitfield", "DNP, APRN"),
    "mortega": ("Marcus Ortega", "MD"),
    "praman": ("Priya Raman", "MD"),
    "jlee": ("Jordan Lee", "PT, DPT"),
}


WORDS_ES = (
    "dolor pacientes médico tratamiento nervio músculo articulación columna alivio terapia "
    "ejercicio sueño inflamación inyección medicina suave diario rutina hinchazón rigidez "
    "movimiento postura cuidado equipo plan visita síntomas curación recuperación comodidad "
    "equilibrio fuerza estiramiento caminar evidencia estudio opciones riesgos beneficios "
    "preguntas respuestas clínica cita el la los las de y en para con por es puede ayuda su "
    "usted nuestro muchas veces algunos"
).split()


def sentence(rng, low=8, high=22, words_from=None):
    words = [rng.choice(words_from or WORDS) for _ in range(rng.randint(low, high))]
    if rng.random() < 0.2:
        i = rng.randrange(len(words))
        words[i] = f"*{words[i]}*"
    if rng.random() < 0.1:
        i = rng.randrange(len(words))
        words[i] = f"**{words[i]}**"
    return " ".join(words).capitalize() + "."


def paragraph(rng, words_from=None):
    return " ".join(sentence(rng, words_from=words_from) for _ in range(rng.randint(3, 6)))


def body(rng, index, total, words_from=None):
    paragraph_of = lambda rng: paragraph(rng, words_from)
    target = rng.randint(600, 1500)
    parts, words = [paragraph_of(rng)], 0
    footnotes = rng.random() < 0.15
    section = 0
    while words < target:
        section += 1
        parts.append(f"## {sentence(rng, 2, 5)[:-1]}")
        for _ in range(rng.randint(1, 3)):
            p = paragraph_of(rng)
            if rng.random() < 0.3 and total > 1:
                other = rng.randrange(total)
                if other != index:
                    p += f" See [a related post](post-{other:06d}.md)."
            parts.append(p)
            words += len(p.split())
        choice = rng.random()
        if choice < 0.25:
            parts.append("\n".join(f"- {sentence(rng, 3, 9)}" for _ in range(rng.randint(3, 6))))
        elif choice < 0.35:
            parts.append("> " + sentence(rng))
        elif choice < 0.42:
            rows = "\n".join(f"| {sentence(rng, 1, 3)[:-1]} | {rng.randint(5, 60)} minutes |" for _ in range(4))
            parts.append("| Step | Time |\n|---|---|\n" + rows)
        elif choice < 0.45:
            parts.append("```json\n{\"dose_mg\": %d, \"minutes\": %d}\n```" % (rng.randint(5, 50), rng.randint(20, 90)))
    if footnotes:
        parts[0] += "[^1]"
        parts.append("[^1]: " + sentence(rng))
    return "\n\n".join(parts) + "\n"


def post(rng, index, total):
    year = 2015 + index * 11 // max(total, 1)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    tags = rng.sample(TOPICS, rng.randint(1, 4))
    title = f"{rng.choice(TOPICS).capitalize()}: {sentence(rng, 3, 7)[:-1].lower()} ({index})"
    lines = [
        "---",
        f'title: "{title}"',
        f"date: {year:04d}-{month:02d}-{day:02d}",
        f'description: "{sentence(rng, 12, 20)}"',
        "tags: [" + ", ".join(f'"{t}"' for t in tags) + "]",
        f"author: {rng.choice(sorted(PEOPLE))}",
        f"reviewed_by: {rng.choice(['mortega', 'praman'])}",
        f"last_reviewed: {min(year + 1, 2026):04d}-{month:02d}-{day:02d}",
    ]
    if rng.random() < 0.05:
        lines.append("featured: true")
    lines.append("---")
    return "\n".join(lines) + "\n\n" + body(rng, index, total)


def translation(rng, index, total):
    """The Spanish version of post `index`: its date is the original's (read back from it)."""
    title = f"{sentence(rng, 3, 7, WORDS_ES)[:-1]} ({index})"
    tags = rng.sample(WORDS_ES[:40], rng.randint(1, 3))
    lines = [
        "---",
        f'title: "{title}"',
        f"slug: entrada-{index:06d}",
        f'description: "{sentence(rng, 12, 20, WORDS_ES)}"',
        "tags: [" + ", ".join(f'"{t}"' for t in tags) + "]",
        f"author: {rng.choice(sorted(PEOPLE))}",
        f"reviewed_by: {rng.choice(['mortega', 'praman'])}",
    ]
    return lines, body(rng, index, total, WORDS_ES)


def is_translated(index, fraction):
    """Whether post `index` has a Spanish version: `fraction` of the posts, spread evenly."""
    return (index * 37) % 100 < round(fraction * 100)


NOTICES = ["privacy-practices", "nondiscrimination", "accessibility"]


def page(rng, index, posts):
    """The page of the given index: its path under pages/ and its text."""
    if index < len(NOTICES):
        path, title, menu = f"{NOTICES[index]}.md", NOTICES[index].replace("-", " ").capitalize(), "footer"
    elif index == len(NOTICES):
        path, title, menu = "about.md", "About us", "true"
    else:
        group = (index - len(NOTICES) - 1) // 10
        path = f"services/group-{group:03d}/service-{index:04d}.md"
        title = f"{rng.choice(TOPICS).capitalize()} care ({index})"
        menu = "true" if index < 8 else None
    lines = ["---", f'title: "{title}"', f'description: "{sentence(rng, 10, 18)}"']
    if menu:
        lines += [f"menu: {menu}", f"weight: {index}"]
    if rng.random() < 0.3:
        lines += [f"reviewed_by: {rng.choice(['mortega', 'praman'])}", "last_reviewed: 2026-01-15"]
    lines.append("---")
    depth = path.count("/")
    text = [paragraph(rng) for _ in range(rng.randint(3, 8))]
    if posts:
        text.append(f"Read [a post on this]({'../' * (depth + 1)}posts/post-{rng.randrange(posts):06d}.md).")
    return path, "\n".join(lines) + "\n\n" + "\n\n".join(text) + "\n"


def main():
    args = sys.argv[1:]
    pages, translated = 0, 0.0
    if "--pages" in args:
        at = args.index("--pages")
        pages = int(args[at + 1])
        del args[at:at + 2]
    if "--translated" in args:
        at = args.index("--translated")
        translated = float(args[at + 1])
        del args[at:at + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    total, out = int(args[0]), args[1]
    rng = random.Random(20261124)
    os.makedirs(os.path.join(out, "posts"), exist_ok=True)
    with open(os.path.join(out, "salve.yaml"), "w") as f:
        f.write('title: "Benchmark Clinic"\nbase_url: "https://bench.example/"\n'
                'clinic:\n  name: "Benchmark Clinic"\n  phone: "(555) 010-0000"\npeople:\n')
        for person_id, (name, credentials) in sorted(PEOPLE.items()):
            f.write(f'  {person_id}:\n    name: "{name}"\n    credentials: "{credentials}"\n')
        if translated:
            f.write("languages: [en, es]\n")
    # The translations draw from their own generator, so that the English posts are the same
    # with or without them.
    rng_es = random.Random(20261203)
    for index in range(total):
        original = post(rng, index, total)
        with open(os.path.join(out, "posts", f"post-{index:06d}.md"), "w") as f:
            f.write(original)
        if translated and is_translated(index, translated):
            lines, text = translation(rng_es, index, total)
            date = next(line for line in original.splitlines() if line.startswith("date: "))
            lines += [date, "---"]
            with open(os.path.join(out, "posts", f"post-{index:06d}.es.md"), "w") as f:
                f.write("\n".join(lines) + "\n\n" + text)
    for index in range(pages):
        path, text = page(rng, index, total)
        path = os.path.join(out, "pages", path)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
