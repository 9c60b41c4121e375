#!/usr/bin/env python3
"""A recording SMTP server for the system harness: accepts every message and writes it to DIR as one .eml
file, fsynced, *before* answering 250 -- so "received" means exactly "the sender was told it was accepted".

    smtp_recorder.py PORT DIR

Binds 127.0.0.1 only. No TLS, no AUTH (the harness sets CHORUS_SMTP_STARTTLS=disabled). Plain asyncio: the
standard library dropped smtpd, and the harness needs nothing beyond RFC 5321's core commands.
"""
import asyncio
import itertools
import os
import signal
import sys
import time

PORT = int(sys.argv[1])
DIR = sys.argv[2]
os.makedirs(DIR, exist_ok=True)
counter = itertools.count(1)


def store(data: bytes) -> None:
    name = os.path.join(DIR, f"{time.time_ns()}-{os.getpid()}-{next(counter)}.eml")
    tmp = name + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.rename(tmp, name)


async def session(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    def say(line: str) -> None:
        writer.write((line + "\r\n").encode("ascii"))

    say("220 chorus-recorder ESMTP")
    await writer.drain()
    try:
        while True:
            raw = await reader.readline()
            if not raw:
                break
            cmd = raw.decode("utf-8", "replace").strip()
            verb = cmd[:4].upper()
            if verb in ("EHLO",):
                say("250-chorus-recorder")
                say("250-8BITMIME")
                say("250 SIZE 20971520")
            elif verb == "HELO":
                say("250 chorus-recorder")
            elif verb in ("MAIL", "RCPT", "RSET", "NOOP"):
                say("250 OK")
            elif verb == "DATA":
                say("354 End data with <CR><LF>.<CR><LF>")
                await writer.drain()
                lines = []
                while True:
                    line = await reader.readline()
                    if not line:
                        return
                    if line in (b".\r\n", b".\n"):
                        break
                    lines.append(line[1:] if line.startswith(b"..") else line)
                await asyncio.get_running_loop().run_in_executor(None, store, b"".join(lines))
                say("250 OK stored")
            elif verb == "QUIT":
                say("221 Bye")
                await writer.drain()
                break
            else:
                say("502 Command not implemented")
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()


async def main() -> None:
    server = await asyncio.start_server(session, "127.0.0.1", PORT)
    loop = asyncio.get_running_loop()
    stop = loop.create_future()
    for s in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(s, stop.set_result, None)
    print(f"smtp recorder on 127.0.0.1:{PORT}, writing to {DIR}", flush=True)
    async with server:
        await stop


asyncio.run(main())
