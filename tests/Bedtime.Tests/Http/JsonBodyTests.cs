using System.ComponentModel.DataAnnotations;
using System.Text;
using Bedtime.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Bedtime.Tests.Http;

public sealed class JsonBodyTests
{
    private readonly JsonBody _reader = new(Options.Create(new HttpOptions { MaxJsonBodyBytes = 1024 }));

    [Fact]
    public async Task A_valid_body_is_read()
    {
        var result = await ReadAsync("""{"name":"Mia","age":5}""");

        Assert.True(result.IsSuccess);
        Assert.Equal(new Sample("Mia", 5), result.Value);
    }

    [Theory]
    [InlineData("""{"name":"Mia","age":5,"extra":1}""", "extra")]
    [InlineData("""{"name":"Mia","name":"Zoe","age":5}""", "name")]
    [InlineData("""{"name":"Mia","age":"five"}""", "age")]
    [InlineData("""{"name":"Mia","age":99999999999999999999}""", "age")]
    [InlineData("""{"age":5}""", "body")]
    [InlineData("""{"name":null,"age":5}""", "name")]
    [InlineData("""{"name":"Mia","age":5""", "age")]
    [InlineData("""[1,2,3]""", "body")]
    public async Task A_body_that_breaks_the_schema_is_a_validation_problem_naming_the_field(string json, string field)
    {
        var result = await ReadAsync(json);

        Assert.False(result.IsSuccess);
        Assert.Equal(400, result.Error!.Status);
        Assert.True(result.Error.Errors!.ContainsKey(field), $"errors name {string.Join(",", result.Error.Errors!.Keys)}, not {field}");
    }

    [Fact]
    public async Task Data_annotation_rules_are_checked_after_parsing()
    {
        var result = await ReadAsync("""{"name":"Mia","age":42}""");

        Assert.Equal("validation_failed", result.Error!.Code);
        Assert.True(result.Error.Errors!.ContainsKey("age"));
    }

    [Theory]
    [InlineData("""{"name":"Mia","age":5,"extra":1}""", "Unknown field.")]
    [InlineData("""{"name":"Mia","name":"Zoe","age":5}""", "Duplicate field.")]
    [InlineData("""{"age":5}""", "A required field is missing.")]
    [InlineData("""{"name":"Mia","age":"five"}""", "The value has the wrong type or is out of range.")]
    [InlineData("""{"name":null,"age":5}""", "The value may not be null.")]
    [InlineData("""{"name":"Mia","age":5""", "The body is not valid JSON.")]
    public async Task Each_kind_of_JSON_error_gets_its_own_client_message(string json, string message)
    {
        var result = await ReadAsync(json);

        Assert.Contains(message, result.Error!.Errors!.Values.SelectMany(m => m));
    }

    [Fact]
    public void JSON_nested_too_deeply_gets_its_own_client_message()
    {
        var deep = new string('[', 40) + new string(']', 40);

        var result = JsonBody.Deserialize<Loose>(Encoding.UTF8.GetBytes($$"""{"any":{{deep}}}"""));

        Assert.Contains("The JSON is nested too deeply.", result.Error!.Errors!.Values.SelectMany(m => m));
    }

    [Fact]
    public void A_rule_on_a_nested_object_is_checked_and_named_by_its_path()
    {
        var result = JsonBody.Deserialize<Outer>("""{"inner":{"code":"NOT LOWER"}}"""u8);

        Assert.Equal("validation_failed", result.Error!.Code);
        Assert.Equal(["inner.code"], result.Error.Errors!.Keys);
    }

    [Fact]
    public void A_rule_on_an_object_in_a_list_is_named_by_its_index()
    {
        var result = JsonBody.Deserialize<Outer>("""{"items":[{"code":"fine"},{"code":"NOT LOWER"}]}"""u8);

        Assert.Equal(["items[1].code"], result.Error!.Errors!.Keys);
    }

    [Fact]
    public void Nested_objects_that_keep_their_rules_pass()
    {
        var result = JsonBody.Deserialize<Outer>("""{"inner":{"code":"fine"},"items":[{"code":"also"}]}"""u8);

        Assert.True(result.IsSuccess);
    }

    [Fact]
    public async Task Deeply_nested_json_is_refused()
    {
        var deep = new string('[', 100) + new string(']', 100);
        var result = await ReadAsync($$"""{"name":"Mia","age":5,"x":{{deep}}}""");

        Assert.Equal(400, result.Error!.Status);
    }

    [Fact]
    public async Task Invalid_UTF8_is_refused()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"name":"Mi?","age":5}""");
        bytes[10] = 0xFF;
        var result = await ReadAsync(bytes, "application/json");

        Assert.Equal(400, result.Error!.Status);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/json; charset=latin1")]
    [InlineData(null)]
    public async Task A_body_that_is_not_declared_as_UTF8_JSON_is_a_415(string? contentType)
    {
        var result = await ReadAsync(Encoding.UTF8.GetBytes("""{"name":"Mia","age":5}"""), contentType);

        Assert.Equal(415, result.Error!.Status);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_even_without_a_declared_length()
    {
        var big = $$"""{"name":"{{new string('a', 2000)}}","age":5}""";
        var result = await ReadAsync(Encoding.UTF8.GetBytes(big), "application/json", declareLength: false);

        Assert.Equal(413, result.Error!.Status);
    }

    [Fact]
    public async Task An_empty_body_is_a_400()
    {
        var result = await ReadAsync("");

        Assert.Equal(400, result.Error!.Status);
    }

    private Task<Result<Sample>> ReadAsync(string json) => ReadAsync(Encoding.UTF8.GetBytes(json), "application/json");

    private Task<Result<Sample>> ReadAsync(byte[] body, string? contentType, bool declareLength = true)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentType = contentType;
        if (declareLength) context.Request.ContentLength = body.Length;
        return _reader.ReadAsync<Sample>(context.Request, CancellationToken.None);
    }

    public sealed record Sample(string Name, [property: Range(1, 12)] int Age);

    public sealed record Inner([property: RegularExpression("^[a-z]+$")] string Code);

    public sealed record Outer(Inner? Inner = null, IReadOnlyList<Inner>? Items = null);

    public sealed record Loose(System.Text.Json.JsonElement Any);
}
