namespace Wms.Grpc.Internal;

/// <summary>Maps metadata to HTTP/2 header fields and back; binary values travel as base64.</summary>
internal static class MetadataHeaders
{
    /// <summary>Binary values go out unpadded, as the protocol prefers; both forms are accepted coming in.</summary>
    public static string EncodeValue(Metadata.Entry entry) =>
        entry.IsBinary ? Convert.ToBase64String(entry.ValueBytes).TrimEnd('=') : entry.Value;

    /// <summary>Adds one header field's values; HTTP stacks may have joined repeated fields with commas.</summary>
    public static void AddHeader(Metadata metadata, string key, IEnumerable<string> values)
    {
        if (GrpcProtocolConstants.IsReservedHeader(key))
        {
            return;
        }

        var binary = Metadata.IsBinaryKey(key);
        foreach (var value in values)
        {
            if (!binary)
            {
                // A value Metadata would refuse (not printable ASCII) is dropped rather than failing the call.
                if (IsPrintableAscii(value))
                {
                    metadata.Add(new Metadata.Entry(key, value));
                }

                continue;
            }

            foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                metadata.Add(new Metadata.Entry(key, DecodeBase64(part)));
            }
        }
    }

    private static bool IsPrintableAscii(string value)
    {
        foreach (var c in value)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The protocol lets senders omit base64 padding; accept both forms.</summary>
    public static byte[] DecodeBase64(string value)
    {
        var padding = (4 - (value.Length % 4)) % 4;
        if (padding is 1 or 2)
        {
            value += new string('=', padding);
        }

        try
        {
            return Convert.FromBase64String(value);
        }
        catch (FormatException)
        {
            throw new RpcException(StatusCode.Internal, "A '-bin' metadata value is not valid base64.");
        }
    }
}
