namespace Wms.Handheld.Ui;

/// <summary>Keeps every frame: for tests, and for a headless run that logs what the screen said.</summary>
public sealed class RecordingDisplay : IDisplay
{
    private readonly List<ScreenFrame> _frames = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<ScreenFrame> Frames
    {
        get
        {
            lock (_lock)
            {
                return [.. _frames];
            }
        }
    }

    public ScreenFrame Last
    {
        get
        {
            lock (_lock)
            {
                return _frames[^1];
            }
        }
    }

    public void Show(ScreenFrame frame)
    {
        lock (_lock)
        {
            _frames.Add(frame);
        }
    }
}
