using Bedtime.Backups;
using Bedtime.Local.Commands;
using Bedtime.Tests.Backups;
using Bedtime.Tests.Integration;

namespace Bedtime.Tests.Local;

/// <summary><c>dotnet run --project functions/Bedtime.Local -- restore --backup &lt;id&gt; [--target &lt;db&gt;] [--overwrite]</c>.</summary>
[Collection(StandInsCollection.Name)]
public sealed class RestoreCommandTests(StandInsFixture standIns)
{
    [Fact]
    public void The_arguments_name_a_backup_and_optionally_a_target_database_and_overwrite()
    {
        var parsed = RestoreArguments.Parse(["--target", "copy-1", "--backup", "20261124-120509", "--overwrite"]);

        Assert.True(parsed.IsSuccess);
        Assert.Equal("20261124-120509", parsed.Value.Backup.Value);
        Assert.Equal(new RestoreRequest { TargetDatabase = "copy-1", Overwrite = true }, parsed.Value.Request);
        Assert.Equal(new RestoreRequest(), RestoreArguments.Parse(["--backup", "20261124-120509"]).Value.Request);
    }

    [Theory]
    [InlineData]
    [InlineData("--backup")]
    [InlineData("--backup", "latest")]
    [InlineData("--backup", "20261124-120509", "--target", "no spaces")]
    [InlineData("--backup", "20261124-120509", "--target")]
    [InlineData("--backup", "20261124-120509", "--force")]
    [InlineData("--backup", "20261124-120509", "--backup", "20261124-120510")]
    public void Wrong_arguments_are_refused_with_the_usage(params string[] args)
    {
        var parsed = RestoreArguments.Parse(args);

        Assert.False(parsed.IsSuccess);
        Assert.EndsWith(RestoreArguments.Usage, parsed.Error!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_backup_is_restored_without_starting_the_server_and_the_counts_are_printed()
    {
        await using var app = await BackupTestApp.StartAsync(standIns);
        await BackupTestData.SeedAsync(app.Stories, "story", 40);
        var before = await BackupTestData.FingerprintsAsync(app.Stories);
        var manifest = await app.Service<BackupRunner>().RunAsync(BackupRunner.AdminTrigger, CancellationToken.None);
        await app.WipeAsync(app.Stories);
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var exitCode = await RestoreCommand.RunAsync(["--backup", manifest!.Id], output, errors, app.Settings);

        Assert.Equal(0, exitCode);
        Assert.Equal("", errors.ToString());
        Assert.Contains($"Restored backup {manifest.Id} into database '{app.Database.Id}'", output.ToString(), StringComparison.Ordinal);
        Assert.Matches(@"stories\s+40 documents", output.ToString());
        Assert.Equal(before, await BackupTestData.FingerprintsAsync(app.Stories));

        using var refusedErrors = new StringWriter();
        Assert.Equal(1, await RestoreCommand.RunAsync(["--backup", manifest.Id], TextWriter.Null, refusedErrors, app.Settings));
        Assert.Contains("already hold documents", refusedErrors.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await RestoreCommand.RunAsync(["--backup", manifest.Id, "--overwrite"], TextWriter.Null, TextWriter.Null, app.Settings));
    }

    [Fact]
    public async Task An_unknown_backup_exits_with_1()
    {
        await using var app = await BackupTestApp.StartAsync(standIns);
        using var errors = new StringWriter();

        Assert.Equal(1, await RestoreCommand.RunAsync(["--backup", "20200101-000000"], TextWriter.Null, errors, app.Settings));
        Assert.Contains("No backup with that id exists", errors.ToString(), StringComparison.Ordinal);
    }
}
