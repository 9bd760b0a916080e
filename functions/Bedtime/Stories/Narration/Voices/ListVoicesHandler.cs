using Bedtime.Http;
using Microsoft.AspNetCore.Http;

namespace Bedtime.Stories.Narration.Voices;

/// <summary><c>GET /api/voices</c>: the narrator voices a story request may name.</summary>
public sealed class ListVoicesHandler : IApiHandler
{
    private static readonly VoiceList List = new([.. VoiceCatalogue.Presets.Select(p => new VoiceResource(p.Id, p.Language, p.Name, p.Description))]);

    public Task<IResult> HandleAsync(HttpContext context, CancellationToken cancellationToken) => Task.FromResult<IResult>(new JsonResponse(List));
}

public sealed record VoiceResource(string Id, string Language, string Name, string Description);

public sealed record VoiceList(IReadOnlyList<VoiceResource> Items);
