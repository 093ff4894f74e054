namespace Wms.Routing.PickPaths.Internal;

/// <summary>
/// A tiny seeded generator owned by the library, so that a seed gives the same plan on every runtime
/// version (System.Random's algorithm is not a documented contract).
/// </summary>
internal sealed class SplitMix64(int seed)
{
    private ulong _state = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL) ^ 0xD1B54A32D192ED03UL;

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, bound) for small bounds; the modulo bias is irrelevant here.</summary>
    public int Next(int bound) => (int)(NextUInt64() % (ulong)bound);
}
