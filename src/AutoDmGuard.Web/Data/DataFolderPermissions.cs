using System.Runtime.InteropServices;

namespace AutoDmGuard.Web.Data;

/// <summary>
/// The data folder holds every account's DMs and the certificate that decrypts the key ring, which decrypts their tokens: on Unix it is 700 and every
/// file in it 600, so no other local user reads them. SQLite creates its -wal and -shm files with the database file's
/// mode, so they stay 600 when SQLite recreates them.
/// </summary>
public static partial class DataFolderPermissions
{
    /// <summary>
    /// Owner-only creation mask for the process (umask 077): files created later — the key-encryption certificate, a WAL
    /// SQLite recreates, the instance id — are 600 from the start, with no window in which they are readable.
    /// </summary>
    public static void UseOwnerOnlyFileCreation()
    {
        if (!OperatingSystem.IsWindows())
        {
            _ = NativeMethods.umask(0x3F);
        }
    }

    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Restricts the folder, its subfolders and every file in them (also files an older version left 644).</summary>
    public static void Restrict(string folder)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(folder))
        {
            return;
        }

        File.SetUnixFileMode(folder, FolderMode);
        foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            entry.UnixFileMode = entry is DirectoryInfo ? FolderMode : FileMode;
        }
    }

    /// <summary>Restricts one file (created outside the folder walk, e.g. while the app runs).</summary>
    public static void RestrictFile(string path)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(path))
        {
            File.SetUnixFileMode(path, FileMode);
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "umask")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern uint umask(uint mask);
    }
}
