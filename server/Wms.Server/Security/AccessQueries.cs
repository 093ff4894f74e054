using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;

namespace Wms.Server.Security;

/// <summary>Read-only views of the token table (never its hashes) and of the audit trail.</summary>
public sealed class AccessQueries(IDbContextFactory<WmsDbContext> contexts)
{
    public sealed record AuditFilter(string? Actor, string? Command, DateTimeOffset? Since, int PageSize, string? PageToken);

    public async Task<(List<CreateToken.TokenInfo> Tokens, string NextPageToken)> ListTokensAsync(bool includeRevoked, int pageSize, string? pageToken, CancellationToken cancellationToken)
    {
        var size = Paging.PageSize(pageSize);
        var after = Paging.AfterId(pageToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Set<ApiToken>().AsNoTracking().Where(t => t.Id > after);
        if (!includeRevoked)
        {
            query = query.Where(t => t.RevokedAt == null);
        }

        var rows = await query.OrderBy(t => t.Id).Take(size + 1).ToListAsync(cancellationToken);
        var (page, next) = Paging.Cut(rows, size, t => t.Id);
        return (page.Select(CreateToken.ToInfo).ToList(), next);
    }

    /// <summary>Newest first: the page token is the id of the oldest entry of the previous page.</summary>
    public async Task<(List<AuditEntry> Entries, string NextPageToken)> ListAuditAsync(AuditFilter filter, CancellationToken cancellationToken)
    {
        var size = Paging.PageSize(filter.PageSize);
        var before = Paging.AfterId(filter.PageToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Set<AuditEntry>().AsNoTracking();
        if (before > 0)
        {
            query = query.Where(a => a.Id < before);
        }

        if (!string.IsNullOrEmpty(filter.Actor))
        {
            query = query.Where(a => a.Actor == filter.Actor);
        }

        if (!string.IsNullOrEmpty(filter.Command))
        {
            query = query.Where(a => a.Command == filter.Command);
        }

        if (filter.Since is { } since)
        {
            query = query.Where(a => a.At >= since);
        }

        var rows = await query.OrderByDescending(a => a.Id).Take(size + 1).ToListAsync(cancellationToken);
        return Paging.Cut(rows, size, a => a.Id);
    }
}
