using System.Globalization;
using VaultDemo.Orchestrator.Dashboard.Rendering;
using VaultDemo.Orchestrator.Telemetry.Metrics;

namespace VaultDemo.Orchestrator.Dashboard.Metrics;

/// <summary>Inline SVG charts: a line per series for gauges and sums, buckets as bars for histograms.</summary>
internal static class SvgChart
{
    private const double Width = 560, Height = 200, Left = 52, Bottom = 22, Top = 8, Right = 8;
    private static readonly string[] Palette = ["#5b3fd1", "#1f8a4c", "#d9822b", "#c0392b", "#2b8ad9", "#8e44ad", "#16a085", "#7f8c8d"];

    public static void Lines(HtmlBuilder html, IReadOnlyList<MetricPoint> points, Func<MetricPoint, double> value)
    {
        var series = points.GroupBy(p => p.Series).Take(Palette.Length).ToList();
        if (series.Count == 0)
        {
            return;
        }

        var minTime = points.Min(p => p.Timestamp).UtcTicks;
        var maxTime = Math.Max(points.Max(p => p.Timestamp).UtcTicks, minTime + 1);
        var maxValue = points.Max(value);
        var minValue = Math.Min(0, points.Min(value));
        if (maxValue <= minValue)
        {
            maxValue = minValue + 1;
        }

        Frame(html, Format(maxValue), Format(minValue));
        TimeLabels(html, points.Min(p => p.Timestamp), points.Max(p => p.Timestamp));
        double X(MetricPoint p) => Left + (p.Timestamp.UtcTicks - minTime) * (Width - Left - Right) / (maxTime - minTime);
        for (var i = 0; i < series.Count; i++)
        {
            var ordered = series[i].OrderBy(p => p.Timestamp).ToList();
            html.Raw("<polyline fill=\"none\" stroke-width=\"1.6\"").Attribute("stroke", Palette[i])
                .Attribute("points", string.Join(" ", ordered.Select(p => $"{Format(X(p))},{Format(Y(value(p), minValue, maxValue))}"))).Raw("/>");
            // The latest value as a dot: also what makes a series of a single point visible.
            html.Raw("<circle r=\"2.5\"").Attribute("fill", Palette[i]).Attribute("cx", Format(X(ordered[^1])))
                .Attribute("cy", Format(Y(value(ordered[^1]), minValue, maxValue))).Raw("/>");
        }

        html.Raw("</svg><div class=\"legend\">");
        for (var i = 0; i < series.Count; i++)
        {
            var last = series[i].MaxBy(p => p.Timestamp)!;
            html.Raw("<span><span class=\"swatch\"").Attribute("style", "background:" + Palette[i]).Raw("></span>")
                .Text(series[i].Key.Length == 0 ? "(no attributes)" : series[i].Key).Raw(": ").Text(value(last)).Raw("</span>");
        }

        html.Raw("</div>");
    }

    /// <summary>The distribution of the latest point of each series, summed: the histogram's buckets as bars.</summary>
    public static void Histogram(HtmlBuilder html, IReadOnlyList<MetricPoint> points)
    {
        var latest = points.GroupBy(p => p.Series).Select(g => g.MaxBy(p => p.Timestamp)!)
            .Where(p => p.ExplicitBounds is not null && p.BucketCounts is { Count: > 0 }).ToList();
        if (latest.Count == 0)
        {
            return;
        }

        var bounds = latest[0].ExplicitBounds!;
        var counts = new double[bounds.Count + 1];
        foreach (var point in latest.Where(p => p.BucketCounts!.Count == counts.Length && p.ExplicitBounds!.SequenceEqual(bounds)))
        {
            for (var i = 0; i < counts.Length; i++)
            {
                counts[i] += point.BucketCounts![i];
            }
        }

        // Empty buckets at either end carry no information and squeeze the ones that do.
        var first = Array.FindIndex(counts, c => c > 0);
        var last = Array.FindLastIndex(counts, c => c > 0);
        if (first < 0)
        {
            first = 0;
            last = counts.Length - 1;
        }

        var maxCount = Math.Max(counts.Max(), 1);
        Frame(html, Format(maxCount), "0");
        var slot = (Width - Left - Right) / (last - first + 1);
        for (var i = first; i <= last; i++)
        {
            var x = Left + (i - first) * slot;
            var y = Y(counts[i], 0, maxCount);
            html.Raw("<rect class=\"bar\"").Attribute("x", Format(x + 1)).Attribute("y", Format(y)).Attribute("width", Format(Math.Max(slot - 2, 1)))
                .Attribute("height", Format(Height - Bottom - y)).Raw("><title>").Text(BucketLabel(bounds, i)).Raw(": ").Text(counts[i]).Raw("</title></rect>")
                .Raw("<text").Attribute("x", Format(x + slot / 2)).Attribute("y", Format(Height - 6)).Raw(" text-anchor=\"middle\">").Text(BucketLabel(bounds, i)).Raw("</text>");
        }

        html.Raw("</svg>");
    }

    private static void Frame(HtmlBuilder html, string maxLabel, string minLabel) =>
        html.Raw("<svg role=\"img\" viewBox=\"0 0 ").Raw(Format(Width)).Raw(" ").Raw(Format(Height)).Raw("\">")
            .Raw("<line class=\"axis\"").Attribute("x1", Format(Left)).Attribute("y1", Format(Top)).Attribute("x2", Format(Left)).Attribute("y2", Format(Height - Bottom)).Raw("/>")
            .Raw("<line class=\"axis\"").Attribute("x1", Format(Left)).Attribute("y1", Format(Height - Bottom)).Attribute("x2", Format(Width - Right)).Attribute("y2", Format(Height - Bottom)).Raw("/>")
            .Raw("<text").Attribute("x", Format(Left - 4)).Attribute("y", Format(Top + 8)).Raw(" text-anchor=\"end\">").Text(maxLabel).Raw("</text>")
            .Raw("<text").Attribute("x", Format(Left - 4)).Attribute("y", Format(Height - Bottom)).Raw(" text-anchor=\"end\">").Text(minLabel).Raw("</text>");

    private static void TimeLabels(HtmlBuilder html, DateTimeOffset first, DateTimeOffset last)
    {
        html.Raw("<text").Attribute("x", Format(Left)).Attribute("y", Format(Height - 6)).Raw(">").Text(first.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)).Raw("</text>");
        if (last > first)
        {
            html.Raw("<text").Attribute("x", Format(Width - Right)).Attribute("y", Format(Height - 6)).Raw(" text-anchor=\"end\">")
                .Text(last.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)).Raw("</text>");
        }
    }

    private static double Y(double value, double min, double max) => Height - Bottom - (value - min) * (Height - Bottom - Top) / (max - min);

    private static string BucketLabel(IReadOnlyList<double> bounds, int bucket) =>
        bucket < bounds.Count ? "≤" + Format(bounds[bucket]) : ">" + Format(bounds[^1]);

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
