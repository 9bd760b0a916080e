using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using Bedtime.Local.Hosting;
using Bedtime.Stories.Writing.Offline;
using Bedtime.Stories.Writing.Offline.Themes;

namespace Bedtime.Tests.Stories;

/// <summary>The offline writer's prose as data: every file complete, strictly read, with the schema its type gives.</summary>
public sealed class ProseFilesTests
{
    private static readonly string ProseFolder =
        Path.Combine(RepositoryRoot.Find(), "functions", "Bedtime", "Stories", "Writing", "Offline", "Prose");

    public static TheoryData<string> ThemeFiles => new(ProseFiles.Names("themes/"));

    public static TheoryData<string, Type> Schemas => new()
    {
        { "theme.schema.json", typeof(ThemeFamily) },
        { "beats.schema.json", typeof(StoryBeats) },
        { "virtues.schema.json", typeof(VirtueFile) },
    };

    [Theory]
    [MemberData(nameof(Schemas))]
    public void Each_schema_beside_the_prose_is_the_one_its_type_gives(string file, Type type)
    {
        var path = Path.Combine(ProseFolder, file);
        var expected = JsonSchemaExporter.GetJsonSchemaAsNode(ProseFiles.Options, type, new JsonSchemaExporterOptions
        {
            // The files hold no nulls but where a property says it may be null (an array's items cannot say so).
            TransformSchemaNode = (context, schema) =>
            {
                if (schema is JsonObject { } node && node["type"] is JsonArray types && context.PropertyInfo is not { IsSetNullable: true })
                {
                    var nonNull = types.Select(t => (string)t!).Where(t => t != "null").ToArray();
                    node["type"] = nonNull.Length == 1 ? nonNull[0] : new JsonArray([.. nonNull.Select(t => JsonValue.Create(t))]);
                }
                return schema;
            },
        });
        var actual = File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) : null;

        if (!JsonNode.DeepEquals(expected, actual))
        {
            // Written for the next run (and the diff), so a changed type only needs the test run again.
            File.WriteAllText(path, expected.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
            Assert.Fail($"{file} did not match {type.Name}; it has been rewritten from the type — review and commit it.");
        }
    }

