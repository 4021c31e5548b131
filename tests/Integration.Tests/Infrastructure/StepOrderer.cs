using Xunit.Abstractions;
using Xunit.Sdk;

namespace VaultDemo.Integration.Tests.Infrastructure;

/// <summary>The position of a test in a class whose tests share state that an earlier test may change for good.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class StepAttribute(int number) : Attribute
{
    public int Number { get; } = number;
}

/// <summary>
/// Runs a class's tests by <see cref="StepAttribute"/>, for the few that share a topology they take apart (a stopped
/// Vault comes back empty, so that test has to come last). Everywhere else, tests stay independent of order.
/// </summary>
public sealed class StepOrderer : ITestCaseOrderer
{
    public const string TypeName = "VaultDemo.Integration.Tests.Infrastructure.StepOrderer";
    public const string AssemblyName = "Integration.Tests";

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases)
        where TTestCase : ITestCase =>
        testCases.OrderBy(testCase => Step(testCase));

    private static int Step(ITestCase testCase) =>
        testCase.TestMethod.Method.GetCustomAttributes(typeof(StepAttribute).AssemblyQualifiedName).FirstOrDefault()?.GetConstructorArguments().FirstOrDefault() is int step
            ? step
            : throw new InvalidOperationException($"{testCase.DisplayName} has no [Step]: every test of an ordered class needs one.");
}
