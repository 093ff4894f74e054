using Grpc.Core;

namespace Wms.Simulator.Day;

/// <summary>
/// What the simulator saw during the day, in simulated time: the raw material of the report. Written by
/// the event loop only (one event at a time); the live display reads the counters from another thread,
/// which may be a moment stale and nothing worse.
/// </summary>
public sealed class DayMetrics
{
    public required string Label { get; init; }

    public required SimOptions Options { get; init; }

    public DateTimeOffset Start { get; set; }

    public DateTimeOffset End { get; set; }

    public DateTimeOffset Now { get; set; }

    /// <summary>Per order reference: when it came in, when it was packed (ready to ship), when it left.</summary>
    public Dictionary<string, OrderTimes> Orders { get; } = new(StringComparer.Ordinal);

    public int OrdersCreated;
    public int OrdersCancelled;
    public int OrdersPacked;
    public int OrdersShipped;
    public int OrdersAfterCutOff;
    public int Rushes;
    public int Waves;
    public int LinesPicked;
    public long UnitsPicked;
    public int ShortPicks;
    public int WrongScans;
    public int TripsStarted;
    public int ReplenishmentsConfirmed;
    public int FacesWithoutReserve;
    public int BackorderedLines;
    public int DeviceReadings;
    public int DockScans;

    /// <summary>Devices that found their MQTT connection dropped by the broker and connected again (the message then sent again).</summary>
    public int DeviceReconnects;
    public int Alerts;
    public int PickersBusy;

    /// <summary>Replenishment tasks seen open, by the office after a scan or by the replenisher on the handheld's list.</summary>
    public HashSet<long> ReplenishmentTaskIds { get; } = [];

    public int ReplenishmentTasksCreated => ReplenishmentTaskIds.Count;
    public int SlottingMoves;

    /// <summary>What the slotting advice said (the what-if), in words.</summary>
    public string SlottingAdvice = "not asked";

    public int SlottingUnitsMoved;

    /// <summary>When the slotting moves were carried out (after the waves were held for the faces to clear); null: not applied.</summary>
    public DateTimeOffset? SlottingAppliedAt { get; set; }

    /// <summary>How long the supervisor held the waves so that no pick face had stock reserved (reserved stock cannot move).</summary>
    public TimeSpan SlottingHold { get; set; }

    /// <summary>The moves carried out, in the order the advice gave them.</summary>
    public List<SlottingMoveDone> SlottingMovesDone { get; } = [];

    /// <summary>The advice's own model: walking per day from the depot to the faces and back, now and after its moves (metres).</summary>
    public (double Current, double Advised) SlottingWalkPerDay { get; set; }

    /// <summary>Every walk a picker made (to a bin, back to the depot), by when it started: walking per line before and after a time.</summary>
    public List<(DateTimeOffset At, double Metres)> Walks { get; } = [];

    /// <summary>Every line picked, by when, with its bin's walking distance from the depot (what slotting shortens, whatever the trips).</summary>
    public List<(DateTimeOffset At, double DepotMetres)> LinesPickedAt { get; } = [];

    /// <summary>Cycle counts worked by the counter on the handheld.</summary>
    public CountStats Counts { get; } = new();

    /// <summary>Load mode: a snapshot at each simulated hour of the shift (real time and the counters so far), for per-hour throughput and latency.</summary>
    public List<HourMark> HourMarks { get; } = [];

    /// <summary>Routes, vans driven and hand-overs (the carrier).</summary>
    public DeliveryStats Delivery { get; } = new();

    /// <summary>Supplier deliveries and what the receiver did with them.</summary>
    public InboundStats Inbound { get; } = new();

