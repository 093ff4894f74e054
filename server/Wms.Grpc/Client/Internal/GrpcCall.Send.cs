using System.Net;
using System.Net.Http.Headers;

namespace Wms.Grpc.Internal;

/// <summary>The request going out and the response headers coming back: everything before the body.</summary>
internal sealed partial class GrpcCall<TRequest, TResponse>
{
    private UnaryContent? TryCreateUnaryContent(TRequest request)
    {
        var frame = new PooledBufferWriter();
        try
        {
            MessageFraming.WriteMessage(frame, request, _method.RequestMarshaller.Serializer, _channel.MaxSendMessageSize, _channel.RequestCompression is not null);
            return new UnaryContent(frame);
        }
        catch (Exception ex)
        {
            frame.Dispose();
            Finish(ClientStatus.FromException(ex), null);
            return null;
        }
    }

    private void Send(HttpContent content)
    {
        _request = CreateRequest(content);
        _sendTask = SendAsync(_request);
    }

    /// <summary>True when the response has a body to read; false when the call ended or was trailers-only.</summary>
    private async Task<bool> SendAsync(HttpRequestMessage request)
    {
        HttpResponseMessage response;
        try
        {
            response = await _channel.HttpInvoker.SendAsync(request, _callToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Finish(ClientStatus.FromException(ex), null);

            // The call may have ended (deadline, dispose) before the request existed for Finish to release.
            request.Dispose();
            return false;
        }

        bool finished;
        lock (_lock)
        {
            _response = response;
            finished = _end is not null;
        }

        if (finished)
        {
            request.Dispose();
            response.Dispose();
            return false;
        }

        // grpc-status in the headers: a trailers-only response, which wins over the HTTP status.
        if (ClientStatus.TryRead(response.Headers, out var status))
        {
            Finish(status.StatusCode == StatusCode.OK && _singleResponse ? ClientStatus.NoResponseMessage : status, response.Headers);
            return false;
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            Finish(new Status(ClientStatus.FromHttpStatus(response.StatusCode), $"Bad gRPC response. HTTP status code: {(int)response.StatusCode}."), response.Headers);
            return false;
        }

        // The raw value: parsing it into a MediaTypeHeaderValue would cost an allocation per call.
        var contentType = response.Content.Headers.NonValidated.TryGetValues("content-type", out var contentTypes) ? contentTypes.ToString() : null;
        if (!GrpcProtocolConstants.IsGrpcContentType(contentType))
        {
            Finish(new Status(StatusCode.Internal, $"Bad gRPC response. Invalid content-type value: {contentType ?? "(none)"}."), response.Headers);
            return false;
        }

        if (response.Headers.NonValidated.TryGetValues(GrpcProtocolConstants.MessageEncodingHeader, out var encodings))
        {
            var encoding = encodings.ToString();
            if (!MessageCompression.IsSupported(encoding))
            {
                Finish(new Status(StatusCode.Internal, $"The server compressed with '{encoding}', which this client does not support."), response.Headers);
                return false;
            }

            _responseEncoding = encoding;
        }

        return true;
    }

    private async Task<Metadata> GetResponseHeadersAsync()
    {
        var hasBody = await _sendTask.ConfigureAwait(false);
        if (hasBody)
        {
            return ToMetadata(_response!.Headers);
        }

        // A trailers-only response has no headers of its own: what it carried are trailers.
        if (CurrentStatus is { StatusCode: StatusCode.OK })
        {
            return new Metadata();
        }

        throw CreateException();
    }

    private HttpRequestMessage CreateRequest(HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _channel.GetMethodUri(_method))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        var headers = request.Headers;
        headers.TryAddWithoutValidation(GrpcProtocolConstants.TeHeader, GrpcProtocolConstants.TeTrailers);
        headers.TryAddWithoutValidation(GrpcProtocolConstants.MessageAcceptEncodingHeader, GrpcProtocolConstants.SupportedEncodings);
        if (_channel.RequestCompression is { } encoding)
        {
            headers.TryAddWithoutValidation(GrpcProtocolConstants.MessageEncodingHeader, encoding);
        }

        if (_timeout is { } timeout)
        {
            headers.TryAddWithoutValidation(GrpcProtocolConstants.TimeoutHeader, GrpcTimeout.Format(timeout));
        }

        var hasUserAgent = false;
        if (_options.Headers is { } metadata)
        {
            // Indexed: Metadata's enumerator is an interface, and boxing it per call is avoidable.
            for (var i = 0; i < metadata.Count; i++)
            {
                var entry = metadata[i];

                // The protocol's own headers are ours to set; metadata cannot forge them.
                if (!GrpcProtocolConstants.IsReservedHeader(entry.Key))
                {
                    hasUserAgent |= entry.Key == GrpcProtocolConstants.UserAgentHeader;
                    headers.TryAddWithoutValidation(entry.Key, MetadataHeaders.EncodeValue(entry));
                }
            }
        }

        if (!hasUserAgent)
        {
            headers.TryAddWithoutValidation(GrpcProtocolConstants.UserAgentHeader, GrpcChannel.UserAgent);
        }

        return request;
    }

    private static Metadata ToMetadata(HttpHeaders? headers)
    {
        var metadata = new Metadata();
        if (headers is not null)
        {
            foreach (var header in headers.NonValidated)
            {
                MetadataHeaders.AddHeader(metadata, header.Key, header.Value);
            }
        }

        return metadata;
    }
}
