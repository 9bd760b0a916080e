using System.Net;
using Bedtime.Security;
using Bedtime.Security.RateLimiting;
using Microsoft.AspNetCore.Http;

namespace Bedtime.Tests.Security;

public sealed class RateLimitSubjectTests
{
    [Fact]
    public void An_authenticated_caller_is_counted_by_owner_whatever_the_address()
    {
        var context = Request("203.0.113.7");

        var subject = RateLimitSubject.Of(context, new Caller("parent-mia", new HashSet<string>(), "Bearer"), trustForwardedFor: false);

        Assert.Equal("u:parent-mia", subject);
    }

    [Theory]
    [InlineData("203.0.113.7", "ip:203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "ip:203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "ip:2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "ip:2001:db8:1:2::/64")]
    public void An_anonymous_caller_is_counted_by_address_and_IPv6_by_its_64_prefix(string remote, string expected)
    {
        Assert.Equal(expected, RateLimitSubject.Of(Request(remote), caller: null, trustForwardedFor: false));
    }

    [Fact]
    public void X_Forwarded_For_is_ignored_unless_trusted()
    {
        var context = Request("10.0.0.1", "198.51.100.1");

        Assert.Equal("ip:10.0.0.1", RateLimitSubject.Of(context, caller: null, trustForwardedFor: false));
    }

    [Theory]
    [InlineData("198.51.100.1", "ip:198.51.100.1")]
    [InlineData("1.1.1.1, 198.51.100.1", "ip:198.51.100.1")] // the client wrote the first entry; the proxy the last
    [InlineData("1.1.1.1, 198.51.100.1:5123", "ip:198.51.100.1")]
    [InlineData("[2001:db8::5]:443", "ip:2001:db8::/64")]
    [InlineData("not an address", "ip:10.0.0.1")]
    [InlineData("", "ip:10.0.0.1")]
    public void When_trusted_the_last_X_Forwarded_For_entry_is_the_client(string forwarded, string expected)
    {
        Assert.Equal(expected, RateLimitSubject.Of(Request("10.0.0.1", forwarded), caller: null, trustForwardedFor: true));
    }

    [Fact]
    public void A_request_without_a_remote_address_shares_one_bucket()
    {
        Assert.Equal("ip:unknown", RateLimitSubject.Of(new DefaultHttpContext(), caller: null, trustForwardedFor: false));
    }

    private static DefaultHttpContext Request(string remote, string? forwardedFor = null)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        if (forwardedFor is not null) context.Request.Headers["X-Forwarded-For"] = forwardedFor;
        return context;
    }
}
