"""A Python grpcio client for echo.proto, run against our C# server by the interop tests.

Usage: echo_client.py <host:port> <case>   (the generated stubs on PYTHONPATH, as PythonGrpc runs it)
Exits 0 and prints "PASS <case>" when the case behaves as gRPC says it must; otherwise prints what
differed and exits 1. Each case is one behaviour of the protocol, checked by a client we did not write.
"""
import queue
import sys
import threading
import time

import grpc
import echo_pb2
import echo_pb2_grpc

NON_ASCII = "Lagerplatz A-01 nicht gefunden: Größe ✓ 100%"
MiB = 1024 * 1024


def expect(condition, message):
    if not condition:
        print("FAIL " + message)
        sys.exit(1)


def case_unary(stub):
    reply = stub.Unary(echo_pb2.EchoRequest(text="hello"), timeout=10)
    expect(reply.text == "hello", f"unary text {reply.text!r}")


def case_server_stream(stub):
    replies = list(stub.ServerStream(echo_pb2.EchoRequest(text="s", count=5), timeout=10))
    expect([r.index for r in replies] == [0, 1, 2, 3, 4], f"indices {[r.index for r in replies]}")


def case_client_stream(stub):
    reply = stub.ClientStream(iter([echo_pb2.EchoRequest(text=t) for t in "abc"]), timeout=10)
    expect(reply.text == "abc" and reply.received == 3, f"client stream {reply}")


def case_duplex(stub):
    # Ping-pong: each request is sent only after the previous answer arrived, so the server must
    # answer while the request stream is still open.
    outbox = queue.Queue()
    outbox.put(echo_pb2.EchoRequest(text="0"))

    def requests():
        while True:
            item = outbox.get()
            if item is None:
                return
            yield item

    seen = []
    for reply in stub.Duplex(requests(), timeout=10):
        seen.append(reply.text)
        outbox.put(echo_pb2.EchoRequest(text=str(len(seen))) if len(seen) < 5 else None)
    expect(seen == ["0", "1", "2", "3", "4"], f"duplex saw {seen}")


def case_error_non_ascii(stub):
    try:
        stub.Unary(echo_pb2.EchoRequest(fail_code=5, fail_message=NON_ASCII), timeout=10)
        expect(False, "no error raised")
    except grpc.RpcError as e:
        expect(e.code() == grpc.StatusCode.NOT_FOUND, f"code {e.code()}")
        expect(e.details() == NON_ASCII, f"details {e.details()!r}")


def case_deadline(stub):
    started = time.monotonic()
    try:
        stub.Unary(echo_pb2.EchoRequest(delay_ms=5000), timeout=0.3)
        expect(False, "no error raised")
    except grpc.RpcError as e:
        expect(e.code() == grpc.StatusCode.DEADLINE_EXCEEDED, f"code {e.code()}")
    expect(time.monotonic() - started < 3, "deadline was not prompt")


def case_metadata(stub):
    call = stub.Unary.with_call(
        echo_pb2.EchoRequest(text="m", echo_metadata=["x-user", "x-blob-bin"]),
        metadata=[("x-user", "picker-7"), ("x-blob-bin", b"\x00\x01\xfe\xff")],
        timeout=10)
    _, info = call
    headers = dict(info.initial_metadata())
    trailers = dict(info.trailing_metadata())
    expect(headers.get("echo-x-user") == "picker-7", f"headers {headers}")
    expect(headers.get("echo-x-blob-bin") == b"\x00\x01\xfe\xff", f"headers {headers}")
    expect(trailers.get("trailer-x-user") == "picker-7", f"trailers {trailers}")
    expect(trailers.get("trailer-x-blob-bin") == b"\x00\x01\xfe\xff", f"trailers {trailers}")


