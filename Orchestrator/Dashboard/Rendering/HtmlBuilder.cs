using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace VaultDemo.Orchestrator.Dashboard.Rendering;

/// <summary>
/// Builds server-rendered HTML. <see cref="Text(string?)"/> encodes and <see cref="Raw"/> does not, so every
/// value that came from telemetry or a process (log lines, attributes) goes through <see cref="Text(string?)"/>.
/// </summary>
internal sealed class HtmlBuilder
{
    // Encodes markup characters only, so non-ASCII text in logs stays readable in the page source.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly StringBuilder _html = new(4096);

    public HtmlBuilder Raw(string markup)
    {
        _html.Append(markup);
        return this;
    }

    public HtmlBuilder Text(string? text)
    {
        if (!string.IsNullOrEmpty(text))
        {
            _html.Append(Encoder.Encode(text));
        }

        return this;
    }

    public HtmlBuilder Text(double value, string format = "0.###") => Text(value.ToString(format, CultureInfo.InvariantCulture));

    /// <summary>An attribute value (href, value, data-*): encoded like text, quotes included.</summary>
    public HtmlBuilder Attribute(string name, string? value) =>
        Raw(" ").Raw(name).Raw("=\"").Text(value).Raw("\"");

    public HtmlBuilder Link(string href, string text, string? cssClass = null)
    {
        Raw("<a").Attribute("href", href);
        if (cssClass is not null)
        {
            Attribute("class", cssClass);
        }

        return Raw(">").Text(text).Raw("</a>");
    }

    public HtmlBuilder Time(DateTimeOffset timestamp) =>
        Raw("<time").Attribute("datetime", timestamp.ToString("O", CultureInfo.InvariantCulture)).Raw(">")
            .Text(timestamp.ToUniversalTime().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)).Raw("</time>");

    public override string ToString() => _html.ToString();
}
