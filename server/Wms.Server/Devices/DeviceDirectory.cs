using Microsoft.EntityFrameworkCore;
using Wms.Server.Data;
using Wms.Server.Layout;
using Wms.Server.Security;

namespace Wms.Server.Devices;

/// <summary>Who a device is, as the broker needs it on every connection: no database round trip.</summary>
public sealed record DeviceIdentity(long Id, string Code, string WarehouseCode, DeviceKind Kind, string SecretHash, bool Enabled);

/// <summary>
/// The registered devices by code, held as an immutable snapshot swapped whole; this process updates it
/// right after it commits a registration, a rotation or a disable, and every server reads the table again when
/// any server commits such a change (the <see cref="Channel"/> signal, <see cref="DeviceDirectoryFollower"/>).
/// Only secret hashes are held.
/// </summary>
public sealed class DeviceDirectory(IDbContextFactory<WmsDbContext> contexts, TimeProvider time)
{
    // How long a code the database did not know stays unknown here before it is looked up again.
    private static readonly TimeSpan MissKept = TimeSpan.FromSeconds(5);

    /// <summary>The commit signal of a device change (registered, enabled or disabled, credentials rotated).</summary>
    public const string Channel = "devices";

    private readonly Lock _gate = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> _misses = new(StringComparer.Ordinal);
    private volatile Dictionary<string, DeviceIdentity> _devices = new(StringComparer.Ordinal);

    /// <summary>Raised with the device code when its credentials stop being valid (disabled or rotated): connections made with them must close.</summary>
    public event Action<string>? CredentialsRevoked;

    /// <summary>Raised with the device code after any change to it.</summary>
    public event Action<string>? Changed;

    public DeviceIdentity? Find(string code) => _devices.GetValueOrDefault(code);

    /// <summary>
    /// The device, looked up in the database when this process does not know it: with several servers on one
    /// database, a device registered through another server sends its first readings to any of them. A code
    /// the database does not know either is not looked up again for a few seconds, so a stream of messages
    /// from an unknown device costs one query per interval, not one per message.
    /// </summary>
    public async ValueTask<DeviceIdentity?> FindOrLoadAsync(string code, CancellationToken cancellationToken)
    {
        if (Find(code) is { } known)
        {
            return known;
        }

        var now = time.GetUtcNow();
        if (_misses.TryGetValue(code, out var until) && until > now)
        {
            return null;
        }

        await LoadOneAsync(code, cancellationToken);
        if (Find(code) is { } loaded)
        {
            _misses.TryRemove(code, out _);
            return loaded;
        }

        if (_misses.Count > 10_000)
        {
            _misses.Clear();
        }

        _misses[code] = now + MissKept;
        return null;
    }

    /// <summary>The device if the secret is its current one and it is enabled.</summary>
    public DeviceIdentity? Authenticate(string code, string secret) =>
        Find(code) is { Enabled: true } device && CryptographicEquals(device.SecretHash, TokenAuthenticator.Hash(secret)) ? device : null;

    /// <summary>
    /// Reads every device again and tells of each that changed, as a change made here would: another server
    /// registered, disabled or rotated it. A change this process committed meanwhile may be read a moment older
    /// here; its own signal brings the next read.
    /// </summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await Identities(db, db.Set<Device>()).ToListAsync(cancellationToken);
        Dictionary<string, DeviceIdentity> before;
        lock (_gate)
        {
            before = _devices;
            _devices = rows.ToDictionary(d => d.Code, StringComparer.Ordinal);
        }

        foreach (var device in rows)
        {
            Told(before.GetValueOrDefault(device.Code), device);
        }
    }

    /// <summary>Reads one device again after this process has committed a change to it.</summary>
    public async Task LoadOneAsync(string code, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await Identities(db, db.Set<Device>().Where(d => d.Code == code)).FirstOrDefaultAsync(cancellationToken);
        if (row is not null)
        {
            Apply(row);
        }
    }

    private void Apply(DeviceIdentity device)
    {
        DeviceIdentity? before;
        lock (_gate)
        {
            before = _devices.GetValueOrDefault(device.Code);
            _devices = new Dictionary<string, DeviceIdentity>(_devices, StringComparer.Ordinal) { [device.Code] = device };
        }

        Told(before, device);
    }

    private void Told(DeviceIdentity? before, DeviceIdentity device)
    {
        if (before == device)
        {
            return;
        }

        Changed?.Invoke(device.Code);
        if (before is not null && (!device.Enabled || before.SecretHash != device.SecretHash))
        {
            CredentialsRevoked?.Invoke(device.Code);
        }
    }

    private static IQueryable<DeviceIdentity> Identities(WmsDbContext db, IQueryable<Device> devices) =>
        from d in devices.AsNoTracking()
        join w in db.Set<Warehouse>() on d.WarehouseId equals w.Id
        select new DeviceIdentity(d.Id, d.Code, w.Code, d.Kind, d.SecretHash, d.Enabled);

    private static bool CryptographicEquals(string a, string b) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(a), System.Text.Encoding.ASCII.GetBytes(b));
}
