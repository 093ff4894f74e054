namespace Wms.Routing.Vehicles.Internal;

/// <summary>xoshiro128** : tiny, fast and reproducible across runtimes (System.Random's seeded stream is not a contract).</summary>
internal sealed class Rng
{
    private uint _s0;
    private uint _s1;
    private uint _s2;
    private uint _s3;

    public Rng(int seed)
    {
        ulong z = (ulong)(uint)seed + 0x9E3779B97F4A7C15UL;
        _s0 = (uint)Mix(ref z);
        _s1 = (uint)Mix(ref z);
        _s2 = (uint)Mix(ref z);
        _s3 = (uint)Mix(ref z);
    }

    public uint NextUInt()
    {
        uint result = BitRotate(_s1 * 5, 7) * 9;
        uint t = _s1 << 9;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitRotate(_s3, 11);
        return result;
    }

    /// <summary>Uniform in [0, n).</summary>
    public int Next(int n) => (int)(((ulong)NextUInt() * (ulong)n) >> 32);

    public double NextDouble() => NextUInt() / 4294967296.0;

    public void Shuffle<T>(T[] items) => Shuffle(items.AsSpan());

    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static uint BitRotate(uint x, int k) => (x << k) | (x >> (32 - k));

    private static ulong Mix(ref ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        ulong x = z;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
