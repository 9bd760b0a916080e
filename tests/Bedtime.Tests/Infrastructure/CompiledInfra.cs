using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Bedtime.Tests.Infrastructure;

/// <summary>One resource the template deploys with a given set of parameters: its module, type and evaluated body.</summary>
public sealed record DeployedResource(string Module, string Type, IDictionary<string, object?> Body)
{
    public object? this[string path] => Get(Body, path);

    public string Text(string path) => ArmExpressions.Text(this[path]);

    public static object? Get(object? value, string path)
    {
        foreach (var part in path.Split('.'))
            value = value is IDictionary<string, object?> o && o.TryGetValue(part, out var next) ? next : null;
        return value;
    }
}

/// <summary>
/// The ARM JSON the real Bicep compiler (tools/bicep) makes of infra/main.bicep, and the resources it deploys for a
/// set of parameter values: copy loops expanded, conditions applied, module parameters passed down.
/// </summary>
public sealed class CompiledInfra
{
    public static readonly IReadOnlyDictionary<string, object?> RequiredParameters =
        new Dictionary<string, object?> { ["environmentName"] = "bedtime-test", ["location"] = "westeurope" };

    private static readonly Lazy<JsonObject> MainTemplate = new(() => Compile(Path.Combine(RepositoryPaths.Root, "infra", "main.bicep")));

    public static JsonObject Main => MainTemplate.Value;

    public IReadOnlyList<DeployedResource> Resources { get; }

    public CompiledInfra(JsonObject template, IReadOnlyDictionary<string, object?>? parameters = null)
    {
        var values = new Dictionary<string, object?>(RequiredParameters, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in parameters ?? new Dictionary<string, object?>()) values[key] = value;
        var resources = new List<DeployedResource>();
        Collect(new ArmScope(template, values), "", resources);
        Resources = resources;
    }

    public static CompiledInfra Deploy(IReadOnlyDictionary<string, object?>? parameters = null) => new(Main, parameters);

    public IEnumerable<DeployedResource> OfType(string type) =>
        Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));

    public DeployedResource Single(string type) => Assert.Single(OfType(type));

    /// <summary>The Function App's application settings as the app will read them.</summary>
    public IDictionary<string, object?> AppSettings =>
        (IDictionary<string, object?>)Single("Microsoft.Web/sites/config")["properties"]!;

    private static void Collect(ArmScope scope, string module, List<DeployedResource> into)
    {
        var resources = scope.Template["resources"] switch
        {
            JsonArray array => array.OfType<JsonObject>(),
            JsonObject map => map.Select(p => p.Value).OfType<JsonObject>(),
            _ => [],
        };
        foreach (var resource in resources)
        {
            var count = resource["copy"]?["count"] is { } c ? (long)ArmExpressions.Evaluate(c, scope)! : -1;
            foreach (var itemScope in count < 0 ? [scope] : Enumerable.Range(0, (int)count).Select(scope.WithCopyIndex))
            {
                if (resource["condition"] is { } condition && ArmExpressions.Evaluate(condition, itemScope) is false) continue;
                var type = (string)resource["type"]!;
                if (type == "Microsoft.Resources/deployments")
                {
                    var name = ArmExpressions.Text(ArmExpressions.Evaluate(resource["name"], itemScope));
                    var parameters = ((JsonObject?)resource["properties"]!["parameters"] ?? [])
                        .ToDictionary(p => p.Key, p => ArmExpressions.Evaluate(p.Value!["value"], itemScope), StringComparer.OrdinalIgnoreCase);
                    Collect(new ArmScope((JsonObject)resource["properties"]!["template"]!, parameters), name, into);
                }
                else
                {
                    var body = (IDictionary<string, object?>)ArmExpressions.Evaluate(resource, itemScope)!;
                    into.Add(new DeployedResource(module, type, body));
                }
            }
        }
    }

    /// <summary>Runs the Bicep compiler on a file and returns the ARM JSON; fails on any diagnostic.</summary>
    public static JsonObject Compile(string bicepFile)
    {
        var (exit, output, errors) = BicepCli.Run("build", bicepFile, "--stdout");
        Assert.True(exit == 0 && errors.Length == 0, $"bicep build {bicepFile} failed:\n{errors}");
        return (JsonObject)JsonNode.Parse(output)!;
    }
}

/// <summary>The Bicep compiler restored by tools/bicep/Bicep.Tools.csproj (the one place its version is declared).</summary>
public static partial class BicepCli
{
    public static string Path
    {
        get
        {
            var project = File.ReadAllText(System.IO.Path.Combine(RepositoryPaths.Root, "tools", "bicep", "Bicep.Tools.csproj"));
            var version = BicepVersion().Match(project).Groups[1].Value;
            var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? p
                : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            var path = System.IO.Path.Combine(packages, "azure.bicep.commandline.linux-x64", version, "tools", "bicep");
            Assert.True(File.Exists(path), $"{path} is missing: run 'dotnet restore tools/bicep/Bicep.Tools.csproj' (./scripts/test does)");
            return path;
        }
    }

    public static (int Exit, string Output, string Errors) Run(params string[] args)
    {
        var start = new ProcessStartInfo(Path) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result, errors.Result.Trim());
    }

    [GeneratedRegex("Azure\\.Bicep\\.CommandLine\\.linux-x64\" Version=\"\\[([0-9.]+)\\]")]
    private static partial Regex BicepVersion();
}

public static class RepositoryPaths
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Functions.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Functions.sln not found above the test binaries.");
    }
}
