namespace Bedtime.Platform;

/// <summary>A new temporary folder only its owner can enter (mode 700 on Unix), deleted with its files on dispose.</summary>
internal sealed class PrivateTempFolder : IDisposable
{
    private readonly DirectoryInfo _folder;

    private PrivateTempFolder(DirectoryInfo folder) => _folder = folder;

    public static PrivateTempFolder Create(string prefix) => new(Directory.CreateTempSubdirectory(prefix));

    public string PathOf(string fileName) => Path.Combine(_folder.FullName, fileName);

    public void Dispose()
    {
        try
        {
            _folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the folder is private and under the system's temporary path.
        }
    }
}
