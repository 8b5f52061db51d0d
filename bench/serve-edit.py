#!/usr/bin/env python3
"""Edit-to-page timing for bench/serve.sh: writes a change and polls the server every
millisecond until the page shows it. Prints the median, min and max per server and kind,
and the ratio of the medians. Standard library only."""
import argparse, http.client, os, pathlib, random, re, statistics, sys, time, urllib.parse

def get(base, path):
    u = urllib.parse.urlparse(base)
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    try:
        c.request("GET", path)
        r = c.getresponse()
        return r.status, r.read()
    except OSError:
        return 0, b""
    finally:
        c.close()

def wait_up(base, path, timeout=600):
    end = time.time() + timeout
    while time.time() < end:
        if get(base, path)[0] == 200:
            return
        time.sleep(0.2)
    sys.exit(f"{base}{path} never answered")

def until(base, path, test, timeout=60):
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        status, body = get(base, path)
        if test(status, body):
            return
        time.sleep(0.001)
    sys.exit(f"{base}{path}: the change never showed")

def edit(file, base, path):
    """Seconds from the edited file written to the page served with the edit."""
    marker = f"Edit{random.randrange(10**9)}"
    text = file.read_text(encoding="utf-8")
    new = re.sub(r'^summary: "', f'summary: "{marker} ', text, count=1, flags=re.M)
    assert new != text, file
    start = time.perf_counter()
    file.write_text(new, encoding="utf-8")
    until(base, path, lambda s, b: s == 200 and marker.encode() in b)
    return time.perf_counter() - start

def vinhdanh_pages(root):
    for f in sorted((root / "content/citizens").glob("*/*.md")):
        head = f.read_text(encoding="utf-8").split("---")[1]
        if "\nslug:" not in head and "\ndraft:" not in head:
            yield f, f"/cong-dan-uu-tu/{f.parent.name}/{f.stem}/"

def hugo_pages(root):
    for f in sorted((root / "content/cong-dan-uu-tu").glob("*/*/index.md")):
        yield f, f"/cong-dan-uu-tu/{f.parent.parent.name}/{f.parent.name}/"

def pick(pages, runs):
    pages = list(pages)
    step = max(1, len(pages) // (runs + 1))
    return [pages[(i + 1) * step] for i in range(runs)]

def report(name, kind, times):
    ms = [t * 1000 for t in times]
    print(f"{name:9} {kind:8} median {statistics.median(ms):8.1f} ms   min {min(ms):8.1f}   max {max(ms):8.1f}   ({len(ms)} runs)")
    return statistics.median(ms)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--vinhdanh", nargs=2, required=True)
    ap.add_argument("--hugo", nargs=2)
    a = ap.parse_args()
    vroot, vbase = pathlib.Path(a.vinhdanh[0]), a.vinhdanh[1]
    wait_up(vbase, "/")
    results = {}
    vp = pick(vinhdanh_pages(vroot), a.runs)
    times = []
    for f, path in vp:
        wait_up(vbase, path, 30)
        time.sleep(0.5)
        times.append(edit(f, vbase, path))
    results["v"] = report("vinhdanh", "edit", times)
    adds, removes = [], []
    for i in range(a.runs):
        f = vroot / f"content/citizens/2023/ho-so-moi-{i}.md"
        path = f"/cong-dan-uu-tu/2023/ho-so-moi-{i}/"
        time.sleep(0.5)
        start = time.perf_counter()
        f.write_text(f'---\nname: "Hồ Sơ Mới {i}"\nyear: 2023\nsummary: "Thêm khi đang xem."\n---\nCâu chuyện.\n', encoding="utf-8")
        until(vbase, path, lambda s, b: s == 200)
        adds.append(time.perf_counter() - start)
        time.sleep(0.5)
        start = time.perf_counter()
        f.unlink()
        until(vbase, path, lambda s, b: s == 404)
        removes.append(time.perf_counter() - start)
    report("vinhdanh", "add", adds)
    report("vinhdanh", "remove", removes)
    if a.hugo:
        hroot, hbase = pathlib.Path(a.hugo[0]), a.hugo[1]
        hp = pick(hugo_pages(hroot), a.runs)
        wait_up(hbase, hp[0][1])
        times = []
        for f, path in hp:
            wait_up(hbase, path, 30)
            time.sleep(1.0)
            times.append(edit(f, hbase, path))
        results["h"] = report("hugo", "edit", times)
        print(f"vinhdanh takes {results['v'] / results['h']:.3f} of hugo server's time for an edit")

main()
