using Bedtime.Platform;

namespace Bedtime.Tests.TestSupport;

public static class ProviderAssert
{
    /// <summary>The provider reported a failure with this code and this retry decision.</summary>
    public static void Failure<T>(ProviderResult<T> result, string code, bool transient)
    {
        Assert.False(result.Succeeded, "expected a failure");
        Assert.Equal((code, transient), (result.Failure!.Code, result.Failure.Transient));
    }
}
