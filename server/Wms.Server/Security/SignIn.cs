using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;

namespace Wms.Server.Security;

/// <summary>
/// A person signs in with name, password and a TOTP code (or a recovery code, used up by it) and gets a
/// session: a bearer token that expires. No request id: every sign-in is a new session by nature, and the
/// session's token must not be kept in the request log for a replay to answer.
/// </summary>
public static class SignIn
{
    public sealed record Command(string Name, string Password, string Code, string From);

    public sealed class Handler(AccountGate gate, TotpSecrets secrets, Data.WriteBatcher writes)
    {
        public async Task<AccountGate.SessionInfo> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var name = Credentials.Name(command.Name);
            var password = Credentials.Password(command.Password, "password", forNew: false);
            var code = Credentials.Code(command.Code);
            var check = await gate.CheckPasswordAsync(name, password, command.From, cancellationToken);
            var user = check.User;
            if (!user.TotpEnrolled)
            {
                throw DomainException.Precondition($"User '{name}' has not enrolled two-factor authentication yet: StartTotpEnrolment, then ConfirmTotpEnrolment.");
            }

            var step = Credentials.MatchTotp(secrets.Reveal(user.TotpSecret, name), code, gate.Now);
            var recoveryHash = step is null ? Credentials.HashRecoveryCode(code) : null;
            if (step is not null ? step <= user.TotpLastStep : !user.RecoveryCodeHashes.Split(',').Contains(recoveryHash))
            {
                throw await gate.FailAsync(user, step is not null ? "TOTP code used before" : "wrong code", command.From, cancellationToken);
            }

            var how = step is not null ? "TOTP" : "a recovery code";
            var (session, token, left) = await writes.ExecuteAsync(new Data.CommandInfo(nameof(SignIn), name, "", $"with {how}, from {AccountGate.From(command.From)}{(check.NewHash is null ? "" : ", password rehashed")}"), async (db, ct) =>
            {
                // Re-checked on the row itself: a concurrent sign-in may have used the same code or recovery code.
                var row = await db.Set<UserAccount>().SingleAsync(u => u.Id == user.Id, ct);
                gate.ThrowIfLocked(row);
                if (step is not null ? step <= row.TotpLastStep : !row.UseRecoveryCode(recoveryHash!))
                {
                    throw new DomainException(ErrorKind.Unauthenticated, AccountGate.WrongCredentials);
                }

                row.TotpLastStep = Math.Max(row.TotpLastStep, step ?? 0);
                var (session, token) = gate.OpenSession(db, row, check);
                await db.SaveChangesAsync(ct);
                return (session, token, row.RecoveryCodesLeft);
            }, cancellationToken);
            return gate.Opened(session, token, left);
        }
    }
}
