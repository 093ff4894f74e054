"""The Echo test service (Protos/echo.proto) on python grpcio, a reference peer for our client.

Usage: echo_server.py [--port N] [--tls-cert cert.pem --tls-key key.pem]
(PYTHONPATH must hold the generated echo_pb2 modules)
Prints "READY <port>" on stdout once it is serving on 127.0.0.1, then serves until killed or until
its stdin closes (so a crashed test run does not leave it behind).

Beyond echo.proto's own knobs, request metadata "response-compression: gzip" makes the server
gzip its responses, to test the client's decompression.
"""
import argparse
import sys
import threading
import time
from concurrent import futures

import grpc

import echo_pb2
import echo_pb2_grpc

CODES = {code.value[0]: code for code in grpc.StatusCode}
MAX_MESSAGE = 64 * 1024 * 1024


def _metadata(context):
    return list(context.invocation_metadata())


def _prepare(request, context):
    """Applies the knobs every method shares; returns False when the call was cancelled while waiting."""
    metadata = _metadata(context)
    if any(k == "response-compression" and v == "gzip" for k, v in metadata):
        context.set_compression(grpc.Compression.Gzip)
    if request.echo_metadata:
        wanted = set(request.echo_metadata)
        picked = [(k, v) for k, v in metadata if k in wanted]
        context.send_initial_metadata([("echo-" + k, v) for k, v in picked])
        context.set_trailing_metadata([("trailer-" + k, v) for k, v in picked])
    if request.delay_ms > 0:
        done = threading.Event()
        context.add_callback(done.set)
        if done.wait(request.delay_ms / 1000.0) or not context.is_active():
            return False
    if request.fail_code != 0:
        context.abort(CODES[request.fail_code], request.fail_message)
    return True


class Echo(echo_pb2_grpc.EchoServicer):
    def Unary(self, request, context):
        if not _prepare(request, context):
            return echo_pb2.EchoResponse()
        return echo_pb2.EchoResponse(text=request.text, payload=request.payload)

    def ServerStream(self, request, context):
        if not _prepare(request, context):
            return
        for index in range(request.count):
            yield echo_pb2.EchoResponse(text=request.text, payload=request.payload, index=index)

    def ClientStream(self, request_iterator, context):
        texts, payloads, received = [], [], 0
        for request in request_iterator:
            if received == 0 and not _prepare(request, context):
                return echo_pb2.EchoResponse()
            if received > 0 and request.fail_code != 0:
                context.abort(CODES[request.fail_code], request.fail_message)
            texts.append(request.text)
            payloads.append(request.payload)
            received += 1
        return echo_pb2.EchoResponse(text="".join(texts), payload=b"".join(payloads), received=received)

    def Duplex(self, request_iterator, context):
        for index, request in enumerate(request_iterator):
            if index == 0 and not _prepare(request, context):
                return
            if index > 0 and request.fail_code != 0:
                context.abort(CODES[request.fail_code], request.fail_message)
            yield echo_pb2.EchoResponse(text=request.text, payload=request.payload, index=index)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    args = parser.parse_args()
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=32),
        options=[
            ("grpc.max_receive_message_length", MAX_MESSAGE),
            ("grpc.max_send_message_length", MAX_MESSAGE),
        ],
    )
    echo_pb2_grpc.add_EchoServicer_to_server(Echo(), server)
    address = "127.0.0.1:%d" % args.port
    if args.tls_cert:
        with open(args.tls_key, "rb") as key, open(args.tls_cert, "rb") as cert:
            credentials = grpc.ssl_server_credentials([(key.read(), cert.read())])
        port = server.add_secure_port(address, credentials)
    else:
        port = server.add_insecure_port(address)
    server.start()
    print("READY %d" % port, flush=True)
    sys.stdin.read()
    server.stop(grace=0)


if __name__ == "__main__":
    main()
