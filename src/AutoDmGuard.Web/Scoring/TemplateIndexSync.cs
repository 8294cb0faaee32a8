using System.Buffers.Binary;
using System.Globalization;
using AutoDmGuard.Core;
using AutoDmGuard.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AutoDmGuard.Web.Scoring;

/// <summary>
/// Keeps this process's template index (<see cref="ClassifierState"/>) in step with the <see cref="TemplateSignature"/>
/// rows every instance writes: before an account is scored, the rows stored since the last read (by any instance) are
/// indexed in sequence order; the DMs a classification indexed are stored in the scorer's transaction. A restarted
/// instance reads all rows once instead of classifying every stored DM again. Past
/// <see cref="ScoringOptions.TemplateIndexCapacity"/> entries the least recently matched clusters are evicted.
/// </summary>
internal sealed class TemplateIndexSync(
    AppDbContext db, ClassifierState state, ClassifierWarmup warmup, ILogger<TemplateIndexSync> logger)
{
    private const int PageSize = 2000;

    // An eviction keeps clusters up to this share of the capacity, so the next one is a quarter of the capacity away
    // (each one reads the kept rows again).
    private const double KeptShareOfCapacity = 0.75;

    // Held by a transaction that stores signatures on PostgreSQL, until it commits: sequence numbers are then taken and
    // committed in the same order, so a reader past number n never misses a row numbered below n that commits later.
    // (SQLite has one writer at a time, which gives the same order.)
    private const long StoreLockKey = 0x41_75_74_6F_44_6D_54_31; // "AutoDmT1"

    /// <summary>Reads what other instances stored (and evicts), then indexes the account's DMs scored before signatures were stored.</summary>
    public async Task<TemplateIndexGeneration> PrepareAsync(Account account, InboxContext context, CancellationToken cancellationToken)
    {
        await CatchUpAsync(cancellationToken);
        if (!state.IsWarm(account.Id))
        {
            await warmup.WarmAsync(account, context, this, cancellationToken);
            state.MarkWarm(account.Id);
        }

        return state.Current;
    }

    /// <summary>Indexes every signature row stored since this process's last read, in sequence order.</summary>
    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        await state.SyncGate.WaitAsync(cancellationToken);
        try
        {
            var generation = state.Current;
            while (true)
            {
                var from = generation.ReadUpTo;
                var page = await db.TemplateSignatures.AsNoTracking()
                    .Where(s => s.Sequence > from)
                    .OrderBy(s => s.Sequence)
                    .Take(PageSize)
                    .ToListAsync(cancellationToken);
                if (page.Count == 0)
                {
                    break;
                }

                // A row this process stored itself is already indexed: Import finds it and only its sequence is new.
                foreach (var row in page)
                {
                    generation.SetSequence(generation.Index.Import(ToEntry(row)), row.Sequence);
                }

                generation.ReadUpTo = page[^1].Sequence;
                state.CountRead(page.Count);
                if (generation.Index.Count > state.Capacity)
                {
                    generation = await EvictAsync(generation, cancellationToken);
                }
            }
        }
        finally
        {
            state.SyncGate.Release();
        }
    }

    /// <summary>
    /// Stores the DMs <paramref name="generation"/> indexed for the account and has not stored yet, inside the caller's
    /// transaction. Returns them: if the transaction does not commit, give them back with
    /// <see cref="TemplateIndexGeneration.ReturnUnstored"/>.
    /// </summary>
    public async Task<List<(int Entry, TemplateIndexEntry Dm)>> StoreAsync(
        TemplateIndexGeneration generation, string accountId, CancellationToken cancellationToken)
    {
        var dms = generation.TakeUnstored(accountId);
        if (dms.Count == 0)
        {
            return dms;
        }

        try
        {
            await InsertAsync(dms, cancellationToken);
        }
        catch
        {
            generation.ReturnUnstored(dms);
            throw;
        }

        return dms;
    }

    private async Task InsertAsync(List<(int Entry, TemplateIndexEntry Dm)> dms, CancellationToken cancellationToken)
    {
        var (connection, transaction) = SqlCommands.Current(db);
        if (db.Database.IsNpgsql())
        {
            await using var lockCommand = connection.CreateCommand();
            lockCommand.Transaction = transaction;
            lockCommand.CommandText = string.Create(CultureInfo.InvariantCulture, $"SELECT pg_advisory_xact_lock({StoreLockKey})");
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var insert = SqlCommands.PrepareInsert<TemplateSignature>(
            db,
            [
                nameof(TemplateSignature.AccountId), nameof(TemplateSignature.EventId), nameof(TemplateSignature.SenderId),
                nameof(TemplateSignature.Data), nameof(TemplateSignature.BandKeys),
            ],
            "ON CONFLICT DO NOTHING");
        foreach (var (_, dm) in dms.OrderBy(d => d.Entry))
        {
            insert[nameof(TemplateSignature.AccountId)] = dm.InboxId;
            insert[nameof(TemplateSignature.EventId)] = dm.EventId;
            insert[nameof(TemplateSignature.SenderId)] = dm.SenderId;
            insert[nameof(TemplateSignature.Data)] = ToBytes(dm.Data);
            insert[nameof(TemplateSignature.BandKeys)] = ToBytes(dm.BandKeys);
            await insert.ExecuteAsync(cancellationToken);
        }
    }

    // Drops the least recently matched clusters, whole, so each kept cluster keeps all its members and its counts: a new
    // index is built from the kept clusters' rows (in sequence order, as they were first indexed) and replaces this one.
    private async Task<TemplateIndexGeneration> EvictAsync(TemplateIndexGeneration old, CancellationToken cancellationToken)
    {
        var room = (int)(state.Capacity * KeptShareOfCapacity);
        var matchedBySequence = new Dictionary<long, long>();
        foreach (var (_, matched, sequences) in old.ClustersByRecency())
        {
            if (matchedBySequence.Count + sequences.Count > room)
            {
                continue;
            }

            foreach (var sequence in sequences)
            {
                matchedBySequence[sequence] = matched;
            }
        }

        var next = new TemplateIndexGeneration(new TemplateIndex(old.Index.Similarity, old.Index.MinWords), old.Classifier.Options, old.Clock)
        {
            ReadUpTo = old.ReadUpTo,
        };
        var kept = matchedBySequence.Keys.Order().ToList();
        foreach (var chunk in kept.Chunk(500))
        {
            var ids = chunk.ToList();
            var rows = await db.TemplateSignatures.AsNoTracking()
                .Where(s => ids.Contains(s.Sequence))
                .OrderBy(s => s.Sequence)
                .ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                var entry = next.Index.Import(ToEntry(row));
                next.SetSequence(entry, row.Sequence);
                next.SetMatched(entry, matchedBySequence[row.Sequence]);
            }
        }

        var evicted = old.Index.Count - next.Index.Count;
        state.Replace(next, evicted);
        ScoringLog.TemplateIndexEvicted(logger, evicted, next.Index.Count, state.Capacity);
        return next;
    }

    private static TemplateIndexEntry ToEntry(TemplateSignature row)
    {
        var data = new uint[row.Data.Length / sizeof(uint)];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = BinaryPrimitives.ReadUInt32LittleEndian(row.Data.AsSpan(i * sizeof(uint)));
        }

        var keys = new ulong[row.BandKeys.Length / sizeof(ulong)];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = BinaryPrimitives.ReadUInt64LittleEndian(row.BandKeys.AsSpan(i * sizeof(ulong)));
        }

        return new TemplateIndexEntry(row.AccountId, row.EventId, row.SenderId, data, keys);
    }

    private static byte[] ToBytes(uint[] values)
    {
        var bytes = new byte[values.Length * sizeof(uint)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * sizeof(uint)), values[i]);
        }

        return bytes;
    }

    private static byte[] ToBytes(ulong[] values)
    {
        var bytes = new byte[values.Length * sizeof(ulong)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * sizeof(ulong)), values[i]);
        }

        return bytes;
    }
}
