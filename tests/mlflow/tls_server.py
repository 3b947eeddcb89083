#!/usr/bin/env python3
"""A loopback HTTPS server for the TLS tests: serves files of a folder over HTTP/1.1 with a
Content-Length, requiring a client certificate signed by CLIENT_CA when given.
Usage: tls_server.py PORT CERT KEY FOLDER [CLIENT_CA]"""
import http.server, os, ssl, sys

port, cert, key, folder = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
os.chdir(folder)


class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass


context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)
if len(sys.argv) > 5:
    context.verify_mode = ssl.CERT_REQUIRED
    context.load_verify_locations(sys.argv[5])
server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
server.socket = context.wrap_socket(server.socket, server_side=True)
print("ready", flush=True)
server.serve_forever()
