using System.Data.Common;
using System.Diagnostics;
using AutoDmGuard.Web.Data;
using AutoDmGuard.Web.Data.Sqlite;
using AutoDmGuard.Web.Senders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using static System.FormattableString;

namespace AutoDmGuard.Benchmarks;

/// <summary>
/// `search-sql --db FILE --q TERM [--requests N]`: the list's search (<see cref="SenderListQuery"/>, flagged view, page 1)
/// run in-process against an existing SQLite database (e.g. a copy of a world bench's), without the app or a world read:
/// CPU per run and wall time per statement, to see where a search's time goes.
/// </summary>
internal static class SearchQueryBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var file = PollingBenchmarks.StringArg(args, "--db") ?? throw new ArgumentException("--db FILE");
        var term = PollingBenchmarks.StringArg(args, "--q") ?? throw new ArgumentException("--q TERM");
        var requests = PollingBenchmarks.IntArg(args, "--requests", 200);
        var timer = new StatementTimer();
        var options = new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite($"Data Source={file};Pooling=True").AddInterceptors(timer).Options;
        string accountId;
        await using (var db = new SqliteAppDbContext(options))
        {
            accountId = await db.Accounts.Select(a => a.Id).FirstAsync();
        }

        async Task<SenderListResult> OnceAsync()
        {
            await using var db = new SqliteAppDbContext(options);
            return await new SenderListQuery(db).RunAsync(accountId, new SenderListRequest(SenderFilter.Flagged, term, 1, 50), CancellationToken.None);
        }

        var warm = await OnceAsync();
        for (var i = 0; i < 20; i++)
        {
            await OnceAsync();
        }

        timer.Reset();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        for (var i = 0; i < requests; i++)
        {
            await OnceAsync();
        }

        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / requests;
        Console.WriteLine(Invariant($"q={term}: {warm.TotalText} senders, {warm.Rows.Count} rows; {requests} runs: {cpuMs:0.00} ms CPU, {wall.Elapsed.TotalMilliseconds / requests:0.00} ms wall per run"));
        foreach (var (sql, (count, ms)) in timer.Totals.OrderByDescending(t => t.Value.Ms))
        {
            Console.WriteLine(Invariant($"  {ms / requests,7:0.00} ms/run over {count / requests,2} statement(s): {Shorten(sql)}"));
        }

        return 0;
    }

    private static string Shorten(string sql)
    {
        if (Environment.GetEnvironmentVariable("SEARCH_SQL_FULL") is "1")
        {
            return sql;
        }


        var flat = string.Join(' ', sql.Split((char[])['\n', '\r', ' '], StringSplitOptions.RemoveEmptyEntries));
        return flat.Length > 160 ? flat[..160] + "…" : flat;
    }

    /// <summary>Wall time from a reader's execution to its close, per statement text (parameter names stripped of counts).</summary>
    private sealed class StatementTimer : DbCommandInterceptor
    {
        private readonly Dictionary<DbCommand, long> _started = [];

        public Dictionary<string, (int Count, double Ms)> Totals { get; } = [];

        public void Reset() => Totals.Clear();

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            _started[command] = Stopwatch.GetTimestamp();
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override InterceptionResult DataReaderClosing(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
        {
            Record(command);
            return base.DataReaderClosing(command, eventData, result);
        }

        public override ValueTask<InterceptionResult> DataReaderClosingAsync(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
        {
            Record(command);
            return base.DataReaderClosingAsync(command, eventData, result);
        }

        private void Record(DbCommand command)
        {
            if (!_started.Remove(command, out var start))
            {
                return;
            }

            var key = command.CommandText.Length > 3000 ? command.CommandText[..3000] : command.CommandText;
            var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            Totals[key] = Totals.TryGetValue(key, out var t) ? (t.Count + 1, t.Ms + ms) : (1, ms);
        }
    }
}
