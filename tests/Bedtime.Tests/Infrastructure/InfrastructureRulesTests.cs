using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Bedtime.Platform;

namespace Bedtime.Tests.Infrastructure;

/// <summary>
/// Rules over the Bicep in infra/ (and the workbook JSON), checked without a Bicep compiler. Each rule is a
/// small static function over text, so the tests run it on the real files and on deliberately broken
/// snippets alike. The Bicep grammar itself is checked by tools/infra-checks (tree-sitter-bicep).
/// </summary>
public static class BicepRules
{
    public sealed record Violation(string File, int Line, string Rule, string Detail)
    {
        public override string ToString() => $"{File}:{Line}: {Rule}: {Detail}";
    }

    /// <summary>A <c>resource</c> declaration: symbolic name, type, API version and the text of its body.</summary>
    public sealed record ResourceDeclaration(string Symbol, string Type, string ApiVersion, bool Existing, int Line, string Body);

    /// <summary>
    /// Types that take no tags (child or extension resources). Every other declared resource must have tags.
    /// </summary>
    public static readonly IReadOnlySet<string> UntaggableTypes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Microsoft.Authorization/roleAssignments",
        "Microsoft.Insights/diagnosticSettings",
        "Microsoft.Storage/storageAccounts/blobServices",
        "Microsoft.Storage/storageAccounts/blobServices/containers",
        "Microsoft.Storage/storageAccounts/queueServices",
        "Microsoft.Storage/storageAccounts/queueServices/queues",
        "Microsoft.Storage/storageAccounts/managementPolicies",
        "Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments",
        "Microsoft.Web/sites/config",
        "Microsoft.Web/sites/basicPublishingCredentialsPolicies",
        "Microsoft.Security/defenderForStorageSettings",
        "Microsoft.CognitiveServices/accounts/deployments",
    };

    private static readonly Regex ResourceHeader = new(
        @"^[ \t]*resource\s+(?<symbol>\w+)\s+'(?<type>[^'@]+)@(?<version>[^']+)'\s+(?<existing>existing\s+)?=",
        RegexOptions.Multiline);

    // Values that would put a key or a connection string with a secret into configuration.
    private static readonly (Regex Pattern, string Why)[] SecretPatterns =
    [
        (new Regex(@"\blistKeys\s*\(", RegexOptions.IgnoreCase), "listKeys() reads account keys"),
        (new Regex(@"\blistConnectionStrings\s*\(", RegexOptions.IgnoreCase), "listConnectionStrings() reads connection strings with keys"),
        (new Regex(@"\blist(Account)?Sas\s*\(", RegexOptions.IgnoreCase), "SAS tokens are secrets"),
        (new Regex(@"AccountKey\s*=", RegexOptions.IgnoreCase), "connection string with an account key"),
        (new Regex(@"SharedAccessKey", RegexOptions.IgnoreCase), "shared access key"),
        (new Regex(@"InstrumentationKey\s*=", RegexOptions.IgnoreCase), "instrumentation-key connection string built by hand"),
        (new Regex(@"\bprimaryMasterKey\b|\bsecondaryMasterKey\b|\bprimaryKey\b|\bsecondaryKey\b", RegexOptions.IgnoreCase), "account key"),
        (new Regex(@"DefaultEndpointsProtocol\s*=", RegexOptions.IgnoreCase), "storage connection string"),
        (new Regex(@"AccountEndpoint\s*=", RegexOptions.IgnoreCase), "Cosmos DB connection string"),
    ];

    /// <summary>Finds resource declarations and extracts their bodies (balanced braces, strings and comments skipped).</summary>
    public static IReadOnlyList<ResourceDeclaration> Resources(string text)
    {
        var result = new List<ResourceDeclaration>();
        foreach (Match match in ResourceHeader.Matches(text))
        {
            var open = IndexOfCode(text, '{', match.Index + match.Length);
            var body = open < 0 ? string.Empty : BalancedBlock(text, open);
            result.Add(new ResourceDeclaration(
                match.Groups["symbol"].Value,
                match.Groups["type"].Value,
                match.Groups["version"].Value,
                match.Groups["existing"].Success,
                LineOf(text, match.Index),
                body));
        }

        return result;
    }

    /// <summary>Rule: every declared (not <c>existing</c>) resource of a taggable type has a top-level <c>tags:</c>.</summary>
    public static IReadOnlyList<Violation> UntaggedResources(string file, string text) =>
        Resources(text)
            .Where(r => !r.Existing && !UntaggableTypes.Contains(r.Type))
            .Where(r => !TopLevelKeys(r.Body).Contains("tags"))
            .Select(r => new Violation(file, r.Line, "untagged resource", $"{r.Symbol} ({r.Type}) has no tags"))
            .ToList();

    /// <summary>
    /// Rule: no key, SAS or connection string with a secret anywhere in the Bicep, and no app setting whose
    /// name says it holds a connection string (the Application Insights one carries no secret).
    /// </summary>
    public static IReadOnlyList<Violation> SecretsInSettings(string file, string text)
    {
        var violations = new List<Violation>();
        var code = WithoutComments(text);
        var lines = code.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            foreach (var (pattern, why) in SecretPatterns)
            {
                if (pattern.IsMatch(lines[i]))
                {
                    violations.Add(new Violation(file, i + 1, "secret in configuration", why));
                }
            }
        }

        foreach (var (name, line) in AppSettingNames(code))
        {
            var holdsConnectionString = name.Equals("AzureWebJobsStorage", StringComparison.OrdinalIgnoreCase)
                || (name.Replace("_", string.Empty, StringComparison.Ordinal).Contains("ConnectionString", StringComparison.OrdinalIgnoreCase)
                    && !name.Equals("APPLICATIONINSIGHTS_CONNECTION_STRING", StringComparison.Ordinal))
                || Regex.IsMatch(name, @"(Key|Secret|Password|Sas)$", RegexOptions.IgnoreCase);
            if (holdsConnectionString)
            {
                violations.Add(new Violation(file, line, "secret in configuration", $"app setting {name} holds a connection string or key"));
            }
        }

        return violations;
    }

    /// <summary>Names of the app settings declared in <c>var appSettings = { ... }</c>, with their lines.</summary>
    public static IReadOnlyList<(string Name, int Line)> AppSettingNames(string text)
    {
        var match = Regex.Match(text, @"^[ \t]*var\s+appSettings\s*=\s*\{", RegexOptions.Multiline);
        if (!match.Success)
        {
            return [];
        }

        var open = match.Index + match.Length - 1;
        var body = BalancedBlock(text, open);
        var firstLine = LineOf(text, open);
        return TopLevelKeyLines(body).Select(k => (k.Key, firstLine + k.Line)).ToList();
    }

    /// <summary>Symbols used as <c>scope:</c> of diagnostic settings, mapped to the types they name in the same text.</summary>
    public static IReadOnlySet<string> TypesWithDiagnostics(string text)
    {
        var resources = Resources(text);
        var bySymbol = resources.GroupBy(r => r.Symbol).ToDictionary(g => g.Key, g => g.First().Type);
        var types = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var diagnostic in resources.Where(r => r.Type.Equals("Microsoft.Insights/diagnosticSettings", StringComparison.OrdinalIgnoreCase)))
        {
            var scope = Regex.Match(diagnostic.Body, @"^\s*scope:\s*(\w+)", RegexOptions.Multiline);
            if (scope.Success && bySymbol.TryGetValue(scope.Groups[1].Value, out var type))
            {
                types.Add(type);
            }
        }

        return types;
    }

    /// <summary>
    /// Role definition ids assigned to <paramref name="principalSymbol"/> by Azure RBAC role assignments and
    /// Cosmos DB SQL role assignments in the text (GUID literals or variables/object members holding them).
    /// </summary>
    public static IReadOnlySet<string> RolesAssignedTo(string text, string principalSymbol)
    {
        var guids = GuidVariables(text);
        var roles = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var assignmentTypes = new[] { "Microsoft.Authorization/roleAssignments", "Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments" };
        foreach (var assignment in Resources(text).Where(r => assignmentTypes.Contains(r.Type, StringComparer.OrdinalIgnoreCase)))
        {
            if (!Regex.IsMatch(assignment.Body, $@"^\s*principalId:\s*{Regex.Escape(principalSymbol)}\s*$", RegexOptions.Multiline))
            {
                continue;
            }

            var definition = Regex.Match(assignment.Body, @"^\s*roleDefinitionId:\s*(?<expr>.+)$", RegexOptions.Multiline);
            if (!definition.Success)
            {
                continue;
            }

            var expression = definition.Groups["expr"].Value;
            foreach (Match literal in GuidPattern.Matches(expression))
            {
                roles.Add(literal.Value);
            }

            foreach (Match reference in Regex.Matches(expression, @"\b[A-Za-z_]\w*(\.[A-Za-z_]\w*)?\b"))
            {
                if (guids.TryGetValue(reference.Value, out var guid))
                {
                    roles.Add(guid);
                }
            }
        }

        return roles;
    }

    /// <summary>String items of <c>var name = [ ... ]</c>.</summary>
    public static IReadOnlyList<string> StringArrayVariable(string text, string name)
    {
        var match = Regex.Match(text, $@"^[ \t]*var\s+{Regex.Escape(name)}\s*=\s*\[", RegexOptions.Multiline);
        Assert.True(match.Success, $"var {name} = [ ... ] not found");
        var body = BalancedBlock(text, match.Index + match.Length - 1);
        return Regex.Matches(body, @"^\s*'(?<item>[^']*)'\s*$", RegexOptions.Multiline).Select(m => m.Groups["item"].Value).ToList();
    }

    /// <summary>The objects of <c>var name = [ { ... } ... ]</c> as key/value maps of their top-level properties.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> ObjectArrayVariable(string text, string name)
    {
        var match = Regex.Match(text, $@"^[ \t]*var\s+{Regex.Escape(name)}\s*=\s*\[", RegexOptions.Multiline);
        Assert.True(match.Success, $"var {name} = [ ... ] not found");
        var body = BalancedBlock(text, match.Index + match.Length - 1);
        var objects = new List<IReadOnlyDictionary<string, string>>();
        var position = 1;
        while ((position = IndexOfCode(body, '{', position)) >= 0)
        {
            var item = BalancedBlock(body, position);
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match property in Regex.Matches(item, @"^\s*(?<key>\w+):\s*(?<value>.+?)\s*$", RegexOptions.Multiline))
            {
                values.TryAdd(property.Groups["key"].Value, property.Groups["value"].Value.Trim('\''));
            }

            objects.Add(values);
            position += item.Length;
        }

        return objects;
    }

    /// <summary>Value of <c>var name = '''...'''</c> or <c>var name = '...'</c>.</summary>
    public static string StringVariable(string text, string name)
    {
        var multiLine = Regex.Match(text, $@"^[ \t]*var\s+{Regex.Escape(name)}\s*=\s*'''(?<value>.*?)'''", RegexOptions.Multiline | RegexOptions.Singleline);
        if (multiLine.Success)
        {
            return multiLine.Groups["value"].Value;
        }

        var single = Regex.Match(text, $@"^[ \t]*var\s+{Regex.Escape(name)}\s*=\s*'(?<value>[^']*)'", RegexOptions.Multiline);
        Assert.True(single.Success, $"var {name} = '...' not found");
        return single.Groups["value"].Value;
    }

    /// <summary>Every custom metric name ("bedtime.x.y") mentioned in the text.</summary>
    public static IReadOnlySet<string> MetricNames(string text) =>
        Regex.Matches(text, @"\bbedtime(\.[a-z0-9_]+){2,}\b").Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

    private static readonly Regex GuidPattern = new(@"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b");

    /// <summary><c>var x = 'guid'</c> and the members of <c>var x = { key: 'guid' }</c> (as <c>x.key</c>).</summary>
    private static Dictionary<string, string> GuidVariables(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match single in Regex.Matches(text, @"^[ \t]*var\s+(?<name>\w+)\s*=\s*'(?<guid>[0-9a-fA-F-]{36})'", RegexOptions.Multiline))
        {
            result[single.Groups["name"].Value] = single.Groups["guid"].Value;
        }

        foreach (Match obj in Regex.Matches(text, @"^[ \t]*var\s+(?<name>\w+)\s*=\s*\{", RegexOptions.Multiline))
        {
            var body = BalancedBlock(text, obj.Index + obj.Length - 1);
            foreach (Match member in Regex.Matches(body, @"^\s*(?<key>\w+):\s*'(?<guid>[0-9a-fA-F-]{36})'", RegexOptions.Multiline))
            {
                result[$"{obj.Groups["name"].Value}.{member.Groups["key"].Value}"] = member.Groups["guid"].Value;
            }
        }

        return result;
    }

    /// <summary>Keys of the properties directly inside a block that starts with '{'.</summary>
    private static HashSet<string> TopLevelKeys(string block) =>
        TopLevelKeyLines(block).Select(k => k.Key).ToHashSet(StringComparer.Ordinal);

    private static List<(string Key, int Line)> TopLevelKeyLines(string block)
    {
        var keys = new List<(string, int)>();
        var depth = 0;
        var line = 0;
        var atLineStart = true;
        for (var i = 0; i < block.Length; i++)
        {
            var c = block[i];
            if (c == '\n')
            {
                line++;
                atLineStart = true;
                continue;
            }

            if (atLineStart && !char.IsWhiteSpace(c))
            {
                atLineStart = false;
                if (depth == 1)
                {
                    var key = Regex.Match(block[i..], @"^(?<key>[A-Za-z_]\w*|'[^'\n]+')\s*:");
                    if (key.Success)
                    {
                        keys.Add((key.Groups["key"].Value.Trim('\''), line));
                    }
                }
            }

            if (SkipStringOrComment(block, ref i, ref line))
            {
                continue;
            }

            if (c is '{' or '[' or '(')
            {
                depth++;
            }
            else if (c is '}' or ']' or ')')
            {
                depth--;
            }
        }

        return keys;
    }

    /// <summary>The text of the block opened at <paramref name="open"/>, up to and including its closing bracket.</summary>
    private static string BalancedBlock(string text, int open)
    {
        var depth = 0;
        var line = 0;
        for (var i = open; i < text.Length; i++)
        {
            if (SkipStringOrComment(text, ref i, ref line))
            {
                continue;
            }

            var c = text[i];
            if (c is '{' or '[' or '(')
            {
                depth++;
            }
            else if (c is '}' or ']' or ')')
            {
                depth--;
                if (depth == 0)
                {
                    return text[open..(i + 1)];
                }
            }
        }

        return text[open..];
    }

    private static int IndexOfCode(string text, char wanted, int start)
    {
        var line = 0;
        for (var i = start; i < text.Length; i++)
        {
            if (SkipStringOrComment(text, ref i, ref line))
            {
                continue;
            }

            if (text[i] == wanted)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>If a string or comment starts at i, moves i to its last character and returns true.</summary>
    private static bool SkipStringOrComment(string text, ref int i, ref int line)
    {
        if (string.CompareOrdinal(text, i, "'''", 0, 3) == 0)
        {
            var end = text.IndexOf("'''", i + 3, StringComparison.Ordinal);
            end = end < 0 ? text.Length - 1 : end + 2;
            line += CountNewLines(text, i, end);
            i = end;
            return true;
        }

        if (text[i] == '\'')
        {
            var j = i + 1;
            while (j < text.Length && text[j] != '\'' && text[j] != '\n')
            {
                j += text[j] == '\\' ? 2 : 1;
            }

            // An unterminated string ends at the line break, which the caller still has to see.
            i = j < text.Length && text[j] == '\n' ? j - 1 : Math.Min(j, text.Length - 1);
            return true;
        }

        if (string.CompareOrdinal(text, i, "//", 0, 2) == 0)
        {
            var end = text.IndexOf('\n', i);
            i = (end < 0 ? text.Length : end) - 1;
            return true;
        }

        if (string.CompareOrdinal(text, i, "/*", 0, 2) == 0)
        {
            var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
            end = end < 0 ? text.Length - 1 : end + 1;
            line += CountNewLines(text, i, end);
            i = end;
            return true;
        }

        return false;
    }

    private static int CountNewLines(string text, int from, int to)
    {
        var count = 0;
        for (var k = from; k <= to && k < text.Length; k++)
        {
            if (text[k] == '\n')
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The text with // and /* */ comments blanked out (line numbers kept).</summary>
    public static string WithoutComments(string text)
    {
        var builder = new StringBuilder(text);
        var line = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var start = i;
            var isComment = text[i] == '/' && i + 1 < text.Length && (text[i + 1] == '/' || text[i + 1] == '*');
            if (SkipStringOrComment(text, ref i, ref line) && isComment)
            {
                for (var k = start; k <= i && k < text.Length; k++)
                {
                    if (builder[k] != '\n')
                    {
                        builder[k] = ' ';
                    }
                }
            }
        }

        return builder.ToString();
    }

    private static int LineOf(string text, int index)
    {
        var line = 1;
        for (var i = 0; i < index && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
            }
        }

        return line;
    }
}

public sealed class InfrastructureRulesTests
{
    private static readonly Lazy<string> RepoRoot = new(FindRepoRoot);

    private static string FindRepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Functions.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        return directory.FullName;
    }

    private static string Infra(string relative) => Path.Combine(RepoRoot.Value, "infra", relative);

    private static string Read(string relative) => File.ReadAllText(Infra(relative)).Replace("\r\n", "\n", StringComparison.Ordinal);

    private static IEnumerable<(string File, string Text)> BicepFiles() =>
        Directory.EnumerateFiles(Path.Combine(RepoRoot.Value, "infra"), "*.bicep", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(path => (Path.GetRelativePath(RepoRoot.Value, path).Replace('\\', '/'), File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal)));

    private static string AllInfraText() =>
        string.Join('\n', BicepFiles().Select(f => f.Text)) + '\n' + Read(Path.Combine("app", "workbook.json"));

    private static IReadOnlyDictionary<string, string> TelemetryConstants() =>
        typeof(TelemetryNames)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);

    [Fact]
    public void The_infra_folder_has_the_main_template_and_its_modules()
    {
        var files = BicepFiles().Select(f => f.File).ToList();
        Assert.Contains("infra/main.bicep", files);
        Assert.True(files.Count >= 10, $"expected the app modules under infra/app, found: {string.Join(", ", files)}");
    }

    [Fact]
    public void No_app_setting_holds_a_key_or_a_connection_string_with_a_secret()
    {
        var violations = BicepFiles().SelectMany(f => BicepRules.SecretsInSettings(f.File, f.Text)).ToList();
        Assert.Empty(violations);
    }

    [Fact]
    public void The_app_settings_are_the_ones_the_application_reads()
    {
        var names = BicepRules.AppSettingNames(Read("main.bicep")).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        string[] expected =
        [
            "AzureWebJobsStorage__blobServiceUri", "AzureWebJobsStorage__queueServiceUri", "AzureWebJobsStorage__credential",
            "AzureWebJobsStorage__clientId", "AZURE_CLIENT_ID", "Cosmos__Endpoint", "Cosmos__Database", "Cosmos__ConnectionMode",
            "KeyVault__VaultUri", "APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
            ScheduleSettings.Backup, ScheduleSettings.SecretRotation, ScheduleSettings.Sweeper, "Provisioning__CreateOnStart",
            "Auth__Authority", "Auth__Audience", "Cors__AllowedOrigins", "StoryWriter__Provider", "OpenAI__Endpoint",
            "OpenAI__Deployment", "Narrator__Provider", "Speech__Endpoint", "Speech__Region", "MalwareScanner__Provider",
        ];
        Assert.Empty(expected.Except(names));
    }

    [Fact]
    public void Every_taggable_resource_declaration_is_tagged()
    {
        var violations = BicepFiles().SelectMany(f => BicepRules.UntaggedResources(f.File, f.Text)).ToList();
        Assert.Empty(violations);
    }

    [Fact]
    public void The_resource_group_and_the_function_app_carry_the_azd_tags()
    {
        var main = Read("main.bicep");
        Assert.Contains("'azd-env-name': environmentName", main, StringComparison.Ordinal);
        var api = Read(Path.Combine("app", "api.bicep"));
        Assert.Contains("'azd-service-name': 'api'", api, StringComparison.Ordinal);
    }

    [Fact]
    public void Diagnostic_settings_exist_for_the_function_app_storage_cosmos_and_key_vault()
    {
        var covered = BicepFiles().SelectMany(f => BicepRules.TypesWithDiagnostics(f.Text)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        string[] required =
        [
            "Microsoft.Web/sites",
            "Microsoft.Storage/storageAccounts",
            "Microsoft.Storage/storageAccounts/blobServices",
            "Microsoft.Storage/storageAccounts/queueServices",
            "Microsoft.DocumentDB/databaseAccounts",
            "Microsoft.KeyVault/vaults",
        ];
        Assert.Empty(required.Except(covered, StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_role_assignments_the_code_needs_exist_for_the_app_identity()
    {
        var rbac = BicepRules.RolesAssignedTo(Read(Path.Combine("app", "rbac.bicep")), "appPrincipalId");
        // Storage Blob Data Owner: blobs, user delegation SAS, and reading blob index tags (Defender for Storage's
        // malware verdict), which Storage Blob Data Contributor cannot.
        Assert.Contains("b7e6dc6d-f1e8-4753-8033-0f276bb0955b", rbac);
        Assert.Contains("974c5e8b-45b9-4653-ba55-5f855dd0fb88", rbac); // Storage Queue Data Contributor
        Assert.Contains("b86a8fe4-44ce-4948-aee5-eccb2c155cd7", rbac); // Key Vault Secrets Officer (rotation)
        Assert.Contains("3913510d-42f4-4e42-8a64-420c390055eb", rbac); // Monitoring Metrics Publisher

        var cosmos = BicepRules.RolesAssignedTo(Read(Path.Combine("app", "cosmos.bicep")), "appPrincipalId");
        Assert.Contains("00000000-0000-0000-0000-000000000002", cosmos); // Cosmos DB Built-in Data Contributor

        var ai = BicepRules.RolesAssignedTo(Read(Path.Combine("app", "ai.bicep")), "appPrincipalId");
        Assert.Contains("5e0bd9bd-7b93-4f28-af87-19fc36ad61bd", ai); // Cognitive Services OpenAI User
        Assert.Contains("f2dc8367-1007-4938-bd23-fe263f013447", ai); // Cognitive Services Speech User
    }

    [Fact]
    public void The_deploying_user_gets_the_same_data_roles_for_local_development()
    {
        var rbac = BicepRules.RolesAssignedTo(Read(Path.Combine("app", "rbac.bicep")), "userPrincipalId");
        Assert.Contains("ba92f5b4-2d11-453d-a403-e96b0029c9fe", rbac);
        Assert.Contains("974c5e8b-45b9-4653-ba55-5f855dd0fb88", rbac);
        Assert.Contains("b86a8fe4-44ce-4948-aee5-eccb2c155cd7", rbac);
        var cosmos = BicepRules.RolesAssignedTo(Read(Path.Combine("app", "cosmos.bicep")), "userPrincipalId");
        Assert.Contains("00000000-0000-0000-0000-000000000002", cosmos);
    }

    [Fact]
    public void Every_queue_the_application_uses_is_declared_in_bicep()
    {
        var declared = BicepRules.StringArrayVariable(Read(Path.Combine("app", "storage.bicep")), "queueNames");
        Assert.Equal(QueueNames.All.Order(StringComparer.Ordinal), declared.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_blob_container_the_application_uses_is_declared_in_bicep()
    {
        var storage = Read(Path.Combine("app", "storage.bicep"));
        var declared = BicepRules.StringArrayVariable(storage, "blobContainerNames");
        Assert.Equal(BlobContainers.All.Order(StringComparer.Ordinal), declared.Order(StringComparer.Ordinal));
        Assert.Contains($"'{BlobContainers.Backups}/'", storage, StringComparison.Ordinal); // lifecycle rule prefix
    }

    [Fact]
    public void Every_cosmos_container_the_application_uses_is_declared_with_the_owner_partition_key()
    {
        var cosmos = Read(Path.Combine("app", "cosmos.bicep"));
        var containers = BicepRules.ObjectArrayVariable(cosmos, "cosmosContainers");
        Assert.Equal(CosmosContainers.All.Order(StringComparer.Ordinal), containers.Select(c => c["name"]).Order(StringComparer.Ordinal));
        Assert.Equal(CosmosContainers.PartitionKeyPath, BicepRules.StringVariable(cosmos, "partitionKeyPath"));

        var expiring = Assert.Single(containers, c => c["name"] == CosmosContainers.Expiring);
        Assert.Equal("true", expiring["perItemTtl"]);
        Assert.Contains("defaultTtl: -1", cosmos, StringComparison.Ordinal);
        Assert.All(containers.Where(c => c["name"] != CosmosContainers.Expiring), c => Assert.Equal("false", c["perItemTtl"]));
        Assert.Contains("var cosmosDatabaseName = 'bedtime'", Read("main.bicep"), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_metric_name_used_by_alerts_and_the_workbook_is_a_telemetry_name()
    {
        var known = TelemetryConstants().Values.ToHashSet(StringComparer.Ordinal);
        var used = BicepRules.MetricNames(AllInfraText());
        Assert.NotEmpty(used);
        Assert.Empty(used.Except(known));
    }

    [Fact]
    public void Every_alert_of_the_design_exists_with_its_threshold()
    {
        var alerts = Read(Path.Combine("app", "alerts.bicep"));
        var rules = BicepRules.ObjectArrayVariable(alerts, "rules").ToDictionary(r => r["key"], StringComparer.Ordinal);
        var telemetry = TelemetryConstants();

        void Expect(string key, string severity, string op, string threshold, string window, params string[] queryMustContain)
        {
            if (!rules.TryGetValue(key, out var rule))
            {
                Assert.Fail($"alert rule '{key}' is missing");
                return;
            }

            Assert.Equal(severity, rule["severity"]);
            Assert.Equal(op, rule["operator"]);
            Assert.Equal(threshold, rule["threshold"]);
            Assert.Equal(window, rule["window"]);
            var query = BicepRules.StringVariable(alerts, rule["query"]);
            foreach (var fragment in queryMustContain)
            {
                Assert.Contains(fragment, query, StringComparison.Ordinal);
            }
        }

        Expect("http-5xx-rate-warning", "2", "GreaterThan", "5", "PT5M", "requests", ">= 500");
        Expect("http-5xx-rate-critical", "1", "GreaterThan", "10", "PT5M", "requests", ">= 500");
        Expect("http-p95-duration-warning", "2", "GreaterThan", "2000", "PT5M", "percentile(duration, 95)");
        Expect("http-p95-duration-critical", "1", "GreaterThan", "5000", "PT5M", "percentile(duration, 95)");
        Expect("uploads-failed", "2", "GreaterThan", "3", "PT1M", $"\"{telemetry[nameof(TelemetryNames.UploadsFailed)]}\"");
        Expect("story-completion-slow", "2", "GreaterThan", "600", "PT15M", $"\"{telemetry[nameof(TelemetryNames.StoryEndToEndSeconds)]}\"");
        Expect("jobs-poisoned", "1", "GreaterThan", "0", "PT5M", $"\"{telemetry[nameof(TelemetryNames.JobsPoisoned)]}\"");
        Expect("backup-missing", "1", "LessThan", "1", "PT2H", $"\"{telemetry[nameof(TelemetryNames.BackupsSucceeded)]}\"");
        Expect("secret-near-expiry", "2", "LessThanOrEqual", "30", "P1D", $"\"{telemetry[nameof(TelemetryNames.SecretsExpiring)]}\"");
        Expect("health-failing", "1", "GreaterThan", "0", "PT5M", $"\"{telemetry[nameof(TelemetryNames.HealthChecksFailed)]}\"", "/api/health", "503");

        Assert.Contains("'Microsoft.Insights/actionGroups@", alerts, StringComparison.Ordinal);
        Assert.Contains("emailAddress: alertEmail", alerts, StringComparison.Ordinal);
    }

    [Fact]
    public void The_function_app_runs_dotnet_10_isolated_on_flex_consumption_with_https_and_no_ftp()
    {
        var api = Read(Path.Combine("app", "api.bicep"));
        Assert.Contains("tier: 'FlexConsumption'", api, StringComparison.Ordinal);
        Assert.Contains("name: 'dotnet-isolated'", api, StringComparison.Ordinal);
        Assert.Contains("version: '10.0'", api, StringComparison.Ordinal);
        Assert.Contains("httpsOnly: true", api, StringComparison.Ordinal);
        Assert.Contains("minTlsVersion: '1.2'", api, StringComparison.Ordinal);
        Assert.Contains("ftpsState: 'Disabled'", api, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Matches(api, @"allow: false").Count);
    }

    [Fact]
    public void Local_authentication_is_disabled_on_storage_cosmos_insights_and_ai_services()
    {
        Assert.Contains("allowSharedKeyAccess: false", Read(Path.Combine("app", "storage.bicep")), StringComparison.Ordinal);
        Assert.Contains("allowBlobPublicAccess: false", Read(Path.Combine("app", "storage.bicep")), StringComparison.Ordinal);
        Assert.Contains("disableLocalAuth: true", Read(Path.Combine("app", "cosmos.bicep")), StringComparison.Ordinal);
        Assert.Contains("DisableLocalAuth: true", Read(Path.Combine("app", "monitoring.bicep")), StringComparison.Ordinal);
        Assert.Equal(2, Regex.Matches(Read(Path.Combine("app", "ai.bicep")), "disableLocalAuth: true").Count);
        Assert.Contains("enableRbacAuthorization: true", Read(Path.Combine("app", "keyvault.bicep")), StringComparison.Ordinal);
    }

    [Fact]
    public void No_output_carries_a_secret_parameter()
    {
        foreach (var (file, text) in BicepFiles())
        {
            var secure = Regex.Matches(text, @"@secure\(\)\s*(?:@[^\n]*\n\s*)*param\s+(\w+)").Select(m => m.Groups[1].Value).ToList();
            foreach (Match output in Regex.Matches(text, @"^output\s+\w+\s+\w+\s*=\s*(.+)$", RegexOptions.Multiline))
            {
                foreach (var name in secure)
                {
                    Assert.False(Regex.IsMatch(output.Groups[1].Value, $@"\b{Regex.Escape(name)}\b"), $"{file}: output uses secure parameter {name}");
                }
            }
        }
    }

    [Fact]
    public void The_rules_catch_an_untagged_resource_and_a_key_in_app_settings()
    {
        const string broken = """
            resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
              name: 'stbroken'
              location: 'westeurope'
              properties: {
                tags: 'a nested key named tags does not tag the resource'
              }
            }

            resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
              name: 'kv-fine'
              location: 'westeurope'
              tags: {
                application: 'bedtime'
              }
            }

            resource diag 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
              name: 'needs-no-tags'
              scope: storage
            }

            var appSettings = {
              AzureWebJobsStorage: 'DefaultEndpointsProtocol=https;AccountName=stbroken;AccountKey=${storage.listKeys().keys[0].value}'
              Cosmos__Endpoint: 'https://example.documents.azure.com:443/'
            }
            """;

        var untagged = BicepRules.UntaggedResources("broken.bicep", broken);
        var violation = Assert.Single(untagged);
        Assert.Equal(1, violation.Line);
        Assert.Contains("storage (Microsoft.Storage/storageAccounts)", violation.Detail, StringComparison.Ordinal);

        var secrets = BicepRules.SecretsInSettings("broken.bicep", broken);
        Assert.Contains(secrets, v => v.Line == 23 && v.Detail.Contains("listKeys", StringComparison.Ordinal));
        Assert.Contains(secrets, v => v.Line == 23 && v.Detail.Contains("account key", StringComparison.Ordinal));
        Assert.Contains(secrets, v => v.Detail.Contains("app setting AzureWebJobsStorage", StringComparison.Ordinal));
        Assert.DoesNotContain(secrets, v => v.Detail.Contains("Cosmos__Endpoint", StringComparison.Ordinal));

        Assert.Contains("Microsoft.Storage/storageAccounts", BicepRules.TypesWithDiagnostics(broken));
        Assert.DoesNotContain("Microsoft.KeyVault/vaults", BicepRules.TypesWithDiagnostics(broken));
    }
}
