#!/usr/bin/env python3
"""Klynge's benchmark: builds N synthetic clusters with the release binary and,
when Hugo is installed, the same number of Markdown pages of the same total size
through one comparable layout, alternating the two. Prints clusters, pages,
Markdown bytes, wall time, pages/s and peak memory, and the ratio of medians.

Usage: bench/run.py [--clusters 250] [--runs 5] [--binary .build/release/klynge]
A benchmark, not a test: it prints numbers and exits 0 unless a build fails."""
import argparse, os, re, shutil, statistics, subprocess, sys, tempfile, time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def timed(command, cwd=None):
    """Runs a command; returns (wall seconds, peak resident MiB, stdout)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    out, err = process.stdout.read().decode(), process.stderr.read().decode()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(command)}\n{err}")
    return wall, usage.ru_maxrss / 1024, out


REGIONS = ["hovedstaden", "sjaelland", "syddanmark", "midtjylland", "nordjylland"]


def make_klynge_root(folder, clusters, meetings=0):
    """The real Content/ and Theme/ with N clusters made from the two example clusters
    (one with a pharmacy and a follow-up meeting, one without), spread over the five
    regions, each with its own name, so the clusters differ in their values and in the
    shape of their data. With `meetings`, every cluster instead holds that many
    meetings, a dose meeting and its follow-up in turn, a year apart: a cluster's
    two years at the real size. Returns the Markdown bytes the meetings' documents hold."""
    for name in ("Content", "Theme"):
        shutil.copytree(os.path.join(REPO, name), os.path.join(folder, name))
    examples = os.path.join(folder, "Content", "clusters")
    sources = sorted(os.listdir(examples))
    for existing in sources:
        shutil.rmtree(os.path.join(examples, existing))
    bodies = {package: sum(len(b.encode()) for b in markdown_bodies(package)) for package in packages()}
    markdown = 0
    for number in range(1, clusters + 1):
        source = "fiktivby-nord" if meetings else sources[number % len(sources)]
        origin = os.path.join(REPO, "Content", "clusters", source)
        target = os.path.join(examples, f"klynge-{number:04d}")
        os.makedirs(target)
        text = open(os.path.join(origin, "cluster.yml"), encoding="utf-8").read()
        text = re.sub(r"(?m)^name: .*$", f"name: Klynge nr. {number}", text, count=1)
        text = re.sub(r"(?m)^region: .*$", f"region: {REGIONS[number % len(REGIONS)]}", text, count=1)
        text = re.sub(r"(?m)^  name: (.*)$", lambda m: f"  name: {m.group(1)} {number}", text, count=1)
        open(os.path.join(target, "cluster.yml"), "w", encoding="utf-8").write(text)
        folders = sorted(f for f in os.listdir(origin) if os.path.isdir(os.path.join(origin, f)))
        if not meetings:
            for meeting in folders:
                shutil.copytree(os.path.join(origin, meeting), os.path.join(target, meeting))
                markdown += bodies[package_of(os.path.join(origin, meeting))]
            continue
        dose, follow = folders[0], folders[1]
        previous = None
        for index in range(meetings):
            year = 2027 + index // 2
            template = dose if index % 2 == 0 else follow
            month = "03" if index % 2 == 0 else "11"
            name = re.sub(r"^\d{4}-\d{2}", f"{year}-{month}", template)
            shutil.copytree(os.path.join(origin, template), os.path.join(target, name))
            path = os.path.join(target, name, "meeting.yml")
            text = open(path, encoding="utf-8").read()
            text = re.sub(r"(?m)^date: .*$", f"date: {year}-{month}-10", text, count=1)
            if previous:
                text = re.sub(r"(?m)^follows_up: .*$", f"follows_up: {previous}", text, count=1)
            open(path, "w", encoding="utf-8").write(text)
            agreements = os.path.join(target, name, "agreements.yml")
            if os.path.exists(agreements):
                text = open(agreements, encoding="utf-8").read()
                open(agreements, "w", encoding="utf-8").write(re.sub(r"due: \d{4}", f"due: {year}", text))
            for data in ("practices.csv",):
                csv = os.path.join(target, name, data)
                if os.path.exists(csv):
                    periods = {"2026": str(year - 1), "2027": str(year)}
                    rows = re.sub(r";(2026|2027)\n", lambda m: f";{periods[m.group(1)]}\n", open(csv, encoding="utf-8-sig").read())
                    open(csv, "w", encoding="utf-8").write(rows)
            previous = name if index % 2 == 0 else None
            markdown += bodies[package_of(os.path.join(origin, template))]
    return markdown


