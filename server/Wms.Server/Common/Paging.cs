using System.Globalization;
using System.Text;

namespace Wms.Server.Common;

/// <summary>
/// Keyset paging: a page token is the last id of the previous page, wrapped so clients treat it as
/// opaque. Unlike offsets, a page stays correct while rows are added.
/// </summary>
public static class Paging
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    public static int PageSize(int requested) => requested switch
    {
        < 0 => throw DomainException.Invalid("page_size", $"must not be negative, got {requested}."),
        0 => DefaultPageSize,
        _ => Math.Min(requested, MaxPageSize),
    };

    public static long AfterId(string? pageToken)
    {
        if (string.IsNullOrEmpty(pageToken))
        {
            return 0;
        }

        try
        {
            var text = Encoding.ASCII.GetString(Convert.FromBase64String(pageToken));
            if (text.StartsWith("id:", StringComparison.Ordinal) && long.TryParse(text.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return id;
            }
        }
        catch (FormatException)
        {
        }

        throw DomainException.Invalid("page_token", "is not a token this server issued.");
    }

    public static string Token(long lastId) => Convert.ToBase64String(Encoding.ASCII.GetBytes("id:" + lastId.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Reads one row more than the page to know whether another page follows.</summary>
    public static (List<T> Page, string NextToken) Cut<T>(List<T> rowsPlusOne, int pageSize, Func<T, long> id)
    {
        if (rowsPlusOne.Count <= pageSize)
        {
            return (rowsPlusOne, "");
        }

        rowsPlusOne.RemoveAt(rowsPlusOne.Count - 1);
        return (rowsPlusOne, Token(id(rowsPlusOne[^1])));
    }
}
