namespace LogChat.Client.Keys;

/// <summary>
/// One user's profile on this device: <c>&lt;home&gt;/&lt;username&gt;/</c> holding the encrypted identity key,
/// the pin store and the network settings (listen port, reachability measured). The folder is private to the owner (mode 0700).
/// </summary>
public sealed class ProfileFolder
{
    private const string IdentityKeyFileName = "identity.key";
    private const string PendingIdentityKeyFileName = "identity.key.pending";
    private const string PinsFileName = "pins.json";
    private const string NetworkFileName = "network.json";

    private ProfileFolder(string home, string username)
    {
        Home = home;
        Username = username;
        Path = System.IO.Path.Combine(home, username);
    }

    /// <summary>The folder that holds every profile.</summary>
    public string Home { get; }

    /// <summary>The canonical (lower-case) username the profile belongs to.</summary>
    public string Username { get; }

    /// <summary>The profile's own folder.</summary>
    public string Path { get; }

    /// <summary>The encrypted identity key file.</summary>
    public string IdentityKeyPath => System.IO.Path.Combine(Path, IdentityKeyFileName);

    /// <summary>
    /// The identity key file of a password change or key rotation the coordinator has not confirmed yet; it replaces
    /// <see cref="IdentityKeyPath"/> once it has (see <see cref="IdentityKeyStore.PromotePending"/>).
    /// </summary>
    public string PendingIdentityKeyPath => System.IO.Path.Combine(Path, PendingIdentityKeyFileName);

    /// <summary>The pinned identity keys of known peers.</summary>
    public string PinsPath => System.IO.Path.Combine(Path, PinsFileName);

    /// <summary>The listener port and the latest reachability measurement.</summary>
    public string NetworkPath => System.IO.Path.Combine(Path, NetworkFileName);

    /// <summary>Whether a registered identity lives in this profile.</summary>
    public bool Exists => File.Exists(IdentityKeyPath);

    /// <summary>The profile of <paramref name="username"/> under <paramref name="home"/> (not created).</summary>
    public static ProfileFolder For(string home, string username)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(home);
        return new ProfileFolder(home, Usernames.Normalize(username));
    }

    /// <summary>The usernames of every profile with an identity key under <paramref name="home"/>.</summary>
    public static IReadOnlyList<string> List(string home)
    {
        if (!Directory.Exists(home))
        {
            return [];
        }

        return Directory.EnumerateDirectories(home)
            .Where(dir => File.Exists(System.IO.Path.Combine(dir, IdentityKeyFileName)))
            .Select(dir => System.IO.Path.GetFileName(dir))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Creates the home and profile folders if needed and makes both private to the owner.</summary>
    public void Create()
    {
        CreatePrivateDirectory(Home);
        CreatePrivateDirectory(Path);
    }

    private static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        Directory.CreateDirectory(path, PrivateFile.DirectoryMode);
        File.SetUnixFileMode(path, PrivateFile.DirectoryMode);
    }
}
