"""A Python grpcio client of the WMS API, run against the real server process by WmsPythonClientTests.

Usage: wms_client.py <host:port> <admin token> <case>   (the generated reflection stubs on PYTHONPATH)
It has no WMS stubs: like grpcurl, it learns the API from server reflection (v1, as grpcurl and Postman
ask for it) and builds the messages from the descriptors it gets. Exits 0 and prints "PASS <case>".
"""
import sys

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

MiB = 1024 * 1024


def expect(condition, message):
    if not condition:
        print("FAIL " + message)
        sys.exit(1)


class Api:
    """Message classes and callables for any method, from the server's reflection service."""

    def __init__(self, channel, reflection="v1"):
        if reflection == "v1":
            import reflection_v1_pb2 as pb, reflection_v1_pb2_grpc as pb_grpc
        else:
            import reflection_pb2 as pb, reflection_pb2_grpc as pb_grpc
        self.pb, self.stub, self.channel = pb, pb_grpc.ServerReflectionStub(channel), channel
        self.pool, self.added = descriptor_pool.DescriptorPool(), set()

    def message_class(self, descriptor):
        if hasattr(message_factory, "GetMessageClass"):  # protobuf >= 4.22
            return message_factory.GetMessageClass(descriptor)
        return message_factory.MessageFactory(self.pool).GetPrototype(descriptor)

    def services(self):
        [answer] = list(self.stub.ServerReflectionInfo(iter([self.pb.ServerReflectionRequest(list_services="*")]), timeout=10))
        return [s.name for s in answer.list_services_response.service]

    def method(self, service, name):
        [answer] = list(self.stub.ServerReflectionInfo(iter([self.pb.ServerReflectionRequest(file_containing_symbol=service)]), timeout=10))
        files = [descriptor_pb2.FileDescriptorProto.FromString(raw) for raw in answer.file_descriptor_response.file_descriptor_proto]
        pending = {f.name: f for f in files if f.name not in self.added}
        while pending:  # a file goes in after the files it imports
            for f in list(pending.values()):
                if all(d in self.added or d not in pending for d in f.dependency):
                    self.pool.Add(f)
                    self.added.add(f.name)
                    del pending[f.name]
        m = self.pool.FindServiceByName(service).FindMethodByName(name)
        request, response = self.message_class(m.input_type), self.message_class(m.output_type)
        path = f"/{service}/{name}"
        if m.server_streaming:
            call = self.channel.unary_stream(path, request_serializer=request.SerializeToString, response_deserializer=response.FromString)
        else:
            call = self.channel.unary_unary(path, request_serializer=request.SerializeToString, response_deserializer=response.FromString)
        return request, call


def error_of(call, *args, **kwargs):
    try:
        call(*args, **kwargs)
    except grpc.RpcError as e:
        return e
    expect(False, "no error raised")


def case_info(api, token):
    request, call = api.method("wms.v1.ServerInfoService", "GetServerInfo")
    info = call(request(), metadata=[("authorization", "Bearer " + token)], timeout=10)
    expect(info.caller.name == "admin" and "admin" in info.caller.roles, f"info {info}")


def case_reflection_v1(api, token):
    names = api.services()
    for wanted in ("wms.v1.OrderService", "wms.v1.PickingService", "grpc.health.v1.Health"):
        expect(wanted in names, f"services {names}")


def case_reflection_v1alpha(api, token):
    api = Api(api.channel, "v1alpha")
    names = api.services()
    expect("wms.v1.InventoryService" in names, f"services {names}")
    case_info(api, token)


def case_no_token(api, token):
    request, call = api.method("wms.v1.ServerInfoService", "GetServerInfo")
    e = error_of(call, request(), timeout=10)
    expect(e.code() == grpc.StatusCode.UNAUTHENTICATED, f"code {e.code()}")
    expect("Missing bearer token" in e.details(), f"details {e.details()!r}")


def case_health_watch(api, token):
    request, check = api.method("grpc.health.v1.Health", "Check")
    expect(check(request(service="wms.v1.PickingService"), timeout=10).status == 1, "PickingService not SERVING")
    _, watch = api.method("grpc.health.v1.Health", "Watch")
    first = next(iter(watch(request(service=""), timeout=10)))
    expect(first.status == 1, f"watch {first}")


def case_follow_ledger(api, token):
    request, follow = api.method("wms.v1.InventoryService", "FollowLedger")
    seen = []
    try:
        for entry in follow(request(warehouse_code="FRA"), metadata=[("authorization", "Bearer " + token)], timeout=2):
            seen.append(entry.position)
        expect(False, "the stream ended before its deadline")
    except grpc.RpcError as e:
        expect(e.code() == grpc.StatusCode.DEADLINE_EXCEEDED, f"code {e.code()}")
    expect(len(seen) > 0 and seen == sorted(seen), f"positions {seen[:10]}")


def case_megabyte_value(api, token):
    request, call = api.method("wms.v1.LayoutService", "GetBin")
    huge = "B" * MiB
    e = error_of(call, request(warehouse_code="FRA", code=huge), metadata=[("authorization", "Bearer " + token)], timeout=10)
    expect(e.code() in (grpc.StatusCode.NOT_FOUND, grpc.StatusCode.INVALID_ARGUMENT), f"code {e.code()} {e.details()[:80]!r}")
    expect(len(e.details()) <= 512, f"details of {len(e.details())} characters")


def case_bad_request(api, token):
    request, call = api.method("wms.v1.OrderService", "CreateOrder")
    e = error_of(call, request(request_id="py-bad-1", warehouse_code="FRA", reference=""), metadata=[("authorization", "Bearer " + token)], timeout=10)
    expect(e.code() == grpc.StatusCode.INVALID_ARGUMENT, f"code {e.code()}")
    details = dict(e.trailing_metadata()).get("grpc-status-details-bin", b"")
    expect(b"reference" in details and b"google.rpc.BadRequest" in details, f"details-bin {details!r}")


def case_gzip(api, token):
    request, call = api.method("wms.v1.ServerInfoService", "GetServerInfo")
    info = call(request(), metadata=[("authorization", "Bearer " + token)], compression=grpc.Compression.Gzip, timeout=10)
    expect(info.caller.name == "admin", f"info {info}")


def main():
    target, token, case = sys.argv[1], sys.argv[2], sys.argv[3]
    options = [("grpc.max_send_message_length", 16 * MiB), ("grpc.max_receive_message_length", 16 * MiB)]
    with grpc.insecure_channel(target, options=options) as channel:
        handler = globals().get("case_" + case)
        expect(handler is not None, f"unknown case {case}")
        handler(Api(channel), token)
    print("PASS " + case)


if __name__ == "__main__":
    main()
