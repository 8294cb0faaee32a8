using AutoDmGuard.MailboxDump;

namespace AutoDmGuard.MailboxDump.Tests;

public class ChunkedListTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(ChunkedList<string>.ChunkSize)]
    [InlineData(ChunkedList<string>.ChunkSize + 1)]
    [InlineData((3 * ChunkedList<string>.ChunkSize) + 17)]
    public void Holds_every_item_in_order_across_chunks(int count)
    {
        var list = new ChunkedList<string?>();
        var expected = new List<string?>();
        for (var i = 0; i < count; i++)
        {
            var item = i % 10 == 3 ? null : i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            list.Add(item);
            expected.Add(item);
        }

        Assert.Equal(count, list.Count);
        Assert.Equal(expected, list);
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(expected[i], list[i]);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => list[count]);
        Assert.Throws<ArgumentOutOfRangeException>(() => list[-1]);
    }
}
