using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;

namespace Wms.Server.Security;

/// <summary>
/// The first step of two-factor enrolment: with the right name and password, a new TOTP secret (pending
/// until a code of it confirms it) as text, as an otpauth:// URI and as a QR code to scan. Refused once
/// enrolled: a second factor is replaced only through an admin's ResetUser, never with the password alone.
/// </summary>
public static class StartTotpEnrolment
{
    public sealed record Command(string Name, string Password, string From);

    public sealed record Result(string Secret, string OtpAuthUri, string QrCodeSvg);

    public sealed class Handler(AccountGate gate, TotpSecrets secrets, WriteBatcher writes)
    {
        public async Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var name = Credentials.Name(command.Name);
            var password = Credentials.Password(command.Password, "password", forNew: false);
            var user = (await gate.CheckPasswordAsync(name, password, command.From, cancellationToken)).User;
            ThrowIfEnrolled(user);

            var secret = Credentials.NewTotpSecret();
            var stored = secrets.Protect(secret);
            await writes.ExecuteAsync(new CommandInfo(nameof(StartTotpEnrolment), name, "", $"from {AccountGate.From(command.From)}"), async (db, ct) =>
            {
                var row = await db.Set<UserAccount>().SingleAsync(u => u.Id == user.Id, ct);
                ThrowIfEnrolled(row);
                row.TotpPendingSecret = stored;
                return true;
            }, cancellationToken);

            var uri = Credentials.OtpAuthUri(gate.Issuer, name, secret);
            return new Result(secret, uri, Credentials.QrCodeSvg(uri));
        }
    }

    internal static void ThrowIfEnrolled(UserAccount user)
    {
        if (user.TotpEnrolled)
        {
            throw DomainException.Precondition($"User '{user.Name}' has enrolled two-factor authentication already; an admin can reset it (ResetUser with reset_totp).");
        }
    }
}
