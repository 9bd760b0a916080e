using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Bedtime.Tests.TestSupport;

/// <summary>
/// The EICAR anti-malware test file, assembled at run time from parts so that this source file never contains it
/// whole (scanners on developer machines would quarantine it), and a ClamAV signature database made by the project
/// for it: an MD5 hash signature (<c>md5:size:name</c>), so no freshclam download is needed.
/// </summary>
public static class Eicar
{
    public const string SignatureName = "Bedtime.Test.EICAR";
    /// <summary>What clamscan reports: signatures outside ClamAV's official databases get ".UNOFFICIAL".</summary>
    public const string ReportedName = SignatureName + ".UNOFFICIAL";

    private static readonly string[] Parts = ["X5O!P%@AP[4\\PZX54(P^)7CC)7}$", "EICAR-STANDARD-", "ANTIVIRUS-TEST-", "FILE!$H+H*"];

    public static byte[] Bytes() => Encoding.ASCII.GetBytes(string.Concat(Parts));

    /// <summary>Writes <c>bedtime-test.hdb</c> into <paramref name="folder"/> and returns the folder.</summary>
    public static string WriteSignatureDatabase(string folder)
    {
        var bytes = Bytes();
        var line = string.Create(CultureInfo.InvariantCulture, $"{Convert.ToHexStringLower(MD5.HashData(bytes))}:{bytes.Length}:{SignatureName}\n");
        File.WriteAllText(Path.Combine(folder, "bedtime-test.hdb"), line);
        return folder;
    }
}
