#!/usr/bin/env python3
# Redis CPU per call of the cluster registry's Lua scripts (decision 0045 and its amendments):
# 100,000 EVALSHA calls of each case sent through `redis-cli --pipe` to a redis-server on PORT,
# then INFO commandstats (usec_per_call). Compares with the scripts and commands before the second amendment (a1cf753d),
# and the heartbeat with the one before the third amendment (29e5188c).
# Usage: redis-server --port 6497 --bind 127.0.0.1 --save '' --appendonly no &
#        python3 bench/registry-script-cpu.py 6497      (run from the repository's root)
# It FLUSHALLs that Redis: never point it at one in use.
import re
import subprocess
import sys
import time
port = sys.argv[1]
src = open('cloud-server/src/main/java/io/p2pcam/cloud/server/CameraWriteScripts.java').read()
mem = open('cloud-server/src/main/java/io/p2pcam/cloud/server/MembershipScript.java').read()
old = subprocess.run(['git','show','a1cf753d:cloud-server/src/main/java/io/p2pcam/cloud/server/CameraWriteScripts.java'],capture_output=True,text=True).stdout
old_mem = subprocess.run(['git','show','29e5188c:cloud-server/src/main/java/io/p2pcam/cloud/server/MembershipScript.java'],capture_output=True,text=True).stdout
def script(text, name):
    m = re.search(name + r' = """\n(.*?)"""', text, re.S)
    lines = m.group(1).split('\n')
    indent = min(len(l) - len(l.lstrip()) for l in lines if l.strip())
    return '\n'.join(l[indent:] for l in lines)
S = {'publish': script(src,'PUBLISH'), 'withdraw': script(src,'WITHDRAW'), 'heartbeat': script(mem,'HEARTBEAT'), 'old_withdraw': script(old,'WITHDRAW'), 'old_heartbeat': script(old_mem,'HEARTBEAT')}
def cli(*args):
    return subprocess.run(['redis-cli','-p',port,*args],capture_output=True,text=True).stdout.strip()
sha = {k: cli('SCRIPT','LOAD',v) for k,v in S.items()}
def resp(*args):
    out = '*%d\r\n' % len(args)
    for a in args:
        a = str(a); out += '$%d\r\n%s\r\n' % (len(a.encode()), a)
    return out
def run(name, cmds):
    cli('CONFIG','RESETSTAT')
    subprocess.run(['redis-cli','-p',port,'--pipe'],input=''.join(cmds),capture_output=True,text=True)
    st = cli('INFO','commandstats')
    m = re.search(r'cmdstat_evalsha:calls=(\d+),usec=(\d+),usec_per_call=([\d.]+)', st)
    print('%-55s calls=%s usec_per_call=%s' % (name, m.group(1), m.group(3)))
N = 100000
now = int(time.time()*1000); key = 'k'*64; ttl = 900000
seq = now*1000
cli('FLUSHALL')
run('publish, new keys', [resp('EVALSHA', sha['publish'], 1, 'p2pcam:cam:%d' % i, 'n1', seq+i, ttl, now+ttl, key) for i in range(N)])
run('withdraw (before, a1cf753d), held keys', [resp('EVALSHA', sha['old_withdraw'], 1, 'p2pcam:cam:%d' % i, 'n1', seq+N+i, ttl) for i in range(N)])
cli('FLUSHALL')
run('publish, new keys (again)', [resp('EVALSHA', sha['publish'], 1, 'p2pcam:cam:%d' % i, 'n1', seq+i, ttl, now+ttl, key) for i in range(N)])
run('withdraw with guard, held keys', [resp('EVALSHA', sha['withdraw'], 1, 'p2pcam:cam:%d' % i, 'n1', seq+N+i, ttl) for i in range(N)])
cli('FLUSHALL')
run('publish, new keys (again)', [resp('EVALSHA', sha['publish'], 1, 'p2pcam:cam:%d' % i, 'n1', seq+i, ttl, now+ttl, key) for i in range(N)])
run('withdraw without guard, held keys (entry deleted)', [resp('EVALSHA', sha['withdraw'], 1, 'p2pcam:cam:%d' % i, 'n1', seq+N+i, 0) for i in range(N)])
run('withdraw without guard, of nothing', [resp('EVALSHA', sha['withdraw'], 1, 'p2pcam:cam:x%d' % i, 'n1', seq+N+i, 0) for i in range(N)])
run('withdraw (before, a1cf753d), of nothing', [resp('EVALSHA', sha['old_withdraw'], 1, 'p2pcam:cam:y%d' % i, 'n1', seq+N+i, ttl) for i in range(N)])
cli('FLUSHALL')
# heartbeat: 3 members beating in turn, each number above its last
run('heartbeat, 3 members', [resp('EVALSHA', sha['heartbeat'], 3, 'p2pcam:nodes', 'p2pcam:node-beats', 'p2pcam:node-numbers', 'n%d' % (i%3), seq+i, now+5000, now, seq+i+(1<<20)) for i in range(N)])
cli('FLUSHALL')
run('heartbeat before (29e5188c, numbered by clock), 3 members', [resp('EVALSHA', sha['old_heartbeat'], 2, 'p2pcam:nodes', 'p2pcam:node-beats', 'n%d' % (i%3), seq+i, now+5000, now) for i in range(N)])
cli('CONFIG','RESETSTAT')
cmds=[]
for i in range(N):
    cmds.append(resp('HSET','p2pcam:nodes','n%d'%(i%3), now+5000)); cmds.append(resp('HGETALL','p2pcam:nodes'))
subprocess.run(['redis-cli','-p',port,'--pipe'],input=''.join(cmds),capture_output=True,text=True)
st = cli('INFO','commandstats')
print('heartbeat before (a1cf753d): HSET + HGETALL: ' + ' '.join(l for l in st.split('\n') if 'hset' in l or 'hgetall' in l))
