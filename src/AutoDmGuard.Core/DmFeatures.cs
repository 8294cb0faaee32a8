namespace AutoDmGuard.Core;

/// <summary>
/// The fitted features one received DM fired, with their values, and the hashed word buckets of its text
/// (<see cref="TextModel"/>): training data for the model.
/// </summary>
public sealed record DmFeatures(string EventId, string SenderId, IReadOnlyList<KeyValuePair<string, double>> Values, IReadOnlyList<int> TextBuckets);
