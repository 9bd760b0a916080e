using System.Reflection.PortableExecutable;

namespace Bedtime.Tests.Platform;

/// <summary>Runs when ./scripts/test has published the Functions app as azd does, and points at the package.</summary>
public sealed class FunctionsPackageFactAttribute : FactAttribute
{
    public const string Variable = "BEDTIME_FUNCTIONS_PACKAGE";

    public FunctionsPackageFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
            Skip = $"Runs on the published package (./scripts/test publishes it and sets {Variable}).";
    }
}

public sealed class FunctionsPackageTests
{
    private static string Package => Environment.GetEnvironmentVariable(FunctionsPackageFactAttribute.Variable)!;

    [FunctionsPackageFact]
    public void The_package_holds_what_the_Functions_host_reads_at_start_and_no_local_settings()
    {
        foreach (var needed in new[] { "host.json", "functions.metadata", "worker.config.json", "extensions.json", "Bedtime.Functions.dll", "Bedtime.dll" })
            Assert.True(File.Exists(Path.Combine(Package, needed)), $"the package lacks {needed}");
        Assert.False(File.Exists(Path.Combine(Package, "local.settings.json")), "the package contains local.settings.json");
    }

    [FunctionsPackageFact]
    public void The_app_assemblies_are_precompiled_ReadyToRun_so_a_cold_instance_does_not_JIT_them()
    {
        foreach (var assembly in new[] { "Bedtime.Functions.dll", "Bedtime.dll" })
        {
            using var file = File.OpenRead(Path.Combine(Package, assembly));
            using var pe = new PEReader(file);
            // ReadyToRun code is announced by the CLI header's managed native header; plain IL has none.
            Assert.True(pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0, $"{assembly} is not ReadyToRun");
        }
    }
}
