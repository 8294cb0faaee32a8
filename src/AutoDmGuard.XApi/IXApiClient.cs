namespace AutoDmGuard.XApi;

/// <summary>
/// The X API v2 calls AutoDmGuard makes, in user context. Every method takes the user's OAuth 2.0 access token first and
/// a CancellationToken last; failures throw <see cref="XApiException"/> subtypes; every response exposes its rate limit.
/// </summary>
public interface IXApiClient
{
    /// <summary>GET /2/users/me: the signed-in user with the default user.fields.</summary>
    Task<XResponse<XUser>> GetMeAsync(string accessToken, CancellationToken cancellationToken = default);

    /// <summary>GET /2/users?ids=: up to 100 users; ids that no longer resolve come back in Errors.</summary>
    Task<XListResponse<XUser>> GetUsersAsync(string accessToken, IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default);

    /// <summary>GET /2/dm_events: one page of events across all conversations, newest first.</summary>
    Task<XListResponse<XDmEvent>> GetDmEventsPageAsync(string accessToken, XDmEventsQuery query, CancellationToken cancellationToken = default);

    /// <summary>GET /2/dm_events page after page (from query.PaginationToken) until the last page.</summary>
    IAsyncEnumerable<XListResponse<XDmEvent>> GetDmEventPagesAsync(string accessToken, XDmEventsQuery query, CancellationToken cancellationToken = default);

    /// <summary>GET /2/dm_conversations/with/:participant_id/dm_events: one page of the 1:1 conversation with a user.</summary>
    Task<XListResponse<XDmEvent>> GetDmConversationWithEventsPageAsync(
        string accessToken, string participantId, XDmEventsQuery query, CancellationToken cancellationToken = default);

    /// <summary>All pages of the 1:1 conversation with a user.</summary>
    IAsyncEnumerable<XListResponse<XDmEvent>> GetDmConversationWithEventPagesAsync(
        string accessToken, string participantId, XDmEventsQuery query, CancellationToken cancellationToken = default);

    /// <summary>GET /2/dm_conversations/:dm_conversation_id/dm_events: one page of a conversation by id.</summary>
    Task<XListResponse<XDmEvent>> GetDmConversationEventsPageAsync(
        string accessToken, string dmConversationId, XDmEventsQuery query, CancellationToken cancellationToken = default);

    /// <summary>All pages of a conversation by id.</summary>
    IAsyncEnumerable<XListResponse<XDmEvent>> GetDmConversationEventPagesAsync(
        string accessToken, string dmConversationId, XDmEventsQuery query, CancellationToken cancellationToken = default);

    /// <summary>GET /2/users/:id/following: one page (maxResults 1-1000, default 1000) of the accounts a user follows.</summary>
    Task<XListResponse<XUser>> GetFollowingPageAsync(
        string accessToken, string userId, string? paginationToken = null, int? maxResults = null, CancellationToken cancellationToken = default);

    /// <summary>Every page of the accounts a user follows.</summary>
    IAsyncEnumerable<XListResponse<XUser>> GetFollowingPagesAsync(
        string accessToken, string userId, int? maxResults = null, CancellationToken cancellationToken = default);

    /// <summary>POST /2/users/:id/following (never retried).</summary>
    Task<XResponse<XFollowResult>> FollowAsync(string accessToken, string sourceUserId, string targetUserId, CancellationToken cancellationToken = default);

    /// <summary>DELETE /2/users/:source_user_id/following/:target_user_id (idempotent at X; never retried here).</summary>
    Task<XResponse<XFollowResult>> UnfollowAsync(string accessToken, string sourceUserId, string targetUserId, CancellationToken cancellationToken = default);

    /// <summary>POST /2/users/:id/muting (never retried).</summary>
    Task<XResponse<XMuteResult>> MuteAsync(string accessToken, string sourceUserId, string targetUserId, CancellationToken cancellationToken = default);

    /// <summary>DELETE /2/users/:source_user_id/muting/:target_user_id (never retried).</summary>
    Task<XResponse<XMuteResult>> UnmuteAsync(string accessToken, string sourceUserId, string targetUserId, CancellationToken cancellationToken = default);
}
