using Bedtime.Local.WebApp;
using Microsoft.Extensions.Configuration;

namespace Bedtime.Tests.Local;

/// <summary>
/// Where the local Functions host serves the web app, the origin it adds to the API's CORS and the config.json it
/// writes. The browser tests (web/tests) use all of it through a real browser.
/// </summary>
public sealed class LocalWebAppTests
{
    private const string Root = "/repo";

    private static IConfiguration Settings(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Without_settings_the_built_app_is_served_on_port_5173_from_web_dist()
    {
        var web = LocalWebApp.FromSettings(Settings(), Root)!;

        Assert.Equal("http://127.0.0.1:5173", web.Origin);
        Assert.Equal(Path.Combine(Root, "web", "dist"), web.Directory);
    }

    [Fact]
    public void An_empty_url_turns_the_web_app_off()
    {
        Assert.Null(LocalWebApp.FromSettings(Settings((LocalWebApp.UrlSetting, "")), Root));
    }

    [Theory]
    [InlineData("https://127.0.0.1:5173")]
    [InlineData("http://127.0.0.1:5173/app/")]
    [InlineData("not a url")]
    public void A_url_that_is_not_a_plain_http_origin_is_refused_naming_the_setting(string url)
    {
        var error = Assert.Throws<ArgumentException>(() => LocalWebApp.FromSettings(Settings((LocalWebApp.UrlSetting, url)), Root));

        Assert.Contains(LocalWebApp.UrlSetting, error.Message);
    }

    [Fact]
    public void Its_origin_is_added_to_the_configured_CORS_origins_once()
    {
        var web = LocalWebApp.FromSettings(Settings((LocalWebApp.UrlSetting, "http://127.0.0.1:5180")), Root)!;
        var configured = Settings(("Cors:AllowedOrigins", "https://app.example, http://127.0.0.1:5180/"));

        var setting = web.AllowedOriginsSetting(configured);

        Assert.Equal("Cors:AllowedOrigins", setting.Key);
        Assert.Equal("https://app.example,http://127.0.0.1:5180", setting.Value);
    }

    [Fact]
    public void Config_names_the_API_with_its_route_prefix_and_development_sign_in_only_when_tokens_are_on()
    {
        var api = new Uri("http://127.0.0.1:7071/");

        Assert.Equal(new LocalWebApp.WebAppConfig("http://127.0.0.1:7071/api", new LocalWebApp.WebAppAuth("development")), LocalWebApp.Config(api, developmentTokens: true));
        Assert.Equal("none", LocalWebApp.Config(api, developmentTokens: false).Auth.Mode);
    }
}
