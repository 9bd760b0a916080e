using Microsoft.AspNetCore.Http;

namespace Bedtime.Http;

/// <summary>The security response headers, on every response including errors.</summary>
public static class SecurityHeaders
{
    public static void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers[RequestId.Header] = RequestId.Of(context);
        headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
        if (!headers.ContainsKey("Cache-Control"))
            headers.CacheControl = "no-store";
    }
}
