namespace VaultDemo.Hosting.Containers;

public static class ContainerfileExtensions
{
    // In the builder's configuration, not beside the builder object: the testing builder wraps the application
    // builder, and both share one configuration.
    private const string PreparedKey = "VaultDemo:Containers:Prepared";
    private const string BaseImageKey = "VaultDemo:Containers:BaseImage";

    /// <summary>
    /// Prepares this machine to run the topology's containers (see <see cref="ContainerRuntimeSetup"/>) before
    /// anything starts: Docker if its engine answers, else Podman, installed and configured on first use.
    /// </summary>
    public static IDistributedApplicationBuilder PrepareContainerRuntime(this IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.ExecutionContext.IsRunMode || builder.Configuration[PreparedKey] is not null)
        {
            return builder;
        }

        var outcome = new ContainerRuntimeSetup(builder.Configuration, Console.Out).EnsureAsync(CancellationToken.None).GetAwaiter().GetResult();
        builder.Configuration["ASPIRE_CONTAINER_RUNTIME"] = outcome.Runtime;
        builder.Configuration[BaseImageKey] = outcome.BaseImage;
        builder.Configuration[PreparedKey] = "true";
        return builder;
    }

    /// <summary>
    /// Runs the container from the image that <paramref name="directory"/>'s Containerfile builds (relative to
    /// the AppHost), on the base image the machine has: Debian made locally where no registry is reachable,
    /// the registry's Debian elsewhere.
    /// </summary>
    public static IResourceBuilder<T> WithContainerfile<T>(this IResourceBuilder<T> container, string directory)
        where T : ContainerResource
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        container.WithDockerfile(directory, "Containerfile");
        if (container.ApplicationBuilder.Configuration[BaseImageKey] is { Length: > 0 } baseImage)
        {
            container.WithBuildArg("BASE_IMAGE", baseImage);
        }

        return container;
    }
}
