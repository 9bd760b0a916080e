using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bedtime.Platform;

namespace Bedtime.Tests.Infrastructure;

/// <summary>Rules every deployment must keep, applied to the resources a compiled template deploys.</summary>
public static class InfraRules
{
    /// <summary>Types that are not tracked resources (extensions and child settings): they take no tags.</summary>
    private static readonly HashSet<string> Untaggable = new(StringComparer.OrdinalIgnoreCase)
    {
        "Microsoft.Insights/diagnosticSettings", "Microsoft.Authorization/roleAssignments", "Microsoft.Security/defenderForStorageSettings",
    };

    public static IEnumerable<string> Untagged(CompiledInfra infra) =>
        infra.Resources
            .Where(r => r.Type.Count(c => c == '/') == 1 && !Untaggable.Contains(r.Type))
            .Where(r => r["tags"] is not IDictionary<string, object?> tags || !tags.ContainsKey("azd-env-name"))
            .Select(r => $"{r.Module}: {r.Type} {r.Text("name")} has no azd-env-name tag");

    private static readonly Regex SecretShapes = new(
        @"listKeys|listConnectionStrings|listCredentials|AccountKey=|SharedAccessSignature|sig=|InstrumentationKey=[^;]*;[^;]*Key=",
        RegexOptions.IgnoreCase);

    public static IEnumerable<string> SecretsInAppSettings(IDictionary<string, object?> settings) =>
        settings.Where(s => SecretShapes.IsMatch(ArmExpressions.Text(s.Value)))
            .Select(s => $"app setting {s.Key} holds a key or secret: {ArmExpressions.Text(s.Value)}");
}

public sealed class InfrastructureRulesTests
{
    private static readonly Lazy<CompiledInfra> Defaults = new(() => CompiledInfra.Deploy());

    /// <summary>Every optional part on: Azure OpenAI, Speech, Content Safety, malware scanning, a deploying user.</summary>
    private static readonly Lazy<CompiledInfra> Everything = new(() => CompiledInfra.Deploy(new Dictionary<string, object?>
    {
        ["deployOpenAI"] = true, ["deploySpeech"] = true, ["deployContentSafety"] = true, ["enableMalwareScanning"] = true, ["principalId"] = "user-object-id",
    }));

    private static IReadOnlySet<string> TelemetryNameValues() =>
        typeof(TelemetryNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!).ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void The_template_deploys_every_module_into_the_resource_group()
    {
        var modules = Defaults.Value.Resources.Select(r => r.Module).Where(m => m.Length > 0).ToHashSet();

        Assert.Superset(new HashSet<string> { "identity", "monitoring", "storage", "cosmos", "keyvault", "rbac", "api", "alerts", "workbook" }, modules);
    }

    [Fact]
    public void Every_tracked_resource_carries_the_azd_environment_tag()
    {
        Assert.Empty(InfraRules.Untagged(Defaults.Value));
        Assert.Empty(InfraRules.Untagged(Everything.Value));
    }

    [Fact]
    public void No_app_setting_holds_a_key_or_a_connection_string_with_a_secret()
    {
        Assert.Empty(InfraRules.SecretsInAppSettings(Everything.Value.AppSettings));
        Assert.Empty(InfraRules.SecretsInAppSettings(Defaults.Value.AppSettings));
    }

