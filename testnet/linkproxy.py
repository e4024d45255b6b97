#!/usr/bin/env python3
"""Link proxy for chaos runs: every validator-to-validator P2P link of a local testnet passes
through here, so a script can cut and restore links (real partitions, not paused processes).

  testnet/linkproxy.py --cut-file FILE --link FROM:TO:LISTEN_PORT:TARGET_PORT ...

Each --link is one dialling path: node FROM reaches node TO at 127.0.0.1:LISTEN_PORT (what
`credchain testnet init --link-proxy-base-port` writes into FROM's peer list), and the proxy
forwards to TO's P2P port TARGET_PORT. A connection carries traffic both ways, whichever node
dialled it.

FILE lists the cut directions, one "FROM>TO" per line (traffic from node FROM to node TO is
lost); the script rewrites it (atomically, by rename) and the proxy re-reads it within 100 ms.
A missing or empty file cuts nothing. For a pair of nodes:
  - both directions cut: open connections between them are closed and new ones are closed
    as soon as they are accepted (the nodes see a dead network and keep redialling);
  - one direction cut: the bytes going that way are dropped and the other way is forwarded.
    A connection that lost bytes has a gap in its encrypted stream, so when the cut lifts the
    proxy closes it and the nodes redial a clean one.
Each change of the cut set and each connection closed because of it is logged on stdout.
Stops on SIGTERM/SIGINT. Standard library only (python3 >= 3.7).
"""
import argparse
import asyncio
import os
import signal
import sys
import time

POLL_S = 0.1
CHUNK = 64 * 1024


def log(message):
    print(time.strftime("%H:%M:%S ") + message, flush=True)


class Conn:
    """One proxied TCP connection: the dialler FROM and the listener TO of its link."""

    def __init__(self, src, dst, writers):
        self.src, self.dst = src, dst
        self.writers = writers
        self.tainted = False  # bytes were dropped: the stream is no longer usable

    def close(self):
        for w in self.writers:
            w.close()


class Proxy:
    def __init__(self, cut_file):
        self.cut_file = cut_file
        self.cut = set()  # {(from, to)}
        self.conns = set()
        self.mtime = None

    def pair_cut(self, a, b):
        return (a, b) in self.cut and (b, a) in self.cut

    async def pump(self, reader, writer, frm, to, conn):
        try:
            while True:
                data = await reader.read(CHUNK)
                if not data:
                    break
                if (frm, to) in self.cut:
                    conn.tainted = True
                    continue
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            conn.close()

    async def serve(self, src, dst, target_port, reader, writer):
        if self.pair_cut(src, dst):
            writer.close()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", target_port)
        except OSError:
            writer.close()  # the target node is down: the dialler sees a refused link
            return
        conn = Conn(src, dst, [writer, up_writer])
        self.conns.add(conn)
        try:
            await asyncio.gather(self.pump(reader, up_writer, src, dst, conn),
                                 self.pump(up_reader, writer, dst, src, conn))
        finally:
            self.conns.discard(conn)

    def read_cut_file(self):
        try:
            mtime = os.stat(self.cut_file).st_mtime_ns
        except FileNotFoundError:
            mtime = 0
        if mtime == self.mtime:
            return None
        self.mtime = mtime
        cut = set()
        if mtime:
            with open(self.cut_file) as f:
                for line in f:
                    line = line.strip()
                    if not line:
                        continue
                    frm, sep, to = line.partition(">")
                    if not sep or not frm.isdigit() or not to.isdigit():
                        log("ignoring bad line in %s: %r" % (self.cut_file, line))
                        continue
                    cut.add((int(frm), int(to)))
        return cut

    def apply(self, cut):
        self.cut = cut
        shown = " ".join("%d>%d" % c for c in sorted(cut)) or "nothing"
        log("cut: " + shown)
        closed = 0
        for conn in list(self.conns):
            a, b = conn.src, conn.dst
            if self.pair_cut(a, b):
                conn.close()
                closed += 1
            elif conn.tainted and (a, b) not in cut and (b, a) not in cut:
                conn.close()  # healed, but its stream has a gap
                closed += 1
        if closed:
            log("closed %d connection(s)" % closed)

    async def watch(self):
        while True:
            cut = self.read_cut_file()
            if cut is not None and cut != self.cut:
                self.apply(cut)
            await asyncio.sleep(POLL_S)


def parse_link(text):
    parts = text.split(":")
    if len(parts) != 4 or not all(p.isdigit() for p in parts):
        raise argparse.ArgumentTypeError("expected FROM:TO:LISTEN_PORT:TARGET_PORT, got " + text)
    return tuple(int(p) for p in parts)


async def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cut-file", required=True)
    parser.add_argument("--link", type=parse_link, action="append", required=True)
    args = parser.parse_args()
    proxy = Proxy(args.cut_file)
    servers = []
    for src, dst, listen_port, target_port in args.link:
        async def handler(r, w, src=src, dst=dst, target=target_port):
            await proxy.serve(src, dst, target, r, w)
        servers.append(await asyncio.start_server(handler, "127.0.0.1", listen_port))
    log("proxying %d links" % len(servers))
    stop = asyncio.get_running_loop().create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set_result, None)
    watcher = asyncio.ensure_future(proxy.watch())
    await stop
    watcher.cancel()
    for s in servers:
        s.close()
    for conn in list(proxy.conns):
        conn.close()
    log("stopped")


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except OSError as e:
        print("linkproxy: %s" % e, file=sys.stderr)
        sys.exit(1)
