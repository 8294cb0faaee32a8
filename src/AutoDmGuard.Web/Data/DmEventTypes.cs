namespace AutoDmGuard.Web.Data;

/// <summary>The DM event_type values the worker acts on (docs/x-api-client.md, "DM event types").</summary>
internal static class DmEventTypes
{
    public const string MessageCreate = "MessageCreate";
}
