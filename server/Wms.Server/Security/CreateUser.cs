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

    public sealed class Handler(WriteBatcher writes, TimeProvider time)
    {
        public async Task<UserInfo> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            var name = Credentials.Name(command.Name);
            var password = Credentials.Password(command.Password, "password", forNew: true);
            var roles = PersonRoles(command.Roles);
            var hash = Credentials.HashPassword(password);
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

    /// <summary>A person's roles: at least one, and never 'device', which is for machines' tokens.</summary>
    internal static HashSet<Role> PersonRoles(IReadOnlyList<string> names)
    {
        if (names.Count == 0)
        {
            throw DomainException.Invalid("roles", "at least one of admin, supervisor, picker, dispatcher is required.");
        }

        var roles = new HashSet<Role>();
        for (var i = 0; i < names.Count; i++)
        {
            if (!RoleNames.TryParse(names[i], out var role) || role == Role.Device)
            {
                throw DomainException.Invalid($"roles[{i}]", $"'{names[i]}' is not one of admin, supervisor, picker, dispatcher.");
            }

            roles.Add(role);
        }

        return roles;
    }

    internal static UserInfo ToInfo(UserAccount row) =>
        new(row.Name, RoleNames.Parse(row.Roles).Order().Select(RoleNames.Name).ToList(), row.TotpEnrolled, row.LockedUntil, row.FailedAttempts, row.CreatedAt, row.CreatedBy, row.RecoveryCodesLeft);
}
