using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Bedtime.Jobs.Sweeping;
using Bedtime.Platform;
using Bedtime.Tests.Integration;
using Bedtime.Tests.TestSupport;
using Bedtime.Uploads;
using Microsoft.Extensions.DependencyInjection;
using static Bedtime.Tests.Integration.RunningAppExtensions;

namespace Bedtime.Tests.Uploads;

/// <summary>
/// What was checked is what gets processed: upload session links can only create their one staging blob, processing
/// reads a copy only the server writes, and staged blobs without a live link are swept. Through the runner, with the
/// official Storage SDK writing through the issued links.
/// </summary>
[Collection(StandInsCollection.Name)]
public sealed class UploadSessionIntegrityTests(StandInsFixture standIns) : IAsyncLifetime
{
    private static readonly byte[] Story = Encoding.UTF8.GetBytes("Once upon a time a small fox counted the stars until it fell asleep.");
    private RunningApp _app = null!;
    private HttpClient _parent = null!;
    private BlobContainerClient _blobs = null!;

    public async Task InitializeAsync()
    {
        _app = await standIns.StartRunnerAsync(s => s["Auth:DevelopmentTokens"] = "true");
        _parent = await _app.ClientForAsync("parent-" + Guid.NewGuid().ToString("N")[..8]);
        _blobs = standIns.CreateBlobServiceClient().GetBlobContainerClient(BlobContainers.Uploads);
    }

    public async Task DisposeAsync()
    {
        _parent.Dispose();
        await _app.DisposeAsync();
    }

    private async Task<(string Id, Uri Link)> SessionAsync(long sizeBytes, string contentType = "text/plain", byte[]? hashOf = null)
    {
        using var session = await _parent.PostAsync("/api/uploads/sessions", Json(JsonSerializer.Serialize(new
        {
            fileName = "story.txt", contentType, sizeBytes, sha256 = hashOf is null ? null : Convert.ToHexStringLower(SHA256.HashData(hashOf)),
        })));
        Assert.Equal(HttpStatusCode.Created, session.StatusCode);
        var body = await session.JsonAsync();
        return (body.GetProperty("id").GetString()!, new Uri(body.GetProperty("uploadUrl").GetString()!));
    }

    /// <summary>A PUT through the link as an attacker would send it: asking to overwrite (the SDK's default refuses to).</summary>
    private static async Task<RequestFailedException?> PutAsync(Uri link, byte[] bytes) =>
        await Record.ExceptionAsync(() => new BlobClient(link).UploadAsync(new BinaryData(bytes), overwrite: true)) as RequestFailedException;

    [Fact]
    public async Task After_complete_the_link_cannot_overwrite_and_processing_uses_exactly_the_checked_bytes()
    {
        var (id, link) = await SessionAsync(Story.Length, hashOf: Story);
        Assert.Null(await PutAsync(link, Story));
        using var completed = await _parent.PostAsync($"/api/uploads/{id}/complete", null);
        Assert.Equal(HttpStatusCode.Accepted, completed.StatusCode);

        var swap = await PutAsync(link, Encoding.UTF8.GetBytes("<html><script>alert('swapped')</script>" + new string(' ', 5000) + "</html>"));

        Assert.NotNull(swap); // storage refuses: the link may create, never overwrite
        var ready = await _parent.PollUntilFinalAsync($"/api/uploads/{id}");
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.Contains("small fox", ready.GetProperty("result").GetProperty("extractedText").GetString(), StringComparison.Ordinal);
        var processed = (await _blobs.GetBlobClient(id).DownloadContentAsync()).Value.Content.ToArray();
        Assert.Equal(Story, processed);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Story)), ready.GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task A_completion_retried_after_one_was_cut_off_once_it_had_copied_the_file_checks_that_copy_and_the_upload_is_processed()
    {
        var (id, link) = await SessionAsync(Story.Length, hashOf: Story);
        Assert.Null(await PutAsync(link, Story));
        await _blobs.GetBlobClient(id).UploadAsync(new BinaryData(Story)); // the cut-off attempt's copy; its record still says pending

        using var completed = await _parent.PostAsync($"/api/uploads/{id}/complete", null);

        Assert.Equal(HttpStatusCode.Accepted, completed.StatusCode);
        var ready = await _parent.PollUntilFinalAsync($"/api/uploads/{id}");
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Story)), ready.GetProperty("sha256").GetString());
        Assert.Equal("text/plain", (await _blobs.GetBlobClient(id).GetPropertiesAsync()).Value.ContentType);
    }

    [Fact]
    public async Task The_blob_processing_reads_is_not_the_one_the_link_writes()
    {
        var (id, link) = await SessionAsync(Story.Length);

        Assert.NotEqual(_blobs.GetBlobClient(id).Uri.AbsolutePath, link.AbsolutePath);
        Assert.Null(await PutAsync(link, Story));
        Assert.False((await _blobs.GetBlobClient(id).ExistsAsync()).Value);
    }

    [Fact]
    public async Task A_wrong_size_is_refused_from_the_blob_properties_and_the_link_cannot_write_again()
    {
        var (id, link) = await SessionAsync(Story.Length);
        Assert.Null(await PutAsync(link, new byte[1024 * 1024]));

        using var completed = await _parent.PostAsync($"/api/uploads/{id}/complete", null);
        var again = await PutAsync(link, new byte[2 * 1024 * 1024]);

        var problem = await Problems.ReadAsync(completed, HttpStatusCode.Conflict);
        Assert.Equal("size_mismatch", problem.GetProperty("code").GetString());
        Assert.NotNull(again);
        Assert.False((await _blobs.GetBlobClient(id).ExistsAsync()).Value); // nothing was copied for processing
        Assert.Equal(1024 * 1024, (await _blobs.GetBlobClient(UploadDocument.StagingPrefix + id).GetPropertiesAsync()).Value.ContentLength);
    }

    [Fact]
    public async Task The_blob_of_an_abandoned_session_is_gone_after_the_sweeper()
    {
        var (id, link) = await SessionAsync(Story.Length);
        using var deleted = await _parent.DeleteAsync($"/api/uploads/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Null(await PutAsync(link, new byte[3 * 1024 * 1024])); // an orphan: no record points at it
        var staged = _blobs.GetBlobClient(UploadDocument.StagingPrefix + id);
        Assert.True((await staged.ExistsAsync()).Value);

        // The sweeper of a runner whose clock is past the link's lifetime.
        await using var later = await standIns.StartRunnerAsync(
            _ => { },
            services => services.AddSingleton<TimeProvider>(new ShiftedClock(new UploadOptions().SessionLifetime + TimeSpan.FromMinutes(6))));
        var result = await later.Services.GetRequiredService<Sweeper>().SweepAsync(CancellationToken.None);

        Assert.True(result.StagedBlobsDeleted >= 1);
        Assert.False((await staged.ExistsAsync()).Value);
    }
}
