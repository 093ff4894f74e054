using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;

namespace Wms.Server.Security;

/// <summary>
/// An admin creates a person's account: name, password (hashed with PBKDF2 before it reaches the writer),
/// roles. Two-factor is enrolled by the person at the first sign-in. The request log keeps the answer, which
/// holds no secret, so a retry answers the same account.
/// </summary>
public static class CreateUser
{
    public sealed record Command(string RequestId, string Actor, string Name, string Password, IReadOnlyList<string> Roles);

    public sealed record UserInfo(string Name, IReadOnlyList<string> Roles, bool TotpEnrolled, DateTimeOffset? LockedUntil, int FailedAttempts, DateTimeOffset CreatedAt, string CreatedBy, int RecoveryCodesLeft);

    /// <summary>A person's roles: 'device' is for machines' tokens.</summary>
    private static readonly Role[] PersonRoles = [Role.Admin, Role.Supervisor, Role.Picker, Role.Dispatcher];

    public sealed class Handler(WriteBatcher writes, Passwords passwords, TimeProvider time)
    {
        public async Task<UserInfo> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            var name = Credentials.Name(command.Name);
            var password = Credentials.Password(command.Password, "password", forNew: true);
            var roles = RoleNames.ParseRequested(command.Roles, PersonRoles);
            var hash = passwords.Hash(password);
            return await writes.ExecuteAsync(new CommandInfo(nameof(CreateUser), command.Actor, requestId, $"user '{name}' ({RoleNames.Format(roles)})"), async (db, ct) =>
            {
                if (await db.Set<UserAccount>().AnyAsync(u => u.Name == name, ct))
                {
                    throw DomainException.Exists("User", name);
                }

                var row = new UserAccount { Name = name, PasswordHash = hash, Roles = RoleNames.Format(roles), CreatedAt = time.GetUtcNow(), CreatedBy = command.Actor };
                db.Add(row);
                await db.SaveChangesAsync(ct);
                return ToInfo(row);
            }, cancellationToken);
        }
    }

    internal static UserInfo ToInfo(UserAccount row) =>
        new(row.Name, RoleNames.Parse(row.Roles).Order().Select(RoleNames.Name).ToList(), row.TotpEnrolled, row.LockedUntil, row.FailedAttempts, row.CreatedAt, row.CreatedBy, row.RecoveryCodesLeft);
}
