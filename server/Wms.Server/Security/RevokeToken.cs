using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;

namespace Wms.Server.Security;

/// <summary>
/// Revokes one token by id, or every active token of a name (a lost handheld, a person who left).
/// This server refuses the token from the next call on; other servers after their next refresh.
/// </summary>
public static class RevokeToken
{
    public sealed record Command(string RequestId, string Actor, long TokenId, string? Name);

    public sealed record Result(IReadOnlyList<long> RevokedTokenIds);

    public sealed class Handler(WriteBatcher writes, TokenAuthenticator authenticator, TimeProvider time)
    {
        public async Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            var name = Require.Optional(command.Name, "name", Limits.Actor);
            if (command.TokenId < 0)
            {
                throw DomainException.Invalid("token_id", $"must not be negative, got {command.TokenId}.");
            }

            if ((command.TokenId == 0) == (name.Length == 0))
            {
                throw DomainException.Invalid("token_id/name", "give exactly one of them.");
            }

            var what = command.TokenId != 0 ? "token " + command.TokenId.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"tokens of '{name}'";
            var result = await writes.ExecuteAsync(new CommandInfo(nameof(RevokeToken), command.Actor, requestId, what), async (db, ct) =>
            {
                List<ApiToken> tokens;
                if (command.TokenId != 0)
                {
                    var token = await db.Set<ApiToken>().FirstOrDefaultAsync(t => t.Id == command.TokenId, ct)
                        ?? throw DomainException.NotFound("Token", command.TokenId.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    if (token.RevokedAt is not null)
                    {
                        throw DomainException.Precondition($"Token {token.Id} ('{token.Name}') is already revoked.");
                    }

                    tokens = [token];
                }
                else
                {
                    tokens = await db.Set<ApiToken>().Where(t => t.Name == name && t.RevokedAt == null).ToListAsync(ct);
                    if (tokens.Count == 0)
                    {
                        throw DomainException.NotFound("Active token named", name);
                    }
                }

                var now = time.GetUtcNow();
                foreach (var token in tokens)
                {
                    token.RevokedAt = now;
                }

                await db.SaveChangesAsync(ct);
                return new Result(tokens.Select(t => t.Id).Order().ToList());
            }, cancellationToken);

            // Also on a retry: removing what is already gone is harmless, and it heals a cache that missed it.
            authenticator.Revoked(result.RevokedTokenIds);
            return result;
        }
    }
}
