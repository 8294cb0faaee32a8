using System.Text.Json.Serialization;

namespace AutoDmGuard.XApi.Internal;

/// <summary>Source-generated (reflection-free) JSON metadata for every payload, with X's snake_case names.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(UtcDateTimeOffsetConverter)])]
[JsonSerializable(typeof(XTokenResponse))]
[JsonSerializable(typeof(XOAuthError))]
[JsonSerializable(typeof(XProblem))]
[JsonSerializable(typeof(XTargetUserRequest))]
[JsonSerializable(typeof(XResponse<XUser>))]
[JsonSerializable(typeof(XResponse<XFollowResult>))]
[JsonSerializable(typeof(XResponse<XMuteResult>))]
[JsonSerializable(typeof(XListResponse<XUser>))]
[JsonSerializable(typeof(XListResponse<XDmEvent>))]
internal sealed partial class XApiJsonContext : JsonSerializerContext;
