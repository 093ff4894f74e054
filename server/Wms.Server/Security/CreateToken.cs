using Wms.Server.Common;
using Wms.Server.Data;

namespace Wms.Server.Security;

/// <summary>
/// A new bearer token for a user or device. The token is answered once: the table and the request log
/// keep only its hash and its record, so a retry answers the record without the token.
/// </summary>
public static class CreateToken
{
    public sealed record Command(string RequestId, string Actor, string Name, IReadOnlyList<string> Roles);

    public sealed record TokenInfo(long TokenId, string Name, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RevokedAt);

    /// <summary><see cref="Token"/> is empty when the answer is a retry's.</summary>
    public sealed record Result(TokenInfo Info, string Token);

    public sealed class Handler(WriteBatcher writes, TokenAuthenticator authenticator, TimeProvider time)
    {
        public async Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            var name = Require.NotEmpty(command.Name, "name", Limits.Actor);

            var roles = RoleNames.ParseRequested(command.Roles, Enum.GetValues<Role>());
            var token = TokenAuthenticator.NewToken();
            var hash = TokenAuthenticator.Hash(token);
            var ran = false;
            var info = await writes.ExecuteAsync(new CommandInfo(nameof(CreateToken), command.Actor, requestId, $"token '{name}' ({RoleNames.Format(roles)})"), async (db, ct) =>
            {
                ran = true;
                var row = new ApiToken { Name = name, TokenHash = hash, Roles = RoleNames.Format(roles), CreatedAt = time.GetUtcNow(), CreatedBy = command.Actor };
                db.Add(row);
                await db.SaveChangesAsync(ct);
                return ToInfo(row);
            }, cancellationToken);

            if (!ran)
            {
                return new Result(info, "");
            }

            authenticator.Added(info.TokenId, hash, new Caller(name, roles));
            return new Result(info, token);
        }
    }

    internal static TokenInfo ToInfo(ApiToken row) =>
        new(row.Id, row.Name, RoleNames.Parse(row.Roles).Order().Select(RoleNames.Name).ToList(), row.CreatedAt, row.CreatedBy, row.RevokedAt);
}
