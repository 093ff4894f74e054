using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace Wms.Grpc.Tests.Support;

/// <summary>
/// Speaks gRPC by hand over a plain HttpClient, so server tests check the bytes on the wire rather than
/// trusting our own client to agree with our own server.
/// </summary>
public static class RawGrpc
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler { EnableMultipleHttp2Connections = true });

    public static byte[] Frame(IMessage message, bool compress = false) => Frame(message.ToByteArray(), compress);

    public static byte[] Frame(byte[] payload, bool compress = false)
    {
        if (compress)
        {
            using var output = new MemoryStream();
            using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(payload);
            }

            payload = output.ToArray();
        }

        var frame = new byte[5 + payload.Length];
        frame[0] = compress ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    public static async Task<RawResponse> CallAsync(
        Uri server, string path, byte[] body, string contentType = "application/grpc", IEnumerable<(string Key, string Value)>? headers = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server, path)) 
        {
            Content = new ByteArrayContent(body),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TryAddWithoutValidation("te", "trailers");
        foreach (var (key, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(key, value);
        }

        using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return new RawResponse(
            response.StatusCode,
            Flatten(response.Headers.Concat(response.Content.Headers)),
            Flatten(response.TrailingHeaders),
            bytes);
    }

    private static Dictionary<string, string> Flatten(IEnumerable<KeyValuePair<string, IEnumerable<string>>> headers) =>
        headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value));
}

public sealed record RawResponse(HttpStatusCode HttpStatus, Dictionary<string, string> Headers, Dictionary<string, string> Trailers, byte[] Body)
{
    /// <summary>grpc-status from the trailers, or from the headers of a Trailers-Only response.</summary>
    public string? GrpcStatus => Trailers.GetValueOrDefault("grpc-status") ?? Headers.GetValueOrDefault("grpc-status");

    public string? GrpcMessage => Trailers.GetValueOrDefault("grpc-message") ?? Headers.GetValueOrDefault("grpc-message");

    public bool IsTrailersOnly => Headers.ContainsKey("grpc-status");

    /// <summary>Splits the body into frames: (compressed flag, payload).</summary>
    public List<(bool Compressed, byte[] Payload)> Frames()
    {
        var frames = new List<(bool, byte[])>();
        var offset = 0;
        while (offset < Body.Length)
        {
            var compressed = Body[offset] == 1;
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(Body.AsSpan(offset + 1));
            frames.Add((compressed, Body.AsSpan(offset + 5, length).ToArray()));
            offset += 5 + length;
        }

        return frames;
    }

    public List<T> Messages<T>(MessageParser<T> parser)
        where T : IMessage<T>
        => Frames().Select(f => parser.ParseFrom(f.Compressed ? Gunzip(f.Payload) : f.Payload)).ToList();

    private static byte[] Gunzip(byte[] data)
    {
        using var input = new System.IO.Compression.GZipStream(new MemoryStream(data), System.IO.Compression.CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
