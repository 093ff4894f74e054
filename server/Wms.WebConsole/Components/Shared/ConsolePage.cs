using Grpc.Core;
using Microsoft.AspNetCore.Components;

namespace Wms.WebConsole.Components.Shared;

/// <summary>
/// What every signed-in page shares: the person's session and API, the roles the page needs (the API's own
/// rule for the calls it makes, checked up front so a person sees a clear refusal rather than broken
/// tables), a busy flag and the server's last error in words.
/// </summary>
public abstract class ConsolePage : ComponentBase, IDisposable
{
    [Inject]
    protected ConsoleSession Session { get; set; } = default!;

    [Inject]
    protected ConsoleApi Api { get; set; } = default!;

    protected string? Error { get; set; }

    // Work out or waiting its turn (a load queued behind another counts): the page stays busy until the last is
    // done, so a button is not enabled between two loads only to be disabled under the person's click.
    protected bool Busy => _working > 0;

    private int _working;

    /// <summary>Null: any signed-in person.</summary>
    protected virtual IReadOnlyCollection<string>? RequiredRoles => null;

    protected bool Refused => RequiredRoles is { } roles && !Session.HasAnyRole(roles);

    /// <summary>
    /// The warehouse whose data the page shows: the one chosen when its last load began. A load reads it for every
    /// call, so a switch during a load does not mix two warehouses' answers (the next load follows the switch).
    /// </summary>
    protected string Warehouse { get; private set; } = "";

    // Not disposed with the page: a load still out when the person navigates away releases it afterwards, and a
    // SemaphoreSlim whose wait handle is never asked for holds nothing to free.
    private readonly SemaphoreSlim _loading = new(1, 1);

    protected override async Task OnInitializedAsync()
    {
        Session.Changed += OnSessionChanged;
        await ReloadAsync();
    }

    private async Task ReloadAsync()
    {
        // One load at a time. A warehouse switched while the first load was still out raced it, and whichever answer
        // came last won: a CI run showed the first warehouse's pickers and holds under the second one's heading.
        _working++;
        await _loading.WaitAsync();
        try
        {
            if (Session.IsSignedIn && !Refused && Session.Warehouse.Length > 0)
            {
                Warehouse = Session.Warehouse;
                await RunAsync(LoadAsync);
            }
        }
        finally
        {
            _loading.Release();
            _working--;
        }
    }

    protected abstract Task LoadAsync();

    /// <summary>Runs a call or a few; a refusal or error of the server is shown in its own words, never a crash.</summary>
    protected async Task RunAsync(Func<Task> action)
    {
        _working++;
        Error = null;
        try
        {
            await action();
        }
        catch (RpcException ex)
        {
            Error = ex.StatusCode == StatusCode.Unauthenticated ? Text.SessionEnded : Text.Error(ex.Status.Detail);
        }
        finally
        {
            _working--;
        }
    }

    // The warehouse was switched (or the person signed in again): show the new one's data.
    private void OnSessionChanged() => _ = InvokeAsync(async () =>
    {
        await ReloadAsync();
        StateHasChanged();
    });

    public virtual void Dispose()
    {
        Session.Changed -= OnSessionChanged;
        GC.SuppressFinalize(this);
    }
}
