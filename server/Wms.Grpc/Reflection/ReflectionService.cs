using Google.Protobuf;
using Google.Protobuf.Reflection;
using Wms.Grpc.Reflection.V1Alpha;

namespace Wms.Grpc.Reflection;

/// <summary>
/// grpc.reflection.v1alpha.ServerReflection over the descriptors that services publish with
/// <see cref="GrpcServiceBinder{TService}.Describe"/>, so grpcurl can list and call the API.
/// </summary>
public sealed class ReflectionService(GrpcServiceRegistry registry) : IGrpcService<ReflectionService>
{
    private static readonly ServiceDescriptor Descriptor = ReflectionReflection.Descriptor.Services[0];

    private static readonly Method<ServerReflectionRequest, ServerReflectionResponse> InfoMethod =
        ProtobufMethods.Create<ServerReflectionRequest, ServerReflectionResponse>(Descriptor, "ServerReflectionInfo");

    public static void Bind(GrpcServiceBinder<ReflectionService> binder) => binder
        .Describe(Descriptor)
        .DuplexStreaming(InfoMethod, static (service, requests, responses, context) => service.InfoAsync(requests, responses, context.CancellationToken));

    private async Task InfoAsync(IAsyncStreamReader<ServerReflectionRequest> requests, IServerStreamWriter<ServerReflectionResponse> responses, CancellationToken cancellationToken)
    {
        var files = CollectFiles(registry.Descriptors);
        while (await requests.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            var request = requests.Current;
            var response = Answer(request, files);
            response.ValidHost = request.Host;
            response.OriginalRequest = request;
            await responses.WriteAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    private ServerReflectionResponse Answer(ServerReflectionRequest request, IReadOnlyDictionary<string, FileDescriptor> files)
    {
        switch (request.MessageRequestCase)
        {
            case ServerReflectionRequest.MessageRequestOneofCase.ListServices:
                var list = new ListServiceResponse();
                foreach (var name in registry.Services.Order(StringComparer.Ordinal))
                {
                    list.Service.Add(new ServiceResponse { Name = name });
                }

                return new ServerReflectionResponse { ListServicesResponse = list };

            case ServerReflectionRequest.MessageRequestOneofCase.FileByFilename:
                return files.TryGetValue(request.FileByFilename, out var file)
                    ? FileResponse(file)
                    : Error(StatusCode.NotFound, $"File '{request.FileByFilename}' not found.");

            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingSymbol:
                var containing = FindFileContainingSymbol(request.FileContainingSymbol, files.Values);
                return containing is not null
                    ? FileResponse(containing)
                    : Error(StatusCode.NotFound, $"Symbol '{request.FileContainingSymbol}' not found.");

            case ServerReflectionRequest.MessageRequestOneofCase.AllExtensionNumbersOfType:
                // proto3 has no extensions: a known type simply has none.
                var type = FindFileContainingSymbol(request.AllExtensionNumbersOfType, files.Values);
                return type is not null
                    ? new ServerReflectionResponse { AllExtensionNumbersResponse = new ExtensionNumberResponse { BaseTypeName = request.AllExtensionNumbersOfType } }
                    : Error(StatusCode.NotFound, $"Type '{request.AllExtensionNumbersOfType}' not found.");

            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingExtension:
                return Error(StatusCode.NotFound, "Extensions are not supported.");

            default:
                return Error(StatusCode.InvalidArgument, "The reflection request names no known kind of request.");
        }
    }

    private static ServerReflectionResponse FileResponse(FileDescriptor file)
    {
        // The file first, then what it imports, so a client can build the descriptor pool from one answer.
        var response = new FileDescriptorResponse();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<FileDescriptor>([file]);
        while (pending.TryDequeue(out var next))
        {
            if (!seen.Add(next.Name))
            {
                continue;
            }

            response.FileDescriptorProto.Add(next.SerializedData);
            foreach (var dependency in next.Dependencies)
            {
                pending.Enqueue(dependency);
            }
        }

        return new ServerReflectionResponse { FileDescriptorResponse = response };
    }

    private static FileDescriptor? FindFileContainingSymbol(string symbol, IEnumerable<FileDescriptor> files) =>
        files.FirstOrDefault(file => DeclaredSymbols(file).Contains(symbol));

    private static IEnumerable<string> DeclaredSymbols(FileDescriptor file)
    {
        foreach (var service in file.Services)
        {
            yield return service.FullName;
            foreach (var method in service.Methods)
            {
                yield return method.FullName;
            }
        }

        foreach (var e in file.EnumTypes)
        {
            yield return e.FullName;
        }

        var messages = new Stack<MessageDescriptor>(file.MessageTypes);
        while (messages.TryPop(out var message))
        {
            yield return message.FullName;
            foreach (var e in message.EnumTypes)
            {
                yield return e.FullName;
            }

            foreach (var nested in message.NestedTypes)
            {
                messages.Push(nested);
            }
        }
    }

    private static Dictionary<string, FileDescriptor> CollectFiles(IEnumerable<ServiceDescriptor> services)
    {
        var files = new Dictionary<string, FileDescriptor>(StringComparer.Ordinal);
        var pending = new Stack<FileDescriptor>(services.Select(s => s.File));
        while (pending.TryPop(out var file))
        {
            if (files.TryAdd(file.Name, file))
            {
                foreach (var dependency in file.Dependencies)
                {
                    pending.Push(dependency);
                }
            }
        }

        return files;
    }

    private static ServerReflectionResponse Error(StatusCode code, string message) => new()
    {
        ErrorResponse = new ErrorResponse { ErrorCode = (int)code, ErrorMessage = message },
    };
}
