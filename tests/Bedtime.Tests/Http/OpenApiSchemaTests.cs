using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using Bedtime.Audit;
using Bedtime.Backups;
using Bedtime.Backups.Operations;
using Bedtime.DataRights.Erasure;
using Bedtime.Health;
using Bedtime.Local.Hosting;
using Bedtime.Http;
using Bedtime.Secrets.Rotation;
using Bedtime.Stories;
using Bedtime.Stories.Narration.Voices;
using Bedtime.Uploads;

namespace Bedtime.Tests.Http;

/// <summary>
/// The hand-written OpenAPI document against the C# types the API reads and writes: each schema's fields, field by
/// field and nested objects included, equal those of the JSON schema System.Text.Json exports for its type with the
/// API's serializer options, with compatible types. A renamed, added or removed field fails here.
/// </summary>
public sealed class OpenApiSchemaTests
{
    public static TheoryData<string, Type> Schemas => new()
    {
        { "Health", typeof(HealthHandler.HealthBody) },
        { "Problem", typeof(ProblemResult.ProblemBody) },
        { "StoryRequest", typeof(StoryRequest) },
        { "Story", typeof(StoryResource) },
        { "StoryPage", typeof(StoryPage) },
        { "NarrationSegment", typeof(NarrationSegmentResource) },
        { "Upload", typeof(UploadResource) },
        { "UploadPage", typeof(UploadPage) },
        { "UploadSessionRequest", typeof(UploadSessionRequest) },
        { "UploadSession", typeof(UploadSessionResource) },
        { "RotationReport", typeof(RotationReport) },
        { "BackupManifest", typeof(BackupManifest) },
        { "BackupList", typeof(BackupList) },
        { "BackupVerification", typeof(BackupVerification) },
        { "RestoreRequest", typeof(RestoreRequest) },
        { "RestoreReport", typeof(RestoreReport) },
        { "BackupOperation", typeof(BackupOperationResource) },
        { "Voice", typeof(VoiceResource) },
        { "VoiceList", typeof(VoiceList) },
        { "Erasure", typeof(ErasureResource) },
        { "AuditEntry", typeof(AuditEntryResource) },
        { "AuditPage", typeof(AuditPage) },
    };

    private static readonly JsonObject Components = LoadComponents();

    [Fact]
    public void Every_schema_of_the_document_is_checked_against_a_type()
    {
        var checkedNames = Schemas.Select(row => (string)row[0]).Order();

        Assert.Equal(Components.Select(c => c.Key).Order(), checkedNames);
    }

    [Theory]
    [MemberData(nameof(Schemas))]
    public void A_documented_schema_has_exactly_the_fields_of_its_type(string schema, Type type)
    {
        var exported = JsonSchemaExporter.GetJsonSchemaAsNode(JsonDefaults.Options, type);

        Assert.Empty(Differences(schema, Components[schema]!, exported));
    }

    private static IEnumerable<string> Differences(string path, JsonNode documented, JsonNode exported)
    {
        documented = Resolve(documented);
        if (exported is not JsonObject) yield break; // `true`: the type is open (object), anything is allowed
        if (TypeOf(documented) is { } documentedType && TypesOf(exported) is { Count: > 0 } exportedTypes && !Compatible(documentedType, exportedTypes))
            yield return $"{path}: documented as {documentedType}, the type gives {string.Join("|", exportedTypes)}";

        if (documented["properties"] is JsonObject documentedFields && exported["properties"] is JsonObject exportedFields)
        {
            foreach (var missing in exportedFields.Select(f => f.Key).Except(documentedFields.Select(f => f.Key)))
                yield return $"{path}.{missing}: in the type, not documented";
            foreach (var extra in documentedFields.Select(f => f.Key).Except(exportedFields.Select(f => f.Key)))
                yield return $"{path}.{extra}: documented, not in the type";
            foreach (var (name, field) in documentedFields)
                if (exportedFields[name] is { } exportedField)
                    foreach (var difference in Differences($"{path}.{name}", field!, exportedField))
                        yield return difference;
        }
        else if (documented["properties"] is JsonObject || exported["properties"] is JsonObject)
        {
            yield return $"{path}: fields on one side only";
        }

        foreach (var nested in new[] { "items", "additionalProperties" })
            if (documented[nested] is JsonObject documentedNested && exported[nested] is JsonObject exportedNested)
                foreach (var difference in Differences($"{path}.{nested}", documentedNested, exportedNested))
                    yield return difference;
    }

    // A reference, or one wrapped in allOf (how OpenAPI 3.0 marks a referenced schema nullable).
    private static JsonNode Resolve(JsonNode schema) => schema switch
    {
        _ when schema["$ref"]?.GetValue<string>() is { } reference => Resolve(Components[reference.Split('/')[^1]]!),
        _ when schema["allOf"] is JsonArray { Count: 1 } only => Resolve(only[0]!),
        _ => schema,
    };

    private static string? TypeOf(JsonNode schema) => schema["type"] is JsonValue value ? value.GetValue<string>() : null;

    private static List<string> TypesOf(JsonNode schema) => schema["type"] switch
    {
        JsonValue value => [value.GetValue<string>()],
        JsonArray values => values.Select(v => v!.GetValue<string>()).Where(t => t != "null").ToList(),
        _ => [],
    };

    private static bool Compatible(string documented, List<string> exported) =>
        exported.Contains(documented) || (documented == "number" && exported.Contains("integer"));

    private static JsonObject LoadComponents()
    {
        var path = Path.Combine(RepositoryRoot.Find(), "functions", "Bedtime", "Http", "openapi.json");
        return JsonNode.Parse(File.ReadAllText(path))!["components"]!["schemas"]!.AsObject();
    }
}
