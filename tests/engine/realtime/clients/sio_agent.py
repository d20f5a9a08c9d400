#!/usr/bin/python3
# A python-socketio agent driven over stdin/stdout with the same commands and output lines as
# sio_agent.js (see there). Uses the Debian python3-socketio sync client (websocket transport).
import json
import sys
import threading

import socketio

lock = threading.Lock()
clients = {}


def out(o):
    with lock:
        sys.stdout.write(json.dumps(o) + '\n')
        sys.stdout.flush()


def connect(cmd):
    cid, nsp = cmd['id'], cmd['nsp']
    sio = socketio.Client(reconnection=cmd.get('reconnection', True), reconnection_delay=0.2,
                          reconnection_delay_max=1)

    def on_connect():
        out({'id': cid, 'type': 'connect', 'sid': sio.get_sid(nsp)})

    def on_connect_error(data=None):
        message = data.get('message') if isinstance(data, dict) else data
        extra = data.get('data') if isinstance(data, dict) else None
        out({'id': cid, 'type': 'connect_error', 'message': message, 'data': extra})

    def on_disconnect():
        out({'id': cid, 'type': 'disconnect', 'reason': ''})

    def on_any(event, *args):
        out({'id': cid, 'type': 'event', 'event': event, 'args': list(args), 'acked': True})
        if cmd.get('ackHeartbeat', True):
            return {'ok': True, 'client': 'python'}
        return None

    sio.on('connect', on_connect, namespace=nsp)
    sio.on('connect_error', on_connect_error, namespace=nsp)
    sio.on('disconnect', on_disconnect, namespace=nsp)
    sio.on('*', on_any, namespace=nsp)
    clients[cid] = (sio, nsp)

    def run():
        try:
            sio.connect(cmd['url'], namespaces=[nsp], transports=['websocket'], auth=cmd.get('auth'),
                        wait_timeout=5)
        except Exception as e:  # refused namespaces end up here after connect_error
            out({'id': cid, 'type': 'connect_failed', 'message': str(e)})

    threading.Thread(target=run, daemon=True).start()


def emit(cmd):
    sio, nsp = clients[cmd['id']]
    args = cmd.get('args', [])
    data = args[0] if len(args) == 1 else tuple(args) if args else None
    if cmd.get('ack'):
        def call():
            try:
                r = sio.call(cmd['event'], data, namespace=nsp, timeout=5)
                res = list(r) if isinstance(r, tuple) else [r]
                out({'id': cmd['id'], 'type': 'ack', 'tag': cmd.get('tag'), 'error': None, 'args': res})
            except Exception as e:
                out({'id': cmd['id'], 'type': 'ack', 'tag': cmd.get('tag'), 'error': str(e), 'args': []})
        threading.Thread(target=call, daemon=True).start()
    else:
        sio.emit(cmd['event'], data, namespace=nsp)


def main():
    try:
        from importlib.metadata import version
        v = version('python-socketio')
    except Exception:
        v = 'unknown'
    out({'type': 'ready', 'agent': 'python', 'version': v})
    for line in sys.stdin:
        try:
            cmd = json.loads(line)
        except ValueError:
            out({'type': 'error', 'message': 'not JSON: ' + line})
            continue
        op = cmd.get('op')
        try:
            if op == 'connect':
                connect(cmd)
            elif op == 'emit':
                emit(cmd)
            elif op == 'emitBig':
                sio, nsp = clients[cmd['id']]
                sio.emit('big', 'x' * cmd['bytes'], namespace=nsp)
            elif op == 'disconnect':
                sio, _ = clients[cmd['id']]
                sio.disconnect()
            elif op == 'exit':
                break
        except Exception as e:
            out({'id': cmd.get('id'), 'type': 'error', 'message': '%s: %s' % (op, e)})
    sys.stdout.flush()
    import os
    os._exit(0)


if __name__ == '__main__':
    main()
