namespace AutoDmGuard.XApiSandbox;

/// <summary>X ids: (id >> 22) + 1288834974657 is the creation time in ms (corpus README).</summary>
internal static class Snowflake
{
    private const long Epoch = 1288834974657L;

    public static ulong Create(DateTime utc, int sequence)
    {
        var ms = new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeMilliseconds() - Epoch;
        return ((ulong)Math.Max(ms, 0) << 22) | (uint)(sequence & 0x3FFFFF);
    }
}