def packages():
    return sorted(os.listdir(os.path.join(REPO, "Content", "packages")))


def package_of(meeting_folder):
    return re.search(r"(?m)^package: (\S+)", open(os.path.join(meeting_folder, "meeting.yml"), encoding="utf-8").read()).group(1)


def markdown_bodies(package="dosisdispensering"):
    folder = os.path.join(REPO, "Content", "packages", package)
    bodies = []
    for name in sorted(os.listdir(folder)):
        if name.endswith(".md"):
            text = open(os.path.join(folder, name), encoding="utf-8").read()
            bodies.append(text.split("\n---\n", 1)[1])
    return bodies


def make_hugo_root(folder, pages, bytes_per_page):
    """Hugo with one small layout (head, navigation, contents, body, footer), like Klynge's page."""
    os.makedirs(os.path.join(folder, "layouts", "_default"))
    open(os.path.join(folder, "config.toml"), "w").write(
        'baseURL = "https://example.org/"\nlanguageCode = "da"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n'
        '[markup.goldmark.renderer]\nunsafe = true\n[markup.goldmark.extensions]\ntable = true\nstrikethrough = true\nlinkify = true\ntaskList = true\nfootnote = true\n'
        '[markup.tableOfContents]\nstartLevel = 2\nendLevel = 3\n')
    layout = """<!doctype html><html lang="da"><head><meta charset="utf-8"><title>{{ .Title }} – {{ .Site.Title }}</title>
<link rel="stylesheet" href="/assets/site.css"></head><body><header><nav><ul>{{ range first 5 .Site.RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></nav></header>
<main><h1>{{ .Title }}</h1><p>{{ .Description }}</p>{{ .TableOfContents }}{{ .Content }}</main><footer>{{ .Site.Title }}</footer></body></html>"""
    open(os.path.join(folder, "layouts", "_default", "single.html"), "w").write(layout)
    open(os.path.join(folder, "layouts", "_default", "list.html"), "w").write("<!doctype html><title>{{ .Title }}</title>")
    open(os.path.join(folder, "layouts", "index.html"), "w").write("<!doctype html><title>{{ .Site.Title }}</title>")
    bodies = [re.sub(r"\{\{[^}]*\}\}\}?", "tekst", body) for body in markdown_bodies()]
    content = os.path.join(folder, "content")
    for number in range(pages):
        body = bodies[number % len(bodies)]
        while len(body.encode()) < bytes_per_page:
            body += "\n\n" + body
        body = body.encode()[:bytes_per_page].decode("utf-8", "ignore")
        section = os.path.join(content, f"klynge-{number // 6:04d}")
        os.makedirs(section, exist_ok=True)
        open(os.path.join(section, f"side-{number % 6}.md"), "w", encoding="utf-8").write(
            f'---\ntitle: "Side {number}"\ndescription: "En side"\n---\n\n{body}\n')


def median_text(times):
    return f"median {statistics.median(times):.3f} s ({min(times):.3f}–{max(times):.3f})"


