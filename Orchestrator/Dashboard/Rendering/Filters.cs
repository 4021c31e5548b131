namespace VaultDemo.Orchestrator.Dashboard.Rendering;

internal static class Filters
{
    public static void ResourceSelect(HtmlBuilder html, IReadOnlyList<string> resources, string? selected)
    {
        html.Raw("<label>Resource<select name=\"resource\"><option value=\"\">All</option>");
        foreach (var resource in resources)
        {
            html.Raw("<option").Attribute("value", resource).Raw(resource == selected ? " selected>" : ">").Text(resource).Raw("</option>");
        }

        html.Raw("</select></label>");
    }
}
