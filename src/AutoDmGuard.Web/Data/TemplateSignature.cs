namespace AutoDmGuard.Web.Data;

/// <summary>
/// One received DM in the template index, as the index keeps it (no text: the fingerprint's MinHash bins and shingle
/// hashes, and its LSH band keys). Written by the scorer in the transaction that stores the DM's score; every app
/// instance reads the rows with a <see cref="Sequence"/> above the last one it read before scoring, so all instances'
/// indexes hold the same DMs, and a restarted instance reloads its index from here instead of re-classifying every DM.
/// </summary>
public sealed class TemplateSignature
{
    /// <summary>Assigned by the database, increasing in commit order (never reused): the readers' cursor.</summary>
    public long Sequence { get; set; }

    public required string AccountId { get; set; }
    public required string EventId { get; set; }
    public required string SenderId { get; set; }

    /// <summary>The index's data array (64 MinHash bins, then the shingle hashes), little-endian uint32s.</summary>
    public required byte[] Data { get; set; }

    /// <summary>The 32 LSH band keys, little-endian uint64s.</summary>
    public required byte[] BandKeys { get; set; }
}
