#!/usr/bin/env python3
"""Loopback helpers for ops_cli_test.sh (test only).

  loopback.py slow FILE DELAY PORTFILE      serve FILE at /data.csv after DELAY seconds
  loopback.py receiver OUTFILE STATUS PORTFILE  record each POST body to OUTFILE, answer STATUS

Listens on 127.0.0.1 on a free port, written to PORTFILE once listening.
"""
import http.server
import sys
import time


def main():
    mode = sys.argv[1]

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            if mode == "slow" and self.path == "/data.csv":
                time.sleep(float(sys.argv[3]))
                body = open(sys.argv[2], "rb").read()
                self.send_response(200)
                self.send_header("Content-Type", "text/csv; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            else:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            if mode == "receiver":
                with open(sys.argv[2], "ab") as out:
                    out.write(body + b"\n")
                status = int(sys.argv[3])
            else:
                status = 404
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with open(sys.argv[4], "w") as f:
        f.write(str(server.server_address[1]))
    server.serve_forever()


if __name__ == "__main__":
    main()
