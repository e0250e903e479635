"""A burst of simultaneous connections to the Store port: the listen backlog matches the stream cap
(512), so 200 clients connecting at once are all accepted and answered, none reset or refused."""
import shutil
import socket
import subprocess
import threading
import time

from delivery_store import STORE_ID, DeliveryTestCase, RawStream, proto_fields, uvarint
from framework import log

CLIENTS = 200


class DeliveryStoreBurst(DeliveryTestCase):
    TRANSPORT = "plain"  # raw multistream-select clients

    def store_port(self):
        return int(self.provider_addr.split("/tcp/")[1].split("/")[0])

    def test_listen_backlog_matches_the_stream_cap(self):
        if shutil.which("ss") is None:
            self.skipTest("ss (iproute2) is not installed")
        port = self.store_port()
        out = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True, timeout=5).stdout
        log(f"listening socket: {out.strip()}")
        # For a listening socket, ss reports the backlog in the Send-Q column.
        self.assertEqual(int(out.split()[2]), 512, out)

    def test_200_simultaneous_connections_are_all_answered(self):
        port = self.store_port()
        start = threading.Barrier(CLIENTS)
        errors, answers, lock = [], [], threading.Lock()

        def client(i):
            sock = socket.socket()
            sock.settimeout(20)
            try:
                start.wait(timeout=20)
                sock.connect(("127.0.0.1", port))
                s = RawStream.__new__(RawStream)
                s.sock, s.buf = sock, b""
                self.assertEqual(s.negotiate(STORE_ID), (STORE_ID + "\n").encode())
                req = b"\x0a" + uvarint(len(f"burst-{i}")) + f"burst-{i}".encode() + b"\x10\x00" + b"\xa0\x03\x01"
                s.send(uvarint(len(req)) + req)
                frame = s.read_frame()
                with lock:
                    answers.append(dict(proto_fields(frame))[10] if frame else None)
            except Exception as e:  # noqa: BLE001 - every failure is counted and reported
                with lock:
                    errors.append(f"client {i}: {type(e).__name__}: {e}")
            finally:
                sock.close()

        log(f"{CLIENTS} clients connect at the same instant, then each sends one query")
        began = time.time()
        threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        log(f"done in {time.time() - began:.2f} s: {len(answers)} answers, {len(errors)} errors")
        self.assertEqual(errors, [])
        self.assertEqual(answers, [200] * CLIENTS)
        r = self.query(self.user, self.content_query("after-burst"))
        self.assertEqual(r["statusCode"], 200)
