using System.Text.Json;
using AutoDmGuard.Core;

namespace AutoDmGuard.Web.Scoring;

/// <summary>
/// The classifier's reasons as stored in <c>DmScore.ReasonsJson</c> and <c>SenderVerdict.TopReasonsJson</c>: a JSON
/// array of Core's <see cref="SignalHit"/> ({signal, weight, reason}). The scorer writes and the pages read through
/// this one contract.
/// </summary>
public static class StoredReasons
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Write(IEnumerable<SignalHit> reasons) => JsonSerializer.Serialize(reasons, Json);

    /// <summary>The stored reasons; a value that is not such an array reads as none, so one bad row cannot fail a page or a pass.</summary>
    public static IReadOnlyList<SignalHit> Read(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<List<SignalHit>>(json, Json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
