using VaultDemo.Orchestrator.ApplicationModel;

namespace VaultDemo.Orchestrator.Orchestration;

/// <summary>The resources of the application, in the order they were added, and how they depend on each other.</summary>
public sealed class DistributedApplicationModel(IReadOnlyList<IResource> resources)
{
    public IReadOnlyList<IResource> Resources { get; } = resources;

    public IResource? Find(string name) => Resources.FirstOrDefault(r => r.Name == name);

    /// <summary>The resources <paramref name="resource"/> waits for, references, or lives inside.</summary>
    public IReadOnlyList<IResource> DependenciesOf(IResource resource)
    {
        var dependencies = new List<IResource>();
        foreach (var annotation in resource.Annotations)
        {
            switch (annotation)
            {
                case WaitAnnotation wait:
                    dependencies.Add(wait.Resource);
                    break;
                case EnvironmentAnnotation { Value: var value }:
                    dependencies.AddRange(ReferencedBy(value));
                    break;
                case ArgumentsAnnotation arguments:
                    dependencies.AddRange(arguments.Arguments.SelectMany(ReferencedBy));
                    break;
            }
        }

        if (resource is IResourceWithParent child)
        {
            dependencies.Add(child.Parent);
        }

        return dependencies.Where(d => d != resource).Distinct().ToList();
    }

    /// <summary>The resources that depend on <paramref name="resource"/>: they stop before it.</summary>
    public IReadOnlyList<IResource> DependantsOf(IResource resource) =>
        Resources.Where(r => DependenciesOf(r).Contains(resource)).ToList();

    private static IEnumerable<IResource> ReferencedBy(IValueProvider value) => value switch
    {
        ConnectionStringReference reference => [reference.Resource],
        EndpointReference reference => [reference.Resource],
        IResource resource => [resource],
        _ => [],
    };
}
