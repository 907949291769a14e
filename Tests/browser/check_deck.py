"""The deck page (/<cluster>/<meeting>/praesentation/) in Chromium, used by check_site.py: the
theme's own script and nothing else, 16:9 slides at 1280×720, the keys move between
slides, S opens the speaker window (notes, next slide, clock), without the script a
column of slides that scroll-snap, and print gives one landscape page per slide."""

import base64
import re
import subprocess

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.support.ui import WebDriverWait
from selenium.common.exceptions import TimeoutException

# Slides to look at: the title, a figure, the survey, the decisions (by their titles).
LOOK_AT = ("dias-1", "patienter på dosisdispenseret", "Svar på", "Det beslutter vi i dag")


def wait_until(driver, condition, seconds=5):
    """Waits for what another window or an event does a moment later; the caller then
    checks the state itself, so a timeout is reported as the wrong state, not here."""
    try:
        WebDriverWait(driver, seconds, poll_frequency=0.05).until(condition)
    except TimeoutException:
        pass


def check_deck(driver, axe, base_url, path, site, report, shots, helpers):
    set_viewport, load_and_check_requests, run_axe, pdf_pages, page_name = helpers
    url = base_url + path.replace("index.html", "")
    name = page_name(path)
    html = (site / path).read_text(encoding="utf-8")
    slides = re.findall(r'<section class="slide[^"]*" id="(dias-\d+)" aria-label="([^"]*)"', html)
    count = len(slides)
    if count < 2:
        report.fail(path, "deck-slides", f"{count} slides")
        return 0

    scripts = re.findall(r"<script\b[^>]*>", html, re.I)
    if len(scripts) != 1 or not re.search(r'src="[^"]*/assets/deck\.[0-9a-f]{10}\.js"', scripts[0]):
        report.fail(path, "deck-script", f"expected the theme's deck.js alone: {scripts}")
    if re.search(r"<script\b[^>]*>[^<]+</script>", html, re.I):
        report.fail(path, "deck-script", "an inline script")
    if re.search(r"<style\b|\sstyle=|\son[a-z]+=|<iframe\b", html, re.I):
        report.fail(path, "csp-inline", "inline style, handler or an embedded frame")
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', html)
    policy = csp.group(1) if csp else ""
    if "default-src 'none'" not in policy or "script-src 'self'" not in policy or "unsafe" in policy or "http" in policy:
        report.fail(path, "csp-meta", f"the deck's policy must allow its own script only: {policy!r}")

    set_viewport(driver, 1280, 720, False)
    load_and_check_requests(driver, url, base_url, path, report)
    if driver.execute_script("return document.documentElement.lang") != "da":
        report.fail(path, "lang", "not lang=da")
    if len(driver.find_elements(By.TAG_NAME, "h1")) != 1:
        report.fail(path, "one-h1", "the deck needs one h1 (its title slide)")

    def current():
        return driver.execute_script("var s = document.querySelector('.slide.is-current'); return s ? s.id : null;")

    def press(key, times=1):
        for _ in range(times):
            ActionChains(driver).send_keys(key).perform()

    if current() != "dias-1":
        report.fail(path, "deck-keys", f"the script starts at {current()}, not dias-1")
    box = driver.execute_script("var r = document.querySelector('.slide.is-current').getBoundingClientRect(); return [r.width, r.height];")
    if abs(box[0] - 1280) > 1 or abs(box[1] - 720) > 1:
        report.fail(path, "deck-16-9", f"the slide is {box[0]}×{box[1]} in a 1280×720 window")
    run_axe(driver, axe, path, report, "deck 1280×720")
    for key, expected in ((Keys.ARROW_RIGHT, "dias-2"), (Keys.ARROW_RIGHT, "dias-3"), (Keys.ARROW_LEFT, "dias-2"),
                          (Keys.END, f"dias-{count}"), (Keys.ARROW_RIGHT, f"dias-{count}"), (Keys.HOME, "dias-1"),
                          (Keys.ARROW_LEFT, "dias-1"), (Keys.PAGE_DOWN, "dias-2")):
        press(key)
        if current() != expected:
            report.fail(path, "deck-keys", f"after {key!r} the slide is {current()}, expected {expected}")
    status = driver.execute_script("var s = document.querySelector('.deck-status'); return s ? s.textContent : '';")
    if status != f"Dias 2 af {count}":
        report.fail(path, "deck-number", f"the slide number reads {status!r}")

    # A few slides to look at, as the projector shows them.
    for wanted in LOOK_AT:
        target = next((i for i, (sid, label) in enumerate(slides) if sid == wanted or wanted in label), None)
        if target is None:
            report.fail(path, "deck-slides", f"no slide {wanted!r}")
            continue
        press(Keys.HOME)
        press(Keys.ARROW_RIGHT, target)
        if current() != slides[target][0]:
            report.fail(path, "deck-keys", f"could not reach {slides[target][0]} by keys")
        driver.save_screenshot(str(shots / "screen" / f"{name}-{slides[target][0]}-1280x720.png"))

    # The speaker window: notes, the next slide and a clock, following the keys.
    press(Keys.HOME)
    main = driver.current_window_handle
    press("s")
    # window.open returns before the new window has loaded: wait (up to 5 s) for it to
    # exist and for its script to have marked the current slide.
    wait_until(driver, lambda d: len(d.window_handles) > 1)
    others = [handle for handle in driver.window_handles if handle != main]
    if not others:
        report.fail(path, "deck-speaker", "S opened no speaker window")
    else:
        driver.switch_to.window(others[0])
        wait_until(driver, lambda d: d.execute_script(
            "return document.readyState === 'complete' && !!document.querySelector('.slide.is-current')"))
        set_viewport(driver, 1280, 720, False)
        state = driver.execute_script("""
            var cur = document.querySelector('.slide.is-current'), next = document.querySelector('.slide.is-next');
            var notes = cur && cur.querySelector('.slide-notes');
            return [document.documentElement.className, cur && cur.id, next && next.id,
                    notes ? getComputedStyle(notes).display : 'none', (document.querySelector('.deck-clock') || {}).textContent || '',
                    notes ? notes.getBoundingClientRect().top : 9999, window.innerHeight];""")
        if "deck-speaker" not in state[0] or state[1] != "dias-1" or state[2] != "dias-2" or state[3] == "none":
            report.fail(path, "deck-speaker", f"the speaker window shows {state}")
        if state[5] >= state[6] - 40:
            report.fail(path, "deck-speaker", f"the notes start at {state[5]} px, below the {state[6]} px window")
        if not re.match(r"kl\. \d\d\.\d\d", state[4]):
            report.fail(path, "deck-speaker", f"no clock: {state[4]!r}")
        driver.save_screenshot(str(shots / "screen" / f"{name}-talervisning-1280x720.png"))
        press(Keys.ARROW_RIGHT)
        driver.switch_to.window(main)
        # The speaker window tells the audience's window by postMessage, which arrives a
        # moment later: wait for it (up to 5 s) rather than read at once.
        wait_until(driver, lambda _: current() == "dias-2")
        if current() != "dias-2":
            report.fail(path, "deck-speaker", f"a key in the speaker window did not move the audience's slide ({current()})")
        driver.switch_to.window(others[0])
        driver.close()
        driver.switch_to.window(main)

    # Without the script: every slide in a column that snaps.
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    driver.get(url)
    column = driver.execute_script("""return [getComputedStyle(document.documentElement).scrollSnapType,
        Array.from(document.querySelectorAll('.slide')).filter(s => s.offsetHeight > 0).length];""")
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    if not column[0].startswith("y") or column[1] != count:
        report.fail(path, "deck-no-script", f"without the script: scroll-snap {column[0]!r}, {column[1]} of {count} slides shown")

    # Paper: one landscape page per slide.
    driver.get(url)
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    pdf = driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})
    pdf_path = shots / "print" / f"{name}.pdf"
    pdf_path.write_bytes(base64.b64decode(pdf["data"]))
    pages = pdf_pages(pdf_path)
    if pages != count:
        report.fail(path, "printed-pages", f"prints on {pages} pages; the deck has {count} slides")
    info = subprocess.run(["pdfinfo", str(pdf_path)], capture_output=True, text=True, check=True).stdout
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info)
    if not size or float(size.group(1)) <= float(size.group(2)):
        report.fail(path, "printed-landscape", f"pages are not landscape: {size.group(0) if size else info[:80]}")
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-l", "4", str(pdf_path), str(shots / "print" / name)], check=True)
    return pages
