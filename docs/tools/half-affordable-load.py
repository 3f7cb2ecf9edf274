#!/usr/bin/env python3
# Issue 14's load shape: N payments of AMOUNT from PAYER (owned by the demo client alice) to
# PAYEE at CONCURRENCY connections through Nginx, each with its own Idempotency-Key; prints the
# answers by status and problem type. Used by docs/tools/gateway-gc-ab.sh.
# usage: half-affordable-load.py PAYER PAYEE N CONCURRENCY AMOUNT
import http.client, json, os, sys, threading, uuid, time, collections
keys = dict(l.strip().split('=',1) for l in open(os.path.join(os.environ.get('PAYFLOW_RUN_DIR', '.run'), 'api-keys.env')) if '=' in l)
payer, payee, n, conc, amount = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
results = []
lock = threading.Lock()
idx = iter(range(n))
def worker():
    c = http.client.HTTPConnection('127.0.0.1', 8080, timeout=30)
    while True:
        with lock:
            try: i = next(idx)
            except StopIteration: return
        key = str(uuid.uuid4())
        body = json.dumps({"payer":payer,"payee":payee,"amount":{"value":amount,"currency":"EUR"},"reference":"half-%d"%i})
        try:
            c.request('POST','/api/v1/payments',body,{'X-Api-Key':keys['DEMO_ALICE_API_KEY'],'Content-Type':'application/json','Idempotency-Key':key})
            r = c.getresponse(); data = r.read().decode()
            typ = ''
            if r.status >= 400:
                try: typ = json.loads(data).get('type','').rsplit('/',1)[-1]
                except Exception: typ = data[:60]
            with lock: results.append((r.status, typ, key))
        except Exception as e:
            with lock: results.append((0, repr(e)[:60], key))
            c = http.client.HTTPConnection('127.0.0.1', 8080, timeout=30)
t0=time.time()
ts=[threading.Thread(target=worker) for _ in range(conc)]
[t.start() for t in ts]; [t.join() for t in ts]
print("elapsed %.1fs" % (time.time()-t0))
print(collections.Counter((s,t) for s,t,k in results))
json.dump(results, open(os.environ.get("RESULTS", "/tmp/half-affordable-results.json"), 'w'))
