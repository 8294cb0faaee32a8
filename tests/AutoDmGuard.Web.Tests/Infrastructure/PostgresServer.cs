using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace AutoDmGuard.Web.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server the PostgreSQL test pass runs against, one per test process; every test host gets a database
/// of its own on it (<see cref="CreateDatabaseAsync"/>), dropped when the host ends.
/// <list type="bullet">
/// <item>AUTODMGUARD_TEST_POSTGRES set (CI, <c>.ci/run</c>): a connection string to a server where its user may create
/// databases; used as it is.</item>
/// <item>Otherwise: a throwaway cluster of this machine's PostgreSQL (<c>initdb</c> into a temp folder, <c>pg_ctl</c> on a
/// free port, its unix socket in that folder, run as the <c>postgres</c> user when the tests run as root), stopped and
/// deleted when the test process exits.</item>
/// </list>
/// No PostgreSQL at all fails the tests that need it, loudly: a pass that silently skipped them would look green.
/// </summary>
public static class PostgresServer
{
    public const string EnvironmentVariable = "AUTODMGUARD_TEST_POSTGRES";

    private static readonly Lazy<Task<string>> Admin = new(StartAsync);

    /// <summary>Creates an empty database (a new name unless given); returns its connection string (owner: the server's test user).</summary>
    public static async Task<string> CreateDatabaseAsync(string? name = null)
    {
        var admin = await Admin.Value;
        name ??= "autodmguard_test_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await ExecuteAsync(connection, $"CREATE DATABASE \"{name}\"");
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    /// <summary>Drops the database (closing what still uses it) and the pooled connections to it.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var admin = await Admin.Value;
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        using (var pooled = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await ExecuteAsync(connection, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    /// <summary>
    /// Renames the database to <paramref name="newName"/> (ending the sessions that use it and this process's pooled
    /// connections to it first): what a connection string naming the old name then reaches is no database at all.
    /// </summary>
    public static async Task RenameDatabaseAsync(string connectionString, string newName)
    {
        var admin = await Admin.Value;
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();

        // Closed to new sessions first: the app's worker keeps connecting, and one session opened between the terminate
        // and the rename made the rename fail ("is being accessed by other users", a PostgreSQL-pass flake).
        await ExecuteAsync(connection, $"ALTER DATABASE \"{name}\" WITH ALLOW_CONNECTIONS false");
        await using (var terminate = new NpgsqlCommand(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @name AND pid <> pg_backend_pid()", connection))
        {
            terminate.Parameters.AddWithValue("name", name!);
            await terminate.ExecuteNonQueryAsync();
        }

        await ExecuteAsync(connection, $"ALTER DATABASE \"{name}\" RENAME TO \"{newName}\"");
        await ExecuteAsync(connection, $"ALTER DATABASE \"{newName}\" WITH ALLOW_CONNECTIONS true");

        // The app's worker keeps using the database meanwhile: a connection it opened between the first clearing and
        // the terminate is now dead in its pool, and the next check would fail on that one rather than on the renamed
        // database (a PostgreSQL-pass flake of HealthProbeTests: "database" Unhealthy next to a new empty database).
        NpgsqlConnection.ClearAllPools();
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> StartAsync()
    {
        var given = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(given))
        {
            return given;
        }

        var cluster = await ThrowawayCluster.StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Stop();
        return cluster.ConnectionString;
    }

    private sealed class ThrowawayCluster
    {
        private readonly string _bin;
        private readonly string _root;
        private readonly bool _asPostgresUser;

        private ThrowawayCluster(string bin, string root, bool asPostgresUser, string connectionString)
        {
            _bin = bin;
            _root = root;
            _asPostgresUser = asPostgresUser;
            ConnectionString = connectionString;
        }

        public string ConnectionString { get; }

        private string DataFolder => Path.Combine(_root, "data");

        public static async Task<ThrowawayCluster> StartAsync()
        {
            var bin = FindBinaries() ?? throw new InvalidOperationException(
                $"PostgreSQL is not installed (no initdb under /usr/lib/postgresql/*/bin) and {EnvironmentVariable} is not set: " +
                $"install it (apt-get install -y postgresql) or set {EnvironmentVariable} to a connection string of a server where the user may create databases.");
            RemoveStaleClusters();
            // initdb refuses to run as root: the cluster belongs to the postgres user then.
            var asPostgresUser = Environment.UserName == "root";
            var root = Path.Combine(Path.GetTempPath(), "autodmguard-pg-" + Guid.NewGuid().ToString("N")[..12]);
            Directory.CreateDirectory(root);
            if (asPostgresUser)
            {
                await RunAsync("chown", ["postgres:postgres", root]);
            }

            var port = FreePort();
            var cluster = new ThrowawayCluster(bin, root, asPostgresUser,
                new NpgsqlConnectionStringBuilder { Host = root, Port = port, Username = "postgres", Database = "postgres", MaxPoolSize = 20 }.ConnectionString);
            // A Unicode-aware locale on purpose: the app's columns are collated "C", so results must not depend on it.
            await cluster.RunPgAsync("initdb", ["-D", cluster.DataFolder, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"]);
            // Throwaway data: no durability work. No TCP listener: the unix socket in the folder is the only way in.
            string[] options =
            [
                $"-p {port}", $"-k {root}", "-c listen_addresses=''", "-c fsync=off", "-c synchronous_commit=off",
                "-c full_page_writes=off", "-c max_connections=300",
            ];
            await cluster.RunPgAsync("pg_ctl", ["-D", cluster.DataFolder, "-l", Path.Combine(root, "server.log"), "-o", string.Join(' ', options), "-w", "start"]);
            return cluster;
        }

        public void Stop()
        {
            try
            {
                RunPgAsync("pg_ctl", ["-D", DataFolder, "-m", "immediate", "-w", "stop"]).GetAwaiter().GetResult();
            }
            finally
            {
                // The server's last processes may still be closing files just after pg_ctl returns: try a few times.
                for (var attempt = 1; Directory.Exists(_root); attempt++)
                {
                    try
                    {
                        Directory.Delete(_root, recursive: true);
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException && attempt < 10)
                    {
                        Thread.Sleep(100);
                    }
                }
            }
        }

        private Task RunPgAsync(string tool, string[] arguments) =>
            _asPostgresUser
                ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. arguments])
                : RunAsync(Path.Combine(_bin, tool), arguments);

        /// <summary>
        /// Folders of earlier runs whose server is gone (no postmaster.pid) and that nobody touched for an hour: a test
        /// process that ends abruptly cannot clean up after itself.
        /// </summary>
        private static void RemoveStaleClusters()
        {
            foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), "autodmguard-pg-*"))
            {
                if (!File.Exists(Path.Combine(folder, "data", "postmaster.pid")) && Directory.GetLastWriteTimeUtc(folder) < DateTime.UtcNow.AddHours(-1))
                {
                    try
                    {
                        Directory.Delete(folder, recursive: true);
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                    {
                        // Another run's, still in use: left to it.
                    }
                }
            }
        }

        private static string? FindBinaries() =>
            Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql")
                    .Select(d => Path.Combine(d, "bin"))
                    .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")))
                    .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0)
                    .FirstOrDefault()
                : null;

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        private static async Task RunAsync(string file, string[] arguments)
        {
            var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            using var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}{await output}");
            }
        }
    }
}
