namespace AutoDmGuard.Core.Tests;

/// <summary>The analysis/indexing pipeline: ordered consumption and sequential exceptions whatever the scheduling.</summary>
public sealed class OrderedPipelineTests
{
    [Theory]
    [InlineData(1, true)]
    [InlineData(64, true)]
    [InlineData(65, true)]
    [InlineData(5000, true)]
    [InlineData(5000, false)]
    public void Every_item_is_consumed_once_in_order_after_it_was_produced(int count, bool parallel)
    {
        var produced = new int[count];
        var consumed = new List<int>(count);
        OrderedPipeline.Run(
            count,
            parallel,
            static () => new Random(7),
            (i, random) =>
            {
                // Uneven work, so helpers finish chunks out of order.
                Thread.SpinWait(random.Next(0, 2000));
                Interlocked.Increment(ref produced[i]);
            },
            i =>
            {
                Assert.Equal(1, Volatile.Read(ref produced[i]));
                consumed.Add(i);
            });

        Assert.Equal(Enumerable.Range(0, count), consumed);
        Assert.All(produced, p => Assert.Equal(1, p));
    }

    [Fact]
    public void The_earliest_failure_is_thrown_and_nothing_after_it_is_consumed()
    {
        var consumed = new List<int>();
        var ex = Assert.Throws<InvalidOperationException>(() => OrderedPipeline.Run(
            10_000,
            parallel: true,
            static () => 0,
            (i, _) =>
            {
                if (i == 9_000)
                {
                    throw new ArgumentException("late");
                }

                if (i == 3_000)
                {
                    Thread.Sleep(50); // the later failure happens first
                    throw new InvalidOperationException("early");
                }
            },
            consumed.Add));

        Assert.Equal("early", ex.Message);
        Assert.True(consumed.Count <= 3_000);
        Assert.Equal(Enumerable.Range(0, consumed.Count), consumed);
    }
}