    [Fact]
    public void Every_embedded_prose_file_names_its_schema_and_every_file_on_disk_is_embedded()
    {
        var onDisk = Directory.EnumerateFiles(ProseFolder, "*.json", SearchOption.AllDirectories)
            .Where(path => !path.EndsWith(".schema.json", StringComparison.Ordinal))
            .Select(path => Path.GetRelativePath(ProseFolder, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

        Assert.Equal(onDisk, ProseFiles.Names(""));
        foreach (var name in ProseFiles.Names(""))
        {
            var schema = (string?)Document(name)["$schema"];
            Assert.True(schema is not null && File.Exists(Path.Combine(ProseFolder, Path.GetDirectoryName(name)!, schema)), $"{name}: $schema {schema}");
        }
    }

    [Theory]
    [MemberData(nameof(ThemeFiles))]
    public void Every_theme_file_is_complete(string name)
    {
        var family = ProseFiles.Load<ThemeFamily>(name);

        Assert.Equal($"themes/{family.Key}.json", name);
        Assert.Equal(family.Key == ThemeCatalogue.FallbackKey, family.Precedence is null);
        Assert.Equal(family.Key == ThemeCatalogue.FallbackKey, family.Keywords.Length == 0);
        Assert.Equal(family.DefaultVirtue, Virtues.ByKey(family.DefaultVirtue).Key);
        Assert.All(family.Keywords, keyword => Assert.Equal(keyword.ToLowerInvariant(), keyword));
        // Long stories bring in a second companion and a second problem.
        Assert.True(family.Companions.Length >= 2 && family.Problems.Length >= 2, "at least two companions and two problems");
        Assert.True(family.Places.Length >= 2, "two hiding places");
        foreach (var list in new[] { family.TitleWords, family.Exclamations, family.Details, family.RichDetails, family.SleepImages, family.Keepsakes })
            Assert.NotEmpty(list);
        Assert.NotEmpty(family.Obstacles);
        Assert.All(AllStrings(Document(name)), text => Assert.False(string.IsNullOrWhiteSpace(text), $"{name} has an empty text"));
        Assert.False(HasNull(Document(name)), $"{name} has a null");
    }

    [Fact]
    public void The_families_precedences_run_from_one_without_gaps_and_only_the_fallback_has_none()
    {
        Assert.Equal(Enumerable.Range(1, ThemeCatalogue.Families.Length), ThemeCatalogue.Families.Select(f => f.Precedence!.Value));
        Assert.Equal(ThemeCatalogue.FallbackKey, ThemeCatalogue.Adventure.Key);
        Assert.Equal(ProseFiles.Names("themes/").Count(), ThemeCatalogue.Families.Length + 1);
    }

    [Fact]
    public void Every_beat_and_virtue_has_wordings_for_every_reading_level()
    {
        var passages = typeof(StoryBeats).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType == typeof(Passage))
            .Select(p => (p.Name, (Passage)p.GetValue(StoryBeats.Told)!))
            .Concat(Virtues.All.SelectMany(v => new[] { (v.Key, v.Resolution), (v.Key, v.Praise), (v.Key, v.DefaultMoral) }));

        Assert.All(passages, beat => Assert.True(
            Enum.GetValues<ReadingLevel>().All(level => beat.Item2.For(level).Length > 0), $"{beat.Item1} misses a reading level"));
        Assert.Contains(Virtues.All, v => v.Key == Virtues.FallbackKey);
    }

    [Fact]
    public void Every_template_in_the_prose_uses_only_the_slots_the_composer_fills()
    {
        var slots = new Slots();
        foreach (var key in Slots.Known)
            slots.Set(key, "x");

        foreach (var name in ProseFiles.Names(""))
            foreach (var template in AllStrings(Document(name)))
                Assert.Null(Record.Exception(() => slots.Render(template)));
        Assert.Throws<InvalidOperationException>(() => slots.Render("{Name} met {dragonName}.")); // the check can fail
    }

    [Theory]
    [InlineData("a field left out", """{ "remove": "keepsakes" }""")]
    [InlineData("an unknown field", """{ "set": "colour", "to": "blue" }""")]
    [InlineData("a null where text belongs", """{ "set": "defaultSetting", "to": null }""")]
    [InlineData("an unknown problem kind", """{ "problemKind": "sleepy" }""")]
    [InlineData("a problem without its rich form", """{ "problemRemove": "fixedRich" }""")]
    public void A_theme_file_with_a_mistake_is_refused(string mistake, string change)
    {
        var edit = JsonNode.Parse(change)!;
        var theme = Document("themes/space.json");
        var problem = theme["problems"]![0]!.AsObject();
        if ((string?)edit["remove"] is { } removed) theme.Remove(removed);
        if ((string?)edit["set"] is { } set) theme[set] = edit["to"]?.DeepClone();
        if ((string?)edit["problemKind"] is { } kind) problem["kind"] = kind;
        if ((string?)edit["problemRemove"] is { } field) problem.Remove(field);

        Assert.True(
            Record.Exception(() => theme.Deserialize<ThemeFamily>(ProseFiles.Options)) is JsonException or InvalidOperationException,
            $"{mistake} was accepted");
    }

    private static JsonObject Document(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(ProseFolder, name)))!.AsObject();

    private static bool HasNull(JsonNode? node) => node switch
    {
        null => true,
        JsonObject obj => obj.Where(p => p.Key != "$schema").Any(p => HasNull(p.Value)),
        JsonArray array => array.Any(HasNull),
        _ => false,
    };

    private static IEnumerable<string> AllStrings(JsonNode? node) => node switch
    {
        JsonObject obj => obj.Where(p => p.Key != "$schema").SelectMany(p => AllStrings(p.Value)),
        JsonArray array => array.SelectMany(AllStrings),
        JsonValue value when value.TryGetValue<string>(out var text) => [text],
        _ => [],
    };
}
