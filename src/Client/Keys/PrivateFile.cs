namespace LogChat.Client.Keys;

/// <summary>Writes files only their owner can read (0600), replacing them atomically.</summary>
public static class PrivateFile
{
    /// <summary>rw------- : secrets and pins are the owner's alone.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>rwx------ : nobody else may list or enter a profile.</summary>
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>
    /// Writes <paramref name="contents"/> to a temporary file created with mode 0600 and renames it over
    /// <paramref name="path"/>, so a reader never sees a half-written file and the mode is never wider.
    /// </summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> contents)
    {
        var temporary = path + ".tmp";
        var options = new FileStreamOptions
        {
            Mode = System.IO.FileMode.Create,
            Access = FileAccess.Write,
            Share = FileShare.None,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(contents);
            stream.Flush(flushToDisk: true);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, FileMode);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
