using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Wms.Server.Common;

namespace Wms.Server.Security;

/// <summary>A bearer token of a user or device, kept only as its SHA-256 hash.</summary>
public sealed class ApiToken
{
    public long Id { get; set; }

    /// <summary>The user or device name, as it appears in the ledger and audit.</summary>
    public required string Name { get; set; }

    public required string TokenHash { get; set; }

    /// <summary>Comma-separated roles: admin, supervisor, picker, dispatcher, device.</summary>
    public required string Roles { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>Set for a person's session (<see cref="SignIn"/>): refused after it; unset tokens do not expire.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> b)
    {
        b.ToTable("api_tokens");
        b.HasIndex(t => t.TokenHash).IsUnique();
        b.HasIndex(t => t.Name);
        b.Property(t => t.Name).HasMaxLength(Limits.Actor);
        b.Property(t => t.TokenHash).HasMaxLength(64);
        b.Property(t => t.Roles).HasMaxLength(200);
        b.Property(t => t.CreatedBy).HasMaxLength(Limits.Actor);
    }
}
