namespace Wms.Server.Transport.Grpc;

/// <summary>
/// Error messages name what was wrong, often by echoing the value sent. A value can be as long as the
/// request allows (megabytes), and a status message travels in an HTTP/2 header, where clients refuse
/// long ones (grpcio reports RESOURCE_EXHAUSTED instead of the real status). So every message is capped.
/// </summary>
internal static class ErrorMessages
{
    public const int MaxLength = 512;

    public static string Cap(string message) =>
        message.Length <= MaxLength ? message : string.Concat(message.AsSpan(0, MaxLength - 20), "… (message cut)");
}