    [Fact]
    public void The_function_app_runs_dotnet_10_isolated_on_flex_consumption_with_https_and_no_ftp_or_basic_auth()
    {
        var infra = Defaults.Value;
        var plan = infra.Single("Microsoft.Web/serverfarms");
        var site = infra.Single("Microsoft.Web/sites");

        Assert.Equal("FlexConsumption", plan.Text("sku.tier"));
        Assert.Equal("api", site.Text("tags.azd-service-name"));
        Assert.Equal("dotnet-isolated", site.Text("properties.functionAppConfig.runtime.name"));
        Assert.Equal("10.0", site.Text("properties.functionAppConfig.runtime.version"));
        Assert.Equal(true, site["properties.httpsOnly"]);
        Assert.Equal("1.2", site.Text("properties.siteConfig.minTlsVersion"));
        Assert.Equal("Disabled", site.Text("properties.siteConfig.ftpsState"));
        Assert.All(infra.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies"), p => Assert.Equal(false, p["properties.allow"]));
        Assert.Equal(2, infra.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies").Count());
    }

    [Fact]
    public void Platform_CORS_is_off_so_the_app_alone_answers_cross_origin_requests()
    {
        var infra = CompiledInfra.Deploy(new Dictionary<string, object?> { ["corsAllowedOrigins"] = "https://app.example, https://admin.example" });

        Assert.Null(infra.Single("Microsoft.Web/sites")["properties.siteConfig.cors"]);
        // The web app's origin (known once Azure created it) first, then the configured ones.
        var origins = ArmExpressions.Text(infra.AppSettings["Cors__AllowedOrigins"]);
        Assert.StartsWith("<reference(", origins);
        Assert.Contains("'Microsoft.Resources/deployments', 'web')", origins);
        Assert.Contains(".outputs.origin.value>", origins);
        Assert.EndsWith(">,https://app.example,https://admin.example", origins);
    }

    [Fact]
    public void Blob_CORS_in_Azure_is_the_rule_local_provisioning_sets_on_Azurite()
    {
        var infra = CompiledInfra.Deploy(new Dictionary<string, object?> { ["corsAllowedOrigins"] = "https://app.example" });
        var rule = Assert.Single((IList<object?>)infra.Single("Microsoft.Storage/storageAccounts/blobServices")["properties.cors.corsRules"]!);
        var bicep = (IDictionary<string, object?>)rule!;
        string List(string key) => string.Join(',', ((IList<object?>)bicep[key]!).Select(ArmExpressions.Text));

        var local = Bedtime.Platform.Provisioning.BrowserRule(["https://app.example"]);

        Assert.Equal(local.AllowedMethods, List("allowedMethods"));
        Assert.Equal(local.AllowedHeaders, List("allowedHeaders"));
        Assert.Equal(local.ExposedHeaders, List("exposedHeaders"));
        Assert.Equal(local.MaxAgeInSeconds.ToString(), ArmExpressions.Text(bicep["maxAgeInSeconds"]));
        Assert.EndsWith(",https://app.example", List("allowedOrigins")); // after the web app's own origin
    }

    [Fact]
    public void The_web_app_is_a_free_static_web_app_that_azd_deploys_as_the_web_service()
    {
        var web = Defaults.Value.Single("Microsoft.Web/staticSites");

        Assert.Equal("Free", web.Text("sku.name"));
        Assert.Equal("web", web.Text("tags.azd-service-name"));
        Assert.Equal("Custom", web.Text("properties.provider"));
    }

    [Fact]
    public void Diagnostic_settings_cover_the_function_app_storage_cosmos_and_key_vault_without_queue_logs()
    {
        var diagnostics = Defaults.Value.OfType("Microsoft.Insights/diagnosticSettings").ToList();
        string Scope(DeployedResource d) => d.Text("scope");

        foreach (var type in new[] { "resourceId(Microsoft.Web/sites,", "resourceId(Microsoft.Storage/storageAccounts,", "blobServices", "queueServices", "resourceId(Microsoft.DocumentDB/databaseAccounts,", "resourceId(Microsoft.KeyVault/vaults," })
            Assert.Contains(diagnostics, d => Scope(d).Contains(type, StringComparison.Ordinal));

        var queue = Assert.Single(diagnostics, d => Scope(d).Contains("queueServices", StringComparison.Ordinal));
        Assert.Null(queue["properties.logs"]);
        var blob = Assert.Single(diagnostics, d => Scope(d).Contains("blobServices", StringComparison.Ordinal));
        var categories = ((IList<object?>)blob["properties.logs"]!).Select(l => DeployedResource.Get(l, "category")).ToList();
        Assert.Equal(["StorageWrite", "StorageDelete"], categories);
        Assert.DoesNotContain(diagnostics, d => d["properties.logs"] is IList<object?> logs && logs.Any(l => Equals(DeployedResource.Get(l, "categoryGroup"), "allLogs")) && Scope(d).Contains("Microsoft.Storage", StringComparison.Ordinal));
    }

    [Fact]
    public void The_model_deployment_follows_the_models_default_version_so_a_retired_version_never_strands_the_app()
    {
        var deployment = Everything.Value.Single("Microsoft.CognitiveServices/accounts/deployments");

        Assert.Equal("OnceNewDefaultVersionAvailable", deployment.Text("properties.versionUpgradeOption"));
        Assert.Null(deployment["properties.model.version"]); // no pinned version unless one is asked for
        Assert.Equal("gpt-4o-mini", deployment.Text("properties.model.name"));
    }

    [Fact]
    public void The_workspace_has_a_daily_cap()
    {
        Assert.Equal(5L, Defaults.Value.Single("Microsoft.OperationalInsights/workspaces")["properties.workspaceCapping.dailyQuotaGb"]);
    }

    private static IEnumerable<string> RolesOf(CompiledInfra infra, Func<string, bool> principal) =>
        infra.OfType("Microsoft.Authorization/roleAssignments").Where(r => principal(r.Text("properties.principalId"))).Select(r => r.Text("properties.roleDefinitionId"))
            .Concat(infra.OfType("Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments").Where(r => principal(r.Text("properties.principalId"))).Select(r => r.Text("properties.roleDefinitionId")));

    private static bool AppIdentity(string principal) => principal.Contains("'identity'", StringComparison.Ordinal) && principal.Contains("principalId", StringComparison.Ordinal);

    [Theory]
    [InlineData("b7e6dc6d-f1e8-4753-8033-0f276bb0955b")] // Storage Blob Data Owner: blobs, user delegation SAS, blob index tags (malware verdict)
    [InlineData("974c5e8b-45b9-4653-ba55-5f855dd0fb88")] // Storage Queue Data Contributor
    [InlineData("b86a8fe4-44ce-4948-aee5-eccb2c155cd7")] // Key Vault Secrets Officer (rotation)
    [InlineData("3913510d-42f4-4e42-8a64-420c390055eb")] // Monitoring Metrics Publisher
    [InlineData("00000000-0000-0000-0000-000000000002")] // Cosmos DB Built-in Data Contributor
    [InlineData("5e0bd9bd-7b93-4f28-af87-19fc36ad61bd")] // Cognitive Services OpenAI User
    [InlineData("f2dc8367-1007-4938-bd23-fe263f013447")] // Cognitive Services Speech User
    [InlineData("a97b65f3-24c7-4388-baec-2e87135dc908")] // Cognitive Services User (Content Safety)
    public void The_app_identity_has_each_role_the_code_needs(string role) =>
        Assert.Contains(RolesOf(Everything.Value, AppIdentity), id => id.Contains(role, StringComparison.Ordinal));

    [Theory]
    [InlineData("ba92f5b4-2d11-453d-a403-e96b0029c9fe")] // Storage Blob Data Contributor
    [InlineData("974c5e8b-45b9-4653-ba55-5f855dd0fb88")]
    [InlineData("b86a8fe4-44ce-4948-aee5-eccb2c155cd7")]
    [InlineData("00000000-0000-0000-0000-000000000002")]
    public void The_deploying_user_gets_the_data_roles_for_local_development(string role) =>
        Assert.Contains(RolesOf(Everything.Value, p => p == "user-object-id"), id => id.Contains(role, StringComparison.Ordinal));

    private static IEnumerable<string> LastNameSegments(CompiledInfra infra, string type) =>
        infra.OfType(type).Select(r => r.Text("name").Split('/')[^1].TrimEnd('>')).Order(StringComparer.Ordinal);

    [Fact]
    public void Every_queue_blob_container_and_cosmos_container_of_the_application_is_deployed()
    {
        var infra = Defaults.Value;

        Assert.Equal(QueueNames.All.Order(StringComparer.Ordinal), LastNameSegments(infra, "Microsoft.Storage/storageAccounts/queueServices/queues"));
        Assert.Superset(BlobContainers.All.ToHashSet(), LastNameSegments(infra, "Microsoft.Storage/storageAccounts/blobServices/containers").ToHashSet());
        Assert.Equal(CosmosContainers.All.Order(StringComparer.Ordinal), LastNameSegments(infra, "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers"));
        Assert.All(infra.OfType("Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers"),
            c => Assert.Equal(CosmosContainers.PartitionKeyPath, ((IList<object?>)c["properties.resource.partitionKey.paths"]!).Single()));
        var expiring = Assert.Single(infra.OfType("Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers"), c => c.Text("name").TrimEnd('>').EndsWith("/" + CosmosContainers.Expiring, StringComparison.Ordinal));
        Assert.Equal(-1L, Convert.ToInt64(expiring["properties.resource.defaultTtl"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("bedtime", ArmExpressions.Text(infra.AppSettings["Cosmos__Database"]));
    }

    [Fact]
    public void Lifecycle_rules_back_up_the_backup_retention_and_the_staging_sweep()
    {
        var rules = (IList<object?>)Defaults.Value.Single("Microsoft.Storage/storageAccounts/managementPolicies")["properties.policy.rules"]!;
        var prefixes = rules.SelectMany(r => (IList<object?>)DeployedResource.Get(r, "definition.filters.prefixMatch")!).Select(ArmExpressions.Text).ToList();

        Assert.Contains($"{BlobContainers.Backups}/", prefixes);
        Assert.Contains($"{BlobContainers.Uploads}/{Bedtime.Uploads.UploadDocument.StagingPrefix}", prefixes);
    }

    [Fact]
    public void Local_authentication_is_off_on_storage_cosmos_insights_and_the_ai_services_and_the_vault_uses_RBAC()
    {
        var infra = Everything.Value;

        Assert.Equal(false, infra.Single("Microsoft.Storage/storageAccounts")["properties.allowSharedKeyAccess"]);
        Assert.Equal(false, infra.Single("Microsoft.Storage/storageAccounts")["properties.allowBlobPublicAccess"]);
        Assert.Equal(true, infra.Single("Microsoft.DocumentDB/databaseAccounts")["properties.disableLocalAuth"]);
        Assert.Equal(true, infra.Single("Microsoft.Insights/components")["properties.DisableLocalAuth"]);
        Assert.Equal(3, infra.OfType("Microsoft.CognitiveServices/accounts").Count(a => Equals(a["properties.disableLocalAuth"], true)));
        Assert.Equal(true, infra.Single("Microsoft.KeyVault/vaults")["properties.enableRbacAuthorization"]);
    }

    private static Dictionary<string, DeployedResource> AlertRules() =>
        Defaults.Value.OfType("Microsoft.Insights/scheduledQueryRules").ToDictionary(r => AfterDeferredPrefix(r.Text("name")));

    /// <summary>"&lt;prefix known at deployment&gt;-key" → "key".</summary>
    private static string AfterDeferredPrefix(string name) => name[(name.LastIndexOf(">-", StringComparison.Ordinal) + 2)..].TrimEnd('>');

    private static string Query(DeployedResource rule) =>
        ArmExpressions.Text(DeployedResource.Get(((IList<object?>)rule["properties.criteria.allOf"]!).Single(), "query"));

    [Theory]
    [InlineData("http-5xx-rate-warning", 2, "GreaterThan", 5, "PT5M", ">= 500")]
    [InlineData("http-5xx-rate-critical", 1, "GreaterThan", 10, "PT5M", ">= 500")]
    [InlineData("http-p95-duration-warning", 2, "GreaterThan", 2000, "PT5M", "percentile(duration, 95)")]
    [InlineData("http-p95-duration-critical", 1, "GreaterThan", 5000, "PT5M", "percentile(duration, 95)")]
    [InlineData("uploads-failed", 2, "GreaterThan", 3, "PT1M", "\"" + TelemetryNames.UploadsFailed + "\"")]
    [InlineData("story-completion-slow", 2, "GreaterThan", 600, "PT15M", "\"" + TelemetryNames.StoryEndToEndSeconds + "\"")]
    [InlineData("jobs-poisoned", 1, "GreaterThan", 0, "PT5M", "\"" + TelemetryNames.JobsPoisoned + "\"")]
    [InlineData("backup-missing", 1, "LessThan", 1, "PT2H", "\"" + TelemetryNames.BackupsSucceeded + "\"")]
    [InlineData("secret-near-expiry", 2, "LessThanOrEqual", 30, "P1D", "\"" + TelemetryNames.SecretsExpiring + "\"")]
    [InlineData("health-failing", 1, "GreaterThan", 0, "PT5M", "\"" + TelemetryNames.HealthChecksFailed + "\"")]
    public void Every_alert_of_the_design_exists_with_its_threshold(string key, long severity, string op, long threshold, string window, string queryHolds)
    {
        Assert.True(AlertRules().TryGetValue(key, out var rule), $"alert rule '{key}' is missing among {string.Join(", ", AlertRules().Keys)}");

        var criterion = ((IList<object?>)rule!["properties.criteria.allOf"]!).Single();
        Assert.Equal(severity, rule["properties.severity"]);
        Assert.Equal(op, DeployedResource.Get(criterion, "operator"));
        Assert.Equal(threshold, DeployedResource.Get(criterion, "threshold"));
        Assert.Equal(window, rule.Text("properties.windowSize"));
        Assert.Contains(queryHolds, ArmExpressions.Text(DeployedResource.Get(criterion, "query")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_standard_availability_test_probes_the_health_route_and_alerts_when_it_fails()
    {
        var infra = Defaults.Value;

        var test = infra.Single("Microsoft.Insights/webtests");
        Assert.Equal("standard", test.Text("kind"));
        Assert.EndsWith("/api/" + Routes.Health, test.Text("properties.Request.RequestUrl").TrimEnd('>'), StringComparison.Ordinal);
        Assert.Equal(200L, test["properties.ValidationRules.ExpectedHttpStatusCode"]);
        var alert = infra.Single("Microsoft.Insights/metricAlerts");
        var criteria = (IDictionary<string, object?>)alert["properties.criteria"]!;
        Assert.Equal("Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria", criteria["odata.type"]);
        Assert.NotEmpty((IList<object?>)alert["properties.actions"]!);
    }

    [Fact]
    public void The_HTTP_alerts_count_only_HTTP_requests_not_queue_and_timer_invocations()
    {
        var queries = AlertRules().Where(r => r.Key.StartsWith("http-", StringComparison.Ordinal)).Select(r => Query(r.Value)).ToList();

        Assert.Equal(4, queries.Count);
        Assert.All(queries, q => Assert.Contains("where isnotempty(url)", q, StringComparison.Ordinal));
        var panels = System.Text.Json.Nodes.JsonNode.Parse(Defaults.Value.Single("Microsoft.Insights/workbooks").Text("properties.serializedData"))!
            .ToJsonString();
        Assert.Equal(2, Regex.Matches(panels, Regex.Escape("requests\\n| where isnotempty(url)")).Count);
    }

    [Fact]
    public void Every_metric_name_in_alerts_and_the_workbook_is_one_the_app_emits()
    {
        var text = string.Join('\n', AlertRules().Values.Select(Query))
            + Defaults.Value.Single("Microsoft.Insights/workbooks").Text("properties.serializedData");
        var used = Regex.Matches(text, "\"(bedtime\\.[a-z0-9_.]+)\"").Select(m => m.Groups[1].Value).ToHashSet();

        Assert.NotEmpty(used);
        Assert.Empty(used.Except(TelemetryNameValues()));
    }

    [Fact]
    public void No_output_of_any_template_uses_a_secure_parameter()
    {
        static IEnumerable<string> Violations(JsonObject template)
        {
            var secure = (template["parameters"] as JsonObject ?? []).Where(p => ((string?)p.Value!["type"])?.StartsWith("secure", StringComparison.OrdinalIgnoreCase) == true).Select(p => p.Key).ToList();
            var outputs = (template["outputs"] as JsonObject ?? []).ToDictionary(o => o.Key, o => o.Value!.ToJsonString());
            foreach (var (name, value) in outputs)
                foreach (var parameter in secure.Where(p => value.Contains($"parameters('{p}')", StringComparison.Ordinal)))
                    yield return $"output {name} uses secure parameter {parameter}";
            foreach (var nested in (template["resources"] as JsonArray ?? []).OfType<JsonObject>().Select(r => (r["properties"] as JsonObject)?["template"]).OfType<JsonObject>())
                foreach (var violation in Violations(nested)) yield return violation;
        }

        Assert.Empty(Violations(CompiledInfra.Main));
    }

    [Fact]
    public void The_deployable_locations_are_the_Flex_Consumption_regions()
    {
        var allowed = CompiledInfra.Main["parameters"]!["location"]!["allowedValues"]!.AsArray().Select(v => (string)v!).ToList();

        Assert.Contains("westeurope", allowed);
        Assert.DoesNotContain(allowed, l => l.EndsWith("euap", StringComparison.Ordinal));
    }
}