def case_large(stub):
    payload = bytes(range(256)) * (3 * MiB // 256)
    reply = stub.Unary(echo_pb2.EchoRequest(payload=payload), timeout=30)
    expect(reply.payload == payload, f"payload of {len(reply.payload)} bytes came back")


def case_gzip(stub):
    text = "gzip " * 2000
    reply = stub.Unary(echo_pb2.EchoRequest(text=text), compression=grpc.Compression.Gzip, timeout=10)
    expect(reply.text == text, "gzip text differs")
    replies = list(stub.ServerStream(echo_pb2.EchoRequest(text=text, count=3), compression=grpc.Compression.Gzip, timeout=10))
    expect(len(replies) == 3 and all(r.text == text for r in replies), "gzip stream differs")


def case_unimplemented(channel):
    method = channel.unary_unary("/wms.testing.v1.Echo/NoSuchMethod", request_serializer=lambda x: x, response_deserializer=lambda x: x)
    try:
        method(b"", timeout=10)
        expect(False, "no error raised")
    except grpc.RpcError as e:
        expect(e.code() == grpc.StatusCode.UNIMPLEMENTED, f"code {e.code()}")


def case_cancel(stub):
    future = stub.Unary.future(echo_pb2.EchoRequest(delay_ms=10000, text="cancel-me"), timeout=30)
    time.sleep(0.3)
    future.cancel()
    try:
        future.result()
        expect(False, "no error raised")
    except grpc.FutureCancelledError:
        pass


def case_too_large(stub):
    try:
        stub.Unary(echo_pb2.EchoRequest(payload=b"x" * (5 * MiB)), timeout=10)
        expect(False, "no error raised")
    except grpc.RpcError as e:
        expect(e.code() == grpc.StatusCode.RESOURCE_EXHAUSTED, f"code {e.code()}")


def case_reflection(channel):
    # What grpcurl does: list services, fetch the descriptors, then call a method knowing nothing else.
    import reflection_pb2
    import reflection_pb2_grpc
    from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

    stub = reflection_pb2_grpc.ServerReflectionStub(channel)
    requests = [
        reflection_pb2.ServerReflectionRequest(list_services="*"),
        reflection_pb2.ServerReflectionRequest(file_containing_symbol="wms.testing.v1.Echo"),
    ]
    listed, files = list(stub.ServerReflectionInfo(iter(requests), timeout=10))
    names = [s.name for s in listed.list_services_response.service]
    expect("wms.testing.v1.Echo" in names and "grpc.health.v1.Health" in names, f"services {names}")

    pool = descriptor_pool.DescriptorPool()
    # The file comes first and its imports after it; a pool needs imports first.
    for raw in reversed(files.file_descriptor_response.file_descriptor_proto):
        pool.Add(descriptor_pb2.FileDescriptorProto.FromString(raw))
    method = pool.FindServiceByName("wms.testing.v1.Echo").FindMethodByName("Unary")
    if hasattr(message_factory, "GetMessageClass"):
        request_class, response_class = message_factory.GetMessageClass(method.input_type), message_factory.GetMessageClass(method.output_type)
    else:
        factory = message_factory.MessageFactory(pool)
        request_class, response_class = factory.GetPrototype(method.input_type), factory.GetPrototype(method.output_type)
    call = channel.unary_unary("/wms.testing.v1.Echo/Unary", request_serializer=request_class.SerializeToString, response_deserializer=response_class.FromString)
    reply = call(request_class(text="via reflection"), timeout=10)
    expect(reply.text == "via reflection", f"reply {reply}")


def main():
    target, case = sys.argv[1], sys.argv[2]
    options = [("grpc.max_send_message_length", 16 * MiB), ("grpc.max_receive_message_length", 16 * MiB)]
    with grpc.insecure_channel(target, options=options) as channel:
        stub = echo_pb2_grpc.EchoStub(channel)
        handler = globals().get("case_" + case)
        expect(handler is not None, f"unknown case {case}")
        handler(channel if case in ("unimplemented", "reflection") else stub)
    print("PASS " + case)


if __name__ == "__main__":
    main()
