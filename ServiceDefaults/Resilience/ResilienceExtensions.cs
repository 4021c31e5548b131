using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace VaultDemo.ServiceDefaults.Resilience;

public static class ResilienceExtensions
{
    /// <summary>Adds the standard resilience handler (see <see cref="StandardResiliencePipeline"/>) to a client, or to all through <c>ConfigureHttpClientDefaults</c>.</summary>
    public static IHttpClientBuilder AddStandardResilienceHandler(this IHttpClientBuilder builder)
    {
        builder.Services.TryAddSingleton(new HttpResilienceOptions());
        builder.Services.TryAddSingleton<ResiliencePipelines>();
        builder.AddHttpMessageHandler(services => new StandardResilienceHandler(services.GetRequiredService<ResiliencePipelines>()));
        return builder;
    }
}
