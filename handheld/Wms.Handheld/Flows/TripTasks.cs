using Wms.Contracts.V1;

namespace Wms.Handheld.Flows;

/// <summary>
/// The trip as the device knows it: the open tasks in sequence and their SKUs' barcodes, loaded while
/// online and advanced locally by every action, so that picking goes on when the server is out of reach.
/// The server's list replaces it whenever the server can be asked.
/// </summary>
internal sealed class TripTasks
{
    private readonly List<PickTask> _tasks = [];
    private readonly Dictionary<string, string> _totes = new(StringComparer.Ordinal);
    private long? _jumpedTo;

    /// <summary>A trip the server has just said is complete, until its drop-off is asked (then null again).</summary>
    public long? CompletedOnServer { get; set; }

    /// <summary>The trip whose lines were last loaded (0: none yet).</summary>
    public long TripId { get; private set; }

    /// <summary>
    /// A trip that is complete and whose drop-off was not asked yet: the server said so, or, offline, every line
    /// of it is done on the device. Online only the server's word counts: a short pick may have added lines.
    /// </summary>
    public long? AwaitingDropOff(bool online) => CompletedOnServer ?? (!online && Finished && TripId != 0 && _dropOffAsked != TripId ? TripId : null);

    private long _dropOffAsked;

    /// <summary>The drop-off of this trip was asked (recorded, kept on the device, or left for later): not again.</summary>
    public void DropOffAsked(long tripId)
    {
        _dropOffAsked = tripId;
        CompletedOnServer = null;
    }

    /// <summary>The trip whose totes are recorded (0: none yet); a new trip asks for its totes again.</summary>
    public long TotesOfTrip { get; private set; }

    public void Totes(long tripId, IEnumerable<(string Order, string Tote)> totes)
    {
        TotesOfTrip = tripId;
        _totes.Clear();
        foreach (var (order, tote) in totes)
        {
            _totes[order] = tote;
        }
    }

    public string ToteOf(string order) => _totes.GetValueOrDefault(order, "");

    /// <summary>The line to do now: the one the picker jumped to while it is open, else the next in sequence.</summary>
    public PickTask? Current => _tasks.Find(t => t.TaskId == _jumpedTo) ?? (_tasks.Count > 0 ? _tasks[0] : null);

    /// <summary>The open lines in the order they come, the current one first.</summary>
    public IReadOnlyList<PickTask> Remaining => Current is { } current ? [current, .. _tasks.Where(t => t != current)] : [];

    /// <summary>Makes this line the current one; the rest keep their planned order, and it stays current across a reload.</summary>
    public void Jump(long taskId) => _jumpedTo = taskId;

    public int Count => _tasks.Count;

    /// <summary>A trip was loaded and every line of it is done on the device (none may be sent yet).</summary>
    public bool Finished { get; private set; }

    /// <summary>The trip's SKUs, known without the server.</summary>
    public KnownSkus Skus { get; } = new();

    public void Replace(IEnumerable<PickTask> tasks)
    {
        _tasks.Clear();
        _tasks.AddRange(tasks.Select(t => t.Clone()));
        TripId = _tasks.Count > 0 ? _tasks[0].TripId : TripId;
        Finished = false;
    }

    public void Picked(long taskId, long quantity)
    {
        var task = _tasks.Find(t => t.TaskId == taskId);
        if (task is null)
        {
            return;
        }

        task.QuantityRemaining -= quantity;
        if (task.QuantityRemaining <= 0)
        {
            Shorted(taskId);
        }
    }

    public void Shorted(long taskId)
    {
        _tasks.RemoveAll(t => t.TaskId == taskId);
        Finished = _tasks.Count == 0;
    }

    /// <summary>As the server does it: the task goes last and the ones after it move up, so "line n of m" still reads right.</summary>
    public void Skipped(long taskId)
    {
        var task = _tasks.Find(t => t.TaskId == taskId);
        if (task is null)
        {
            return;
        }

        _tasks.Remove(task);
        foreach (var later in _tasks.Where(t => t.Sequence > task.Sequence))
        {
            later.Sequence--;
        }

        task.Sequence = task.TaskCount;
        _tasks.Add(task);
    }
}
