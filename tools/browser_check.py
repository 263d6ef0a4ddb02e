#!/usr/bin/env python3
"""Open every rendered docs page in Debian's headless Chromium (Selenium, Debian's chromedriver: nothing downloads a browser),
served over a local HTTP server, and check what a reader would meet:

- a screenshot of each page (`<page>.png` next to it);
- no errors in the browser console;
- every `<audio>` element loads its metadata;
- every click-to-hear figure (`.se-listen`, made by `sparse_events.listen`) plays the slice of a point when it is clicked
  (the figure's test hook: it records the index it played and the state of its audio context);
- the page weighs at most `--budget-mb` (5 MB).

Writes `report.md` into the folder and prints one line per page, then `N passed, N failed`; exits 1 when a page fails.
"""
import argparse, functools, http.server, json, sys, threading, time
from pathlib import Path

CHROMIUM, CHROMEDRIVER = '/usr/bin/chromium', '/usr/bin/chromedriver'

def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    "A quiet HTTP server of `folder` on a free local port, in a daemon thread: (server, base URL)."
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args): pass
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f'http://127.0.0.1:{server.server_address[1]}'

def browser(width: int = 1100, height: int = 2400):
    "Headless Chromium driven through Debian's chromedriver, with the console log readable."
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for a in ('--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--hide-scrollbars', '--mute-audio',
              '--autoplay-policy=no-user-gesture-required', '--disable-background-networking', '--disable-component-update',
              f'--window-size={width},{height}'):
        opts.add_argument(a)
    opts.set_capability('goog:loggingPrefs', {'browser': 'ALL'})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)

AUDIO_STATE = "return Array.from(document.querySelectorAll('audio')).map(a => [a.readyState, a.error ? a.error.code : 0]);"

def load_audio(driver, timeout: float) -> list:
    "Ask every `<audio>` for its metadata and wait until each has it or failed: [(readyState, error code)]."
    driver.execute_script("document.querySelectorAll('audio').forEach(a => { a.preload = 'metadata'; a.load(); });")
    t0 = time.time()
    while True:
        states = driver.execute_script(AUDIO_STATE)
        if all(r >= 1 or e for r, e in states) or time.time() - t0 > timeout: return states
        time.sleep(0.1)

def click_to_hear(driver, timeout: float) -> list[str]:
    "Click the last point of every `.se-listen` figure; the problems found (empty when each played its point)."
    from selenium.webdriver.common.by import By
    problems = []
    for fig in driver.find_elements(By.CSS_SELECTOR, '.se-listen'):
        points = fig.find_elements(By.CSS_SELECTOR, '[data-se-index]')
        if not points: problems.append(f"figure {fig.get_attribute('id')} has no points"); continue
        target = points[-1]
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", target)
        target.click()
        want, t0 = target.get_attribute('data-se-index'), time.time()
        while time.time() - t0 < timeout:
            if fig.get_attribute('data-se-played') == want and fig.get_attribute('data-se-state') == 'running': break
            time.sleep(0.1)
        else:
            problems.append(f"figure {fig.get_attribute('id')}: clicking point {want} played {fig.get_attribute('data-se-played')!r} "
                            f"(audio {fig.get_attribute('data-se-state')!r})")
    return problems

def check_page(driver, base: str, folder: Path, page: Path, budget_mb: float, timeout: float) -> dict:
    "Load one page and run every check on it."
    name = page.relative_to(folder).as_posix()
    driver.get(f'{base}/{name}')
    driver.execute_script("return document.readyState")
    states = load_audio(driver, timeout)
    problems = [f'audio {i} did not load its metadata (readyState {r}, error {e})' for i, (r, e) in enumerate(states) if r < 1 or e]
    problems += click_to_hear(driver, timeout)
    driver.save_screenshot(str(page.with_suffix('.png')))
    errors = [e['message'] for e in driver.get_log('browser') if e['level'] == 'SEVERE' and '/favicon.ico' not in e['message']]   # the bare local server has no icon
    problems += [f'console: {m}' for m in errors]
    mb = page.stat().st_size / 1e6
    if mb > budget_mb: problems.append(f'{mb:.2f} MB is over the {budget_mb:g} MB budget')
    figures = len(driver.find_elements('css selector', '.se-listen'))
    return dict(page=name, mb=round(mb, 2), audio=len(states), figures=figures, problems=problems)

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('folder', type=Path, help='folder of rendered .html pages')
    ap.add_argument('--budget-mb', type=float, default=5.0)
    ap.add_argument('--timeout', type=float, default=20.0, help='seconds to wait for audio metadata or a click to play')
    a = ap.parse_args(argv)
    pages = sorted(a.folder.rglob('*.html'))
    if not pages: print(f'{a.folder}: no .html pages to check', file=sys.stderr); return 1
    if not Path(CHROMIUM).exists() or not Path(CHROMEDRIVER).exists():
        print(f'{CHROMIUM} or {CHROMEDRIVER} is missing: install the Debian packages chromium and chromium-driver', file=sys.stderr); return 1
    server, base = serve(a.folder)
    driver, rows = browser(), []
    try:
        for page in pages:
            try: r = check_page(driver, base, a.folder, page, a.budget_mb, a.timeout)
            except Exception as e: r = dict(page=page.relative_to(a.folder).as_posix(), mb=round(page.stat().st_size / 1e6, 2), audio=0, figures=0, problems=[f'{type(e).__name__}: {e}'])
            rows.append(r)
            print(f"{'PASS' if not r['problems'] else 'FAIL'} {r['page']} ({r['mb']} MB, {r['audio']} audio, {r['figures']} click-to-hear)"
                  + ''.join(f'\n    {p}' for p in r['problems']), flush=True)
    finally:
        driver.quit(); server.shutdown()
    lines = ['| page | MB | audio | click-to-hear figures | problems |', '|---|---:|---:|---:|---|']
    lines += [f"| {r['page']} | {r['mb']} | {r['audio']} | {r['figures']} | {'; '.join(r['problems']) or 'none'} |" for r in rows]
    (a.folder/'report.md').write_text('\n'.join(lines) + '\n')
    (a.folder/'report.json').write_text(json.dumps(rows, indent=1))
    failed = sum(bool(r['problems']) for r in rows)
    print(f'{len(rows) - failed} passed, {failed} failed')
    return 1 if failed else 0

if __name__ == '__main__': sys.exit(main())
