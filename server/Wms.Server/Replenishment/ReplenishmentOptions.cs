namespace Wms.Server.Replenishment;

/// <summary>Settings under <c>Wms:Replenishment</c>.</summary>
public sealed class ReplenishmentOptions
{
    /// <summary>
    /// How long a claimed task stays the operator's without progress (a claim, a partial move). After that another
    /// operator may take it over: a device left in a drawer does not keep a face empty. Lapsing is read at each
    /// claim, confirmation and listing, so no job is needed.
    /// </summary>
    public int ClaimMinutes { get; set; } = 30;

    public TimeSpan ClaimTimeout => TimeSpan.FromMinutes(ClaimMinutes);
}