def compare(args, label, root, hugo, hugo_root, folder, pages, markdown):
    """Klynge and Hugo, each from an empty output folder every run, alternating, the first tool alternating too."""
    site, public = os.path.join(folder, "site"), os.path.join(folder, "public")
    klynge_times, klynge_memory, hugo_times, hugo_memory = [], [], [], []

    def run_klynge():
        shutil.rmtree(site, ignore_errors=True)
        wall, memory, _ = timed([args.binary, "build", "--root", root, "--output", site, "--quiet"])
        klynge_times.append(wall)
        klynge_memory.append(memory)

    def run_hugo():
        shutil.rmtree(public, ignore_errors=True)
        wall, memory, _ = timed([hugo, "--quiet", "--source", hugo_root, "--destination", public])
        hugo_times.append(wall)
        hugo_memory.append(memory)

    for run in range(args.runs):
        order = [run_klynge, run_hugo] if run % 2 == 0 else [run_hugo, run_klynge]
        for step in order:
            if step is run_hugo and not hugo:
                continue
            step()
    shutil.rmtree(site, ignore_errors=True)
    shutil.rmtree(public, ignore_errors=True)
    median = statistics.median(klynge_times)
    print(f"[{label}] klynge: {args.clusters} clusters{f' × {args.meetings} meetings' if args.meetings else ''}, {pages} pages, {markdown / 1e6:.1f} MB Markdown, "
          f"{median_text(klynge_times)} over {args.runs} runs, {pages / median:,.0f} pages/s, peak {max(klynge_memory):.0f} MiB")
    if hugo:
        hugo_median = statistics.median(hugo_times)
        print(f"[{label}] hugo:   {pages} pages of ~{markdown // pages:,} bytes, {median_text(hugo_times)}, "
              f"{pages / hugo_median:,.0f} pages/s, peak {max(hugo_memory):.0f} MiB")
        print(f"[{label}] ratio:  Klynge builds {hugo_median / median:.2f}× Hugo's pages per second")
    else:
        print(f"[{label}] hugo:   not installed (apt-get install hugo) — no comparison")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clusters", type=int, default=250)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--meetings", type=int, default=0, help="meetings per cluster (0: the example clusters' own)")
    parser.add_argument("--binary", default=os.path.join(REPO, ".build", "release", "klynge"))
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="klynge-bench-")
    try:
        root = os.path.join(work, "klynge")
        markdown = make_klynge_root(root, args.clusters, args.meetings)
        hugo = shutil.which("hugo")
        hugo_root = os.path.join(work, "hugo")
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        pages = int(re.search(r"(\d+) pages", timed([args.binary, "build", "--root", root, "--output", os.path.join(work, "count")])[2]).group(1))
        shutil.rmtree(os.path.join(work, "count"))
        if hugo:
            make_hugo_root(hugo_root, pages, max(1, markdown // pages))
        # Outputs on the disk, as a user builds, and in memory (tmpfs), where the
        # file system's own cost and noise (ext4 searching for free inodes next to
        # files other builds just deleted) does not drown the generators' work.
        places = [("disk", work)]
        if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK):
            places.append(("tmpfs", tempfile.mkdtemp(prefix="klynge-bench-", dir="/dev/shm")))
        try:
            for label, folder in places:
                compare(args, label, root, hugo, hugo_root, folder, pages, markdown)
        finally:
            for label, folder in places[1:]:
                shutil.rmtree(folder, ignore_errors=True)
        site = os.path.join(work, "site")
        timed([args.binary, "build", "--root", root, "--output", site, "--quiet"])

        # Replacing an existing site (the usual rebuild): the old one is removed after the swap.
        replace = [timed([args.binary, "build", "--root", root, "--output", site, "--quiet"])[0] for _ in range(args.runs)]
        print(f"klynge replacing the previous site: {median_text(replace)}")

        # One cluster after one document changes, as `serve` does it: in the process
        # (load, templates, one cluster rendered and written), and as a whole process.
        out = subprocess.run([args.binary, "bench-rebuild", "--root", root, "--cluster", "klynge-0001", "--runs", str(max(5, args.runs)),
                              "--document", "Content/packages/dosisdispensering/praksisark.md"],
                             capture_output=True, text=True)
        print(out.stdout.strip() or f"bench-rebuild failed: {out.stderr.strip()}")
        document = os.path.join(root, "Content", "packages", "dosisdispensering", "praksisark.md")
        rebuilds = []
        for run in range(args.runs):
            with open(document, "a", encoding="utf-8") as handle:
                handle.write(f"\nÆndring {run}.\n")
            wall, _, _ = timed([args.binary, "build", "--root", root, "--output", os.path.join(work, "one"), "--cluster", "klynge-0001", "--quiet"])
            rebuilds.append(wall)
        print(f"one cluster after a change (whole process): median {statistics.median(rebuilds) * 1000:.0f} ms")
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
