using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Wms.Server.Data;

/// <summary>
/// One context for the whole server. Features own their entities and configurations
/// (<c>IEntityTypeConfiguration</c> in their folders) and reach them with <c>Set&lt;T&gt;()</c>.
/// </summary>
public sealed class WmsDbContext(DbContextOptions<WmsDbContext> options) : DbContext(options)
{
    /// <summary>
    /// The writer's SQL session when this context runs inside the WriteBatcher (same connection and transaction),
    /// so an EF command can share one prepared-SQL definition with the hot path (a pick task's load, trip progress).
    /// </summary>
    public SqlSession? Writer { get; internal set; }

    /// <summary>The writer's SQL session; only commands run by the WriteBatcher have one.</summary>
    public SqlSession WriterSession => Writer ?? throw new InvalidOperationException("This needs a context made by the WriteBatcher (a write command).");

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(WmsDbContext).Assembly);
        UseSnakeCase(modelBuilder);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no native date/time types; storing ticks keeps ordering and comparison in SQL correct.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToTicks>();
        configurationBuilder.Properties<DateOnly>().HaveConversion<DateOnlyToDayNumber>();
    }

    /// <summary>Plain SQL (scripts, bulk paths, psql) reads better with snake_case names.</summary>
    private static void UseSnakeCase(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(ToSnakeCase(property.Name));
            }

            foreach (var key in entity.GetKeys())
            {
                key.SetName("pk_" + entity.GetTableName() + (key.IsPrimaryKey() ? "" : "_" + string.Join("_", key.Properties.Select(p => ToSnakeCase(p.Name)))));
            }

            foreach (var foreignKey in entity.GetForeignKeys())
            {
                foreignKey.SetConstraintName("fk_" + entity.GetTableName() + "_" + string.Join("_", foreignKey.Properties.Select(p => ToSnakeCase(p.Name))));
            }

            foreach (var index in entity.GetIndexes())
            {
                index.SetDatabaseName("ix_" + entity.GetTableName() + "_" + string.Join("_", index.Properties.Select(p => ToSnakeCase(p.Name))));
            }
        }
    }

    internal static string ToSnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                {
                    sb.Append('_');
                }

                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private sealed class DateTimeOffsetToTicks() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));

    private sealed class DateOnlyToDayNumber() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateOnly, int>(
        v => v.DayNumber, v => DateOnly.FromDayNumber(v));
}