    /// <summary>Units on hand in the warehouse by SKU at the start and at the end of the day (for stock turnover).</summary>
    public Dictionary<string, long> OnHandStart { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, long> OnHandEnd { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Units picked by SKU (confirmed on the handhelds).</summary>
    public Dictionary<string, long> UnitsPickedBySku { get; } = new(StringComparer.Ordinal);

    /// <summary>Refusals the server answered for business reasons (cancel too late, nothing to pack): expected, counted.</summary>
    public Dictionary<string, int> Refusals { get; } = new(StringComparer.Ordinal);

    /// <summary>Failures that are not business refusals: the run is not clean when there is any.</summary>
    public List<string> Errors { get; } = [];

    public List<PickerStats> Pickers { get; } = [];

    /// <summary>Simulated hour index (0 = first hour of the day) → count, for the hourly charts.</summary>
    public SortedDictionary<int, int> StockOutsByHour { get; } = [];

    public SortedDictionary<int, int> ReplenishmentsByHour { get; } = [];

    public SortedDictionary<string, int> AlertsByKind { get; } = new(StringComparer.Ordinal);

    /// <summary>Latency of every server call the office made, in real milliseconds.</summary>
    public List<double> CallMilliseconds { get; } = [];

    /// <summary>Real time of every line typed on a handheld until the app asked the next question.</summary>
    public List<double> HandheldMilliseconds { get; } = [];

    /// <summary>Load mode: the same server's answer time to GetServerInfo, called alone just before the day (real ms, sorted): the same-run reference.</summary>
    public List<double> ReferenceMilliseconds { get; } = [];

    public long Events { get; set; }

    /// <summary>The simulated time the day stopped at when <see cref="SimOptions.MaxRealMinutes"/> ran out; null: it ran to the end.</summary>
    public DateTimeOffset? CutShortAt { get; set; }

    public IReadOnlyList<string> IntegrityProblems { get; set; } = [];

    public bool IntegrityChecked { get; set; }

    public TimeSpan RealDuration { get; set; }

    /// <summary>Real time to start the server and read the floor, and of the event loop itself.</summary>
    public TimeSpan SetUpDuration { get; set; }

    public TimeSpan LoopDuration { get; set; }

    /// <summary>In, not yet packed nor cancelled (counters only: the live display reads it from another thread).</summary>
    public int OpenOrders => OrdersCreated - OrdersCancelled - OrdersPacked;

    /// <summary>The simulated clock, for the live display.</summary>
    public TimeProvider? Clock { get; set; }

    public int HourOf(DateTimeOffset at) => (int)Math.Floor((at - Start).TotalHours);

    public void Refused(string what) => Refusals[what] = Refusals.GetValueOrDefault(what) + 1;

    public static void Count(SortedDictionary<int, int> byHour, int hour, int n = 1) => byHour[hour] = byHour.GetValueOrDefault(hour) + n;

    /// <summary>A call whose business refusal is counted and answered as null; any other failure is an error of the run.</summary>
    public async Task<T?> TryAsync<T>(string what, Func<Task<T>> call)
        where T : class
    {
        try
        {
            return await call();
        }
        catch (RpcException error) when (ServerLink.IsRefusal(error))
        {
            Refused($"{what}: {error.StatusCode}");
            return null;
        }
        catch (RpcException error)
        {
            Errors.Add($"{what}: {error.StatusCode} {error.Status.Detail}");
            return null;
        }
    }
}

public sealed class DeliveryStats
{
    public int Routes;
    public double PlannedKm;
    public int LoadedByScanner;
    public int Delivered;
    public int OnTime;

    /// <summary>Stops the plans left out at a departure (they wait for the next one).</summary>
    public int LeftOut;

    /// <summary>Hand-over against the plan's service start, minutes (traffic makes it later, a window can make it equal).</summary>
    public List<double> MinutesAgainstPlan { get; } = [];

    public SortedDictionary<int, int> ByHour { get; } = [];
}

/// <summary>One move of the slotting advice, as carried out.</summary>
public sealed record SlottingMoveDone(string Sku, string From, string To, double WalkSavedPerDayM, long Units);

/// <summary>Load mode: where the run stood at a simulated hour (real seconds since the loop began, and how many calls, keys and readings so far).</summary>
public sealed record HourMark(DateTimeOffset At, double RealSeconds, int Calls, int Keys, int Readings);

public sealed class CountStats
{
    /// <summary>Counts submitted (a recount is a second submission of the same count).</summary>
    public int Submitted;
    public int Recounts;
    public int Posted;

    /// <summary>Counts the server refused (e.g. fewer counted than reserved): left for the supervisor, counted again later.</summary>
    public int Refused;

    /// <summary>Lines the posted counts adjusted, and the units they added and removed.</summary>
    public int AdjustedLines;
    public long UnitsAdded;
    public long UnitsRemoved;

    /// <summary>Lines the counter miscounted (the error rate), and units found missing after short picks.</summary>
    public int Miscounted;
    public long UnitsFoundMissing;
}

public sealed class InboundStats
{
    public int Receipts;
    public int ReceiptsDone;
    public long UnitsExpected;
    public long UnitsReceived;
    public long UnitsPutAway;
    public int ItemsLeftInDock;
}

public sealed class OrderTimes
{
    public DateTimeOffset Created { get; init; }

    public bool Rush { get; init; }

    public int Lines { get; init; }

    /// <summary>Came in before the cut-off: due to ship today.</summary>
    public bool ShipsToday { get; init; }

    public DateTimeOffset? Packed { get; set; }

    public DateTimeOffset? Shipped { get; set; }

    public DateTimeOffset? Cancelled { get; set; }
}

public sealed class PickerStats(string name)
{
    public string Name => name;

    public int Lines;
    public long Units;
    public double WalkedMetres;
    public int Trips;
    public int WrongScans;
    public int ShortPicks;
    public TimeSpan Busy;
    public TimeSpan SignedIn;
}
