using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Bedtime.Http;

/// <summary>A JSON body with the application's options, a status, and optionally a <c>Location</c> and an <c>ETag</c>.</summary>
public sealed class JsonResponse(object value, int status = StatusCodes.Status200OK, string? location = null, string? etag = null) : IResult, IStatusCodeHttpResult
{
    public int? StatusCode => status;
    public object Value => value;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = status;
        if (location is not null) httpContext.Response.Headers.Location = location;
        if (etag is not null) httpContext.Response.Headers.ETag = etag;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(httpContext.Response.Body, value, value.GetType(), JsonDefaults.Options, httpContext.RequestAborted);
    }
}
