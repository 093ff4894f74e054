using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;

namespace Wms.Server.Security;

/// <summary>
/// An admin helps a person back in: a new password, a cleared lockout, or a cleared two-factor enrolment
/// (a lost phone: the person enrols again at the next sign-in). A new password or a cleared enrolment also
/// ends the person's open sessions.
/// </summary>
public static class ResetUser
{
    public sealed record Command(string RequestId, string Actor, string Name, string NewPassword, bool ResetTotp, bool Unlock);

    public sealed class Handler(WriteBatcher writes, TokenAuthenticator authenticator, Passwords passwords, TimeProvider time)
    {
        public async Task<CreateUser.UserInfo> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            var name = Credentials.Name(command.Name);
            var hash = string.IsNullOrEmpty(command.NewPassword) ? null : passwords.Hash(Credentials.Password(command.NewPassword, "new_password", forNew: true));
            if (hash is null && !command.ResetTotp && !command.Unlock)
            {
                throw DomainException.Invalid("new_password/reset_totp/unlock", "give at least one of them.");
            }

            var what = string.Join(", ", new[] { hash is null ? null : "new password", command.ResetTotp ? "two-factor reset" : null, command.Unlock ? "unlocked" : null }.OfType<string>());
            var (info, ended) = await writes.ExecuteAsync(new CommandInfo(nameof(ResetUser), command.Actor, requestId, $"user '{name}': {what}"), async (db, ct) =>
            {
                var row = await db.Set<UserAccount>().SingleOrDefaultAsync(u => u.Name == name, ct) ?? throw DomainException.NotFound("User", name);
                var ended = new List<long>();
                if (hash is not null || command.ResetTotp)
                {
                    var now = time.GetUtcNow();
                    var sessions = await db.Set<ApiToken>().Where(t => t.Name == name && t.ExpiresAt != null && t.RevokedAt == null).ToListAsync(ct);
                    foreach (var session in sessions)
                    {
                        session.RevokedAt = now;
                        ended.Add(session.Id);
                    }
                }

                if (hash is not null)
                {
                    row.PasswordHash = hash;
                }

                if (command.ResetTotp)
                {
                    row.TotpSecret = "";
                    row.TotpPendingSecret = "";
                    row.RecoveryCodeHashes = "";
                }

                if (command.Unlock)
                {
                    row.Succeeded();
                }

                await db.SaveChangesAsync(ct);
                return (CreateUser.ToInfo(row), ended);
            }, cancellationToken);
            authenticator.Revoked(ended);
            return info;
        }
    }
}
