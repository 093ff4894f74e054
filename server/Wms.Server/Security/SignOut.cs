using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;

namespace Wms.Server.Security;

/// <summary>Ends the caller's own session: its token is refused from the next call.</summary>
public static class SignOut
{
    public sealed record Command(string Actor, string Token);

    public sealed class Handler(WriteBatcher writes, TokenAuthenticator authenticator, TimeProvider time)
    {
        public async Task HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var hash = TokenAuthenticator.Hash(command.Token);
            var ended = await writes.ExecuteAsync(new CommandInfo(nameof(SignOut), command.Actor, ""), async (db, ct) =>
            {
                var session = await db.Set<ApiToken>().SingleOrDefaultAsync(t => t.TokenHash == hash && t.RevokedAt == null, ct);
                if (session is null || session.ExpiresAt is null)
                {
                    throw DomainException.Precondition("This call's token is not a session from SignIn; API tokens are revoked with AccessService.RevokeToken.");
                }

                session.RevokedAt = time.GetUtcNow();
                return session.Id;
            }, cancellationToken);
            authenticator.Revoked([ended]);
        }
    }
}
