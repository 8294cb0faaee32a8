namespace AutoDmGuard.XApiSandbox;

internal sealed record Page<TItem, TKey>(IReadOnlyList<TItem> Items, TKey? NextKey, TKey? PreviousKey)
    where TKey : struct;
