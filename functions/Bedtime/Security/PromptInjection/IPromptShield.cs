using Bedtime.Platform;
using Bedtime.Platform.ContentSafety;

namespace Bedtime.Security.PromptInjection;

/// <summary>A service that tells whether texts taken from uploads hide an attack on the model that will read them.</summary>
public interface IPromptShield
{
    /// <summary>For each document, whether an attack was found in it.</summary>
    Task<ProviderResult<IReadOnlyList<bool>>> FindAttacksAsync(IReadOnlyList<string> documents, CancellationToken cancellationToken);
}

/// <summary>No shield configured: only stripping and delimiting defend the model (see <see cref="InstructionStripper"/>).</summary>
public sealed class NoPromptShield : IPromptShield
{
    public Task<ProviderResult<IReadOnlyList<bool>>> FindAttacksAsync(IReadOnlyList<string> documents, CancellationToken cancellationToken) =>
        Task.FromResult<ProviderResult<IReadOnlyList<bool>>>(documents.Select(_ => false).ToList());
}

/// <summary>Prompt Shields' document check (Azure AI Content Safety).</summary>
public sealed class ContentSafetyPromptShield(ContentSafetyClient client) : IPromptShield
{
    public Task<ProviderResult<IReadOnlyList<bool>>> FindAttacksAsync(IReadOnlyList<string> documents, CancellationToken cancellationToken) =>
        client.ShieldDocumentsAsync(documents, cancellationToken);
}
