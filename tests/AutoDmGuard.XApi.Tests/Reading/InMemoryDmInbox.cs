using System.Globalization;
using System.Runtime.CompilerServices;

namespace AutoDmGuard.XApi.Tests.Reading;

/// <summary>
/// A DM inbox in memory behind <see cref="IXApiClient"/>, for testing the reader's page-size policy exactly (which page
/// sizes it asks for, where it stops). Only the DM lookup is implemented; the sandbox tests cover the real wire.
/// </summary>
internal sealed class InMemoryDmInbox : IXApiClient
{
    private readonly List<XDmEvent> _newestFirst;

    public InMemoryDmInbox(IEnumerable<string> ids, DateTimeOffset? createdAt = null) =>
        _newestFirst = [.. ids.Select(id => new XDmEvent { Id = id, EventType = "MessageCreate", Text = "t", CreatedAt = createdAt ?? DateTimeOffset.UtcNow })
            .OrderByDescending(e => e, Comparer<XDmEvent>.Create((a, b) => XSnowflake.Compare(a.Id, b.Id)))];

    public List<int> RequestedPageSizes { get; } = [];

    /// <summary>Requests answered before the inbox starts returning 429s.</summary>
    public int? RateLimitAfter { get; set; }

    public DateTimeOffset RateLimitReset { get; } = new(2026, 3, 1, 12, 15, 0, TimeSpan.Zero);

    public static IEnumerable<string> Ids(long first, int count) =>
        Enumerable.Range(0, count).Select(i => (first + i).ToString(CultureInfo.InvariantCulture));

    public Task<XListResponse<XDmEvent>> GetDmEventsPageAsync(string accessToken, XDmEventsQuery query, CancellationToken cancellationToken = default)
    {
        if (RateLimitAfter is { } limit && RequestedPageSizes.Count >= limit)
        {
            throw new XRateLimitedException("429", null, new XRateLimit(15, 0, RateLimitReset), RateLimitReset, false);
        }

        RequestedPageSizes.Add(query.MaxResults);
        var start = 0;
        if (query.PaginationToken is not null && !int.TryParse(query.PaginationToken, NumberStyles.None, CultureInfo.InvariantCulture, out start))
        {
            throw new XApiException("400", System.Net.HttpStatusCode.BadRequest, new XProblem { Type = "https://api.x.com/2/problems/invalid-request" }, null);
        }

        var data = _newestFirst.Skip(start).Take(query.MaxResults).ToList();
        var next = start + data.Count < _newestFirst.Count ? (start + data.Count).ToString(CultureInfo.InvariantCulture) : null;
        return Task.FromResult(new XListResponse<XDmEvent>
        {
            Data = data,
            Meta = new XMeta { ResultCount = data.Count, NextToken = next },
            Includes = new XIncludes { Users = [new XUser { Id = "42", Username = "sender" }] },
        });
    }

    public Task<XResponse<XUser>> GetMeAsync(string accessToken, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<XListResponse<XUser>> GetUsersAsync(string accessToken, IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public async IAsyncEnumerable<XListResponse<XDmEvent>> GetDmEventPagesAsync(string accessToken, XDmEventsQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        throw new NotSupportedException();
#pragma warning disable CS0162 // Unreachable code: an iterator needs a yield.
        yield break;
#pragma warning restore CS0162
    }

    public Task<XListResponse<XDmEvent>> GetDmConversationWithEventsPageAsync(string accessToken, string participantId, XDmEventsQuery query, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IAsyncEnumerable<XListResponse<XDmEvent>> GetDmConversationWithEventPagesAsync(string accessToken, string participantId, XDmEventsQuery query, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<XListResponse<XDmEvent>> GetDmConversationEventsPageAsync(string accessToken, string dmConversationId, XDmEventsQuery query, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IAsyncEnumerable<XListResponse<XDmEvent>> GetDmConversationEventPagesAsync(string accessToken, string dmConversationId, XDmEventsQuery query, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<XListResponse<XUser>> GetFollowingPageAsync(string accessToken, string userId, string? paginationToken = null, int? maxResults = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IAsyncEnumerable<XListResponse<XUser>> GetFollowingPagesAsync(string accessToken, string userId, int? maxResults = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<XResponse<XFollowResult>> FollowAsync(string accessToken, string sourceUserId, string targetUserId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<XResponse<XFollowResult>> UnfollowAsync(string accessToken, string sourceUserId, string targetUserId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<XResponse<XMuteResult>> MuteAsync(string accessToken, string sourceUserId, string targetUserId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<XResponse<XMuteResult>> UnmuteAsync(string accessToken, string sourceUserId, string targetUserId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
