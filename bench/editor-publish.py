#!/usr/bin/env python3
"""The editor's "Xuất bản" for bench/publish.sh: starts `vinhdanh serve` on the site, and
for each given file edits its summary, lets serve take the change in, then presses
"Xuất bản" (the form's POST, with its token and origin) and times it until the answer
says the site is published. Checks the edit is on the server (a folder). Prints one
time in seconds a line. Standard library only."""
import http.client, pathlib, re, subprocess, sys, time

vinhdanh, root, target, www = sys.argv[1:5]
files = [pathlib.Path(f) for f in sys.argv[5:]]

serve = subprocess.Popen([vinhdanh, "serve", "--root", root, "--port", "0"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
host = None
for line in serve.stdout:
    m = re.search(r"http://([^/\s]+)", line)
    if m:
        host = m.group(1).replace("0.0.0.0", "127.0.0.1")
        break
if host is None:
    sys.exit("serve did not start")

def request(method, path, body=None, headers=None):
    c = http.client.HTTPConnection(host, timeout=600)
    try:
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        return r.status, r.read().decode("utf-8", "replace")
    finally:
        c.close()

try:
    # The first build is done when the home page answers.
    end = time.time() + 600
    while request("GET", "/")[0] != 200:
        if time.time() > end:
            sys.exit("serve never built the site")
        time.sleep(0.2)
    for n, f in enumerate(files):
        marker = f"Editor-{n}-{time.time_ns() % 10**9}"
        text = f.read_text(encoding="utf-8")
        f.write_text(re.sub(r'^summary: "', f'summary: "{marker} ', text, count=1, flags=re.M),
                     encoding="utf-8")
        time.sleep(1.5)  # serve takes the edit in, as it would while staff look at it
        status, page = request("GET", "/_edit/xuat-ban")
        token = re.search(r'name="_token" value="([^"]+)"', page).group(1)
        body = f"_token={token}&target={target}&action=send"
        start = time.perf_counter()
        status, answer = request("POST", "/_edit/xuat-ban", body, {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"http://{host}",
        })
        seconds = time.perf_counter() - start
        if status != 200 or "Đã xuất bản" not in answer:
            sys.exit(f"the editor did not publish: {status} {answer[-2000:]}")
        if not any(marker in p.read_text(encoding="utf-8", errors="replace")
                   for p in pathlib.Path(www).rglob("index.html") if f.stem in str(p)):
            sys.exit(f"the edit of {f} is not on the server")
        print(f"{seconds:.3f}", flush=True)
finally:
    serve.terminate()
    serve.wait()
