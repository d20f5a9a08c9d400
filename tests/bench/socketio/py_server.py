#!/usr/bin/python3
# The peer for bench_socketio: a python-socketio server (Debian python3-socketio 5.x with
# aiohttp) serving the same contract as Orrery's hub for the benchmark: namespace /tasks, token
# in the CONNECT auth, subscribe_to_project joins room project_<id> and acks {ok, room}.
#
#   py_server.py <port> <token>
# stdin commands (JSON lines):
#   {"op":"run","rate":2000,"seconds":20,"rooms":100}  emits task_completed events into the
#        rooms round-robin at `rate` per second (as far as it keeps up), then prints
#        {"type":"done","emitted":n,"seconds":s}
#   {"op":"exit"}
# prints {"type":"listening","port":p} when ready.
import asyncio
import json
import sys
import threading
import time
import uuid

import socketio
from aiohttp import web

PORT = int(sys.argv[1])
TOKEN = sys.argv[2]

sio = socketio.AsyncServer(async_mode='aiohttp', transports=['websocket'], max_http_buffer_size=65536,
                           ping_interval=25, ping_timeout=20)
app = web.Application()
sio.attach(app)


def out(o):
    sys.stdout.write(json.dumps(o) + '\n')
    sys.stdout.flush()


@sio.on('connect', namespace='/tasks')
async def on_connect(sid, environ, auth):
    if not auth or auth.get('token') != TOKEN:
        raise socketio.exceptions.ConnectionRefusedError('unauthorized')


@sio.on('subscribe_to_project', namespace='/tasks')
async def on_subscribe(sid, data):
    room = 'project_' + str(data['project_id'])
    sio.enter_room(sid, room, namespace='/tasks')
    return {'ok': True, 'room': room}


def payload(n):
    return {'taskId': str(uuid.UUID(int=n)), 'workflowId': '00000000-0000-0000-0000-00000000beef',
            'workflowType': 'bench_flow', 'taskType': 'bench_task', 'referenceTaskName': 'step_1',
            'status': 'COMPLETED', 'retryCount': 0, 'workerId': 'bench-worker-1', 'seq': n,
            'projectId': 'r%d' % 0, 'time': int(time.time() * 1000), 't_us': time.time() * 1e6}


async def run(rate, seconds, rooms):
    start = time.perf_counter()
    n = 0
    while True:
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            break
        target = min(int(elapsed * rate) + 1, int(rate * seconds))
        while n < target:
            p = payload(n)
            p['projectId'] = 'r%d' % (n % rooms)
            await sio.emit('task_completed', p, room='project_r%d' % (n % rooms), namespace='/tasks')
            n += 1
        await asyncio.sleep(0.002)
    return n, time.perf_counter() - start


async def main():
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, '127.0.0.1', PORT)
    await site.start()
    loop = asyncio.get_running_loop()
    commands = asyncio.Queue()

    def reader():
        for line in sys.stdin:
            loop.call_soon_threadsafe(commands.put_nowait, json.loads(line))
        loop.call_soon_threadsafe(commands.put_nowait, {'op': 'exit'})

    threading.Thread(target=reader, daemon=True).start()
    out({'type': 'listening', 'port': PORT})
    while True:
        cmd = await commands.get()
        if cmd['op'] == 'run':
            emitted, secs = await run(cmd['rate'], cmd['seconds'], cmd['rooms'])
            out({'type': 'done', 'emitted': emitted, 'seconds': secs})
        elif cmd['op'] == 'exit':
            break
    await runner.cleanup()


if __name__ == '__main__':
    asyncio.run(main())
