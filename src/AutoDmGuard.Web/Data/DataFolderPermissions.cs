namespace AutoDmGuard.Web.Data;

/// <summary>
/// The data folder holds every account's DMs and the key ring that decrypts their tokens: on Unix it is 700 and every
/// file in it 600, so no other local user reads them. SQLite creates its -wal and -shm files with the database file's
/// mode, so they stay 600 when SQLite recreates them.
/// </summary>
public static class DataFolderPermissions
{
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
}
