using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using Bedtime.Stories.Narration.Voices;

namespace Bedtime.Stories.Narration.AzureSpeech;

/// <summary>Builds SSML with an <see cref="XmlWriter"/>: story text is always written as escaped text content, never spliced.</summary>
internal static partial class Ssml
{
    public const string Namespace = "http://www.w3.org/2001/10/synthesis";

    private static readonly XmlWriterSettings Settings = new()
    {
        OmitXmlDeclaration = true,
        Indent = false,
        CheckCharacters = true,
        Encoding = new UTF8Encoding(false),
    };

    /// <param name="preset">Its rate and pitch become a prosody element around the paragraphs; null: none.</param>
    public static string Build(IEnumerable<string> paragraphs, string voice, string language, VoicePreset? preset = null)
    {
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(text, Settings))
        {
            writer.WriteStartElement("speak", Namespace);
            writer.WriteAttributeString("version", "1.0");
            writer.WriteAttributeString("xml", "lang", null, language);
            writer.WriteStartElement("voice", Namespace);
            writer.WriteAttributeString("name", voice);
            if (preset is not null)
            {
                writer.WriteStartElement("prosody", Namespace);
                writer.WriteAttributeString("rate", preset.SsmlRate);
                writer.WriteAttributeString("pitch", preset.SsmlPitch);
            }
            foreach (var paragraph in paragraphs)
                writer.WriteElementString("p", Namespace, paragraph);
            if (preset is not null) writer.WriteEndElement();
            writer.WriteEndElement();
            writer.WriteEndElement();
        }
        return text.ToString();
    }

    /// <summary>"en" → "en-US"-style tags pass; anything else falls back to en-US.</summary>
    public static string Language(string? requested)
    {
        var value = requested?.Trim();
        return value is not null && LanguageTag().IsMatch(value) ? value : "en-US";
    }

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex LanguageTag();
}
