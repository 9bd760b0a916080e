using System.Security.Cryptography;
using System.Text;

namespace Bedtime.Security;

/// <summary>Owner ids appear in logs only hashed: enough to correlate, not to identify.</summary>
public static class OwnerHash
{
    public static string Of(string ownerId) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ownerId)))[..16];
}
