using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;

namespace Wms.Server.Security;

/// <summary>
/// The second step: a current code of the pending secret proves the authenticator app has it. The secret
/// becomes the user's, ten recovery codes are answered once (their hashes kept), and a session is opened.
/// </summary>
public static class ConfirmTotpEnrolment
{
    public sealed record Command(string Name, string Password, string Code, string From);

    public sealed record Result(IReadOnlyList<string> RecoveryCodes, AccountGate.SessionInfo Session);

    public sealed class Handler(AccountGate gate, TotpSecrets secrets, WriteBatcher writes)
    {
        public async Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var name = Credentials.Name(command.Name);
            var password = Credentials.Password(command.Password, "password", forNew: false);
            var code = Credentials.Code(command.Code);
            var check = await gate.CheckPasswordAsync(name, password, command.From, cancellationToken);
            var user = check.User;
            StartTotpEnrolment.ThrowIfEnrolled(user);
            if (user.TotpPendingSecret.Length == 0)
            {
                throw DomainException.Precondition($"User '{name}' has no enrolment under way: StartTotpEnrolment first.");
            }

            var pending = user.TotpPendingSecret;
            if (Credentials.MatchTotp(secrets.Reveal(pending, name), code, gate.Now) is not { } step)
            {
                throw await gate.FailAsync(user, "wrong enrolment code", command.From, cancellationToken);
            }

            var codes = Credentials.NewRecoveryCodes();
            var (session, token, left) = await writes.ExecuteAsync(new CommandInfo(nameof(ConfirmTotpEnrolment), name, "", $"from {AccountGate.From(command.From)}"), async (db, ct) =>
            {
                var row = await db.Set<UserAccount>().SingleAsync(u => u.Id == user.Id, ct);
                StartTotpEnrolment.ThrowIfEnrolled(row);
                if (row.TotpPendingSecret != pending)
                {
                    throw DomainException.Precondition($"User '{name}' started another enrolment meanwhile: scan its QR code and confirm with a code of it.");
                }

                row.TotpSecret = pending;
                row.TotpPendingSecret = "";
                row.TotpLastStep = step;
                row.RecoveryCodeHashes = string.Join(",", codes.Select(Credentials.HashRecoveryCode));
                var (session, token) = gate.OpenSession(db, row, check);
                await db.SaveChangesAsync(ct);
                return (session, token, row.RecoveryCodesLeft);
            }, cancellationToken);
            return new Result(codes, gate.Opened(session, token, left));
        }
    }
}
