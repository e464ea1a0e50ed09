"""200 parallel failed logins against a pbm binary it starts (brute-force protection off, so that
every password is hashed); prints its RSS before, at the peak, and 5/30/60 s after (issue #19,
finding 4; docs/performance.md "Memory after a burst of logins").

Usage: python3 scripts/login-burst-rss.py target/release/pbm   (needs grpcio and protobuf:
the venv scripts/test-clients.sh makes has both)
"""
import os, sys, threading, time, subprocess, re, tempfile
import grpc
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "clients", "python", "src"))
from pbm.v2 import auth_pb2, auth_pb2_grpc

binary = sys.argv[1]
data = tempfile.mkdtemp()
env = dict(os.environ, PBM_CREATOR_PASSWORD="Creator-Pass1", NO_COLOR="1", PBM_LOG_FORMAT="text",
           PBM_SETTING__PSN__BRUTEFORCE__ENABLED="false")
log = open(os.path.join(data, "log"), "w")
proc = subprocess.Popen([binary, "serve", "--listen", "127.0.0.1:0", "--data-dir", data], env=env, stdout=log, stderr=log)
addr = None
for _ in range(300):
    m = re.search(r"pbm serving.* addr=(127\.0\.0\.1:\d+)", open(os.path.join(data, "log")).read())
    if m:
        addr = m.group(1); break
    time.sleep(0.1)
def rss():
    for line in open(f"/proc/{proc.pid}/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) // 1024
time.sleep(2)
print("before", rss(), "MiB")
peak = [0]
stop = [False]
def sample():
    while not stop[0]:
        peak[0] = max(peak[0], rss()); time.sleep(0.05)
threading.Thread(target=sample, daemon=True).start()
def login(i):
    with grpc.insecure_channel(addr) as ch:
        try:
            auth_pb2_grpc.AuthServiceStub(ch).Login(auth_pb2.LoginRequest(login="creator@example.com", password=f"wrong-{i}"), timeout=300)
        except grpc.RpcError:
            pass
t0 = time.time()
threads = [threading.Thread(target=login, args=(i,)) for i in range(200)]
for t in threads: t.start()
for t in threads: t.join()
stop[0] = True
print(f"burst of 200 took {time.time()-t0:.1f} s; peak {peak[0]} MiB")
for wait in (5, 30, 60):
    time.sleep({5: 5, 30: 25, 60: 30}[wait])
    print(f"{wait} s after", rss(), "MiB")
proc.terminate(); proc.wait()
