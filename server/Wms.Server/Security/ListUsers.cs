using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;

namespace Wms.Server.Security;

/// <summary>People's accounts by id, paged; never a hash or a secret.</summary>
public sealed class ListUsers(IDbContextFactory<WmsDbContext> contexts)
{
    public async Task<(List<CreateUser.UserInfo> Users, string NextPageToken)> HandleAsync(int pageSize, string? pageToken, CancellationToken cancellationToken)
    {
        var size = Paging.PageSize(pageSize);
        var after = Paging.AfterId(pageToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Set<UserAccount>().AsNoTracking().Where(u => u.Id > after).OrderBy(u => u.Id).Take(size + 1).ToListAsync(cancellationToken);
        var (page, next) = Paging.Cut(rows, size, u => u.Id);
        return (page.Select(CreateUser.ToInfo).ToList(), next);
    }
}
