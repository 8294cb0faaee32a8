namespace AutoDmGuard.Web.Data;

/// <summary>The event_type values of x-api.md §3.3 the worker cares about.</summary>
internal static class DmEventTypes
{
    public const string MessageCreate = "MessageCreate";
}
